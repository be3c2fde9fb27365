package org.rtcsip.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DTLS handshake rows of the comparison table. */
class ComparisonTableDtlsTest {

    @Test
    void putsHandshakesPerCoreOfBothServersAndTheirRatioOnTheRow() {
        ResultSheet rtpengine = measured(500, 400, 0.8, 11.1, 38.2, 0, 2300);
        ResultSheet sidecar = measured(250, 180, 0.72, 23.3, 96.5, 2, 1100);
        sidecar.put("dtls-handshakes.failures", "timeout 2 (first: no SRTP keys 4001 ms after the offer)");

        String table = new ComparisonTable("rtpengine", rtpengine, sidecar).render();

        assertRow(table, "DTLS handshakes per second per core (8 calls in flight)",
                ".*\\s500\\s+250\\s+0\\.50x\\s*");
        assertRow(table, "dtls-handshakes:   handshakes per second",
                ".*\\s400\\s+180\\s+0\\.45x\\s*");
        assertRow(table, "dtls-handshakes:   server CPU, cores",
                ".*\\s0\\.800\\s+0\\.720\\s+0\\.90x\\s*");
        assertRow(table, "dtls-handshakes:   handshake time p50, ms (answer -> SRTP keys)",
                ".*\\s11\\.1\\s+23\\.3\\s+2\\.10x\\s*");
        assertRow(table, "dtls-handshakes:   handshake time p99, ms",
                ".*\\s38\\.2\\s+96\\.5\\s+2\\.53x\\s*");
        assertRow(table, "dtls-handshakes:   failed / attempted calls",
                ".*\\s0/2300\\s+2/1100\\s+-\\s*");
        assertTrue(table.contains("- sidecar dtls-handshakes: 2 of 1100 calls failed: timeout 2 (first: no SRTP keys"),
                table);
        assertFalse(table.contains("not measured"), table);
    }

    @Test
    void showsWhatBecameOfAServerThatCouldNotRunTheScenarioAndNoRatio() {
        ResultSheet rtpengine = measured(500, 400, 0.8, 11.1, 38.2, 0, 2300);
        ResultSheet sidecar = new ResultSheet();
        sidecar.put("dtls-handshakes.status", "failed: DTLS alert_received 20 (first: fatal alert handshake_failure)");
        sidecar.put("dtls-handshakes.attempted", 20);
        sidecar.put("dtls-handshakes.failed", 20);
        sidecar.put("dtls-handshakes.failures", "DTLS alert_received 20 (first: fatal alert handshake_failure)");

        String table = new ComparisonTable("rtpengine", rtpengine, sidecar).render();

        assertRow(table, "DTLS handshakes per second per core",
                ".*\\s500\\s+failed\\s+-\\s*");
        assertTrue(table.contains("- sidecar dtls-handshakes: failed: DTLS alert_received 20"), table);
        assertRow(table, "dtls-handshakes:   failed / attempted calls",
                ".*\\s0/2300\\s+20/20\\s+-\\s*");
    }

    @Test
    void saysSoWhenNeitherServerRanTheScenario() {
        String table = new ComparisonTable("rtpengine", new ResultSheet(), new ResultSheet()).render();

        assertRow(table, "DTLS handshakes per second per core",
                ".*\\s-\\s+-\\s+-\\s*");
        assertTrue(table.contains("- DTLS handshakes: not measured in this run (scenario dtls-handshakes not run)."),
                table);
    }

    private static ResultSheet measured(double perCore, double perSecond, double cores, double p50, double p99,
            long failed, long attempted) {
        ResultSheet s = new ResultSheet();
        s.put("dtls-handshakes.status", "measured");
        s.put("dtls-handshakes.calls-in-flight", 8);
        s.put("dtls-handshakes.per-core", perCore);
        s.put("dtls-handshakes.per-second", perSecond);
        s.put("dtls-handshakes.server-cores", cores);
        s.put("dtls-handshakes.p50-ms", p50);
        s.put("dtls-handshakes.p99-ms", p99);
        s.put("dtls-handshakes.failed", failed);
        s.put("dtls-handshakes.attempted", attempted);
        return s;
    }

    private static void assertRow(String table, String start, String cellsPattern) {
        assertTrue(lineWith(table, start).matches(cellsPattern), table);
    }

    private static String lineWith(String text, String start) {
        for (String line : text.split("\\R")) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        return "";
    }
}
