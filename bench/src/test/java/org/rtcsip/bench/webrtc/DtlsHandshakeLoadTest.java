package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rtcsip.bench.run.ResultSheet;
import org.rtcsip.bench.run.RunMode;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.testbed.ng.ScriptedNgServer;

/**
 * The scenario's bookkeeping: a window of completed handshakes with the server's CPU, and calls that fail or a
 * server that cannot run it reported as such, never dropped.
 */
class DtlsHandshakeLoadTest {
    private static final String DTLS_ANSWER_HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n";
    private final ByteArrayOutputStream narrative = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(narrative, true, StandardCharsets.UTF_8);

    @Test
    void countsTheHandshakesCompletedInTheWindowWithTheServersCpu() throws Exception {
        ResultSheet sheet = new ResultSheet();
        try (InProcessSidecar server = new InProcessSidecar()) {
            // the sidecar runs in this JVM, so "server CPU" here is the test's own: enough to check the bookkeeping
            new DtlsHandshakeLoad(server.ng, new ServerProcess(ProcessHandle.current().pid(), null),
                    settings(2, 1500, 1000, 1000), out).run(sheet);
        }

        assertEquals("measured", sheet.text("dtls-handshakes.status"), narrative.toString(StandardCharsets.UTF_8));
        double window = sheet.number("dtls-handshakes.window-handshakes");
        assertTrue(window > 0, "handshakes in the window");
        assertEquals(window / sheet.number("dtls-handshakes.window-s"), sheet.number("dtls-handshakes.per-second"),
                0.01 * sheet.number("dtls-handshakes.per-second"));
        assertEquals(sheet.number("dtls-handshakes.per-second") / sheet.number("dtls-handshakes.server-cores"),
                sheet.number("dtls-handshakes.per-core"), 0.01 * sheet.number("dtls-handshakes.per-core"));
        assertEquals(0, sheet.number("dtls-handshakes.failed"), narrative.toString(StandardCharsets.UTF_8));
        assertNull(sheet.text("dtls-handshakes.failures"));
        assertTrue(sheet.number("dtls-handshakes.completed") >= window);
        assertTrue(sheet.number("dtls-handshakes.attempted") >= sheet.number("dtls-handshakes.completed"));
        assertTrue(sheet.number("dtls-handshakes.p99-ms") >= sheet.number("dtls-handshakes.p50-ms"));
        assertEquals("active", sheet.text("dtls-handshakes.server-setup"));
        assertEquals(2, sheet.number("dtls-handshakes.calls-in-flight"));
    }

    @Test
    void stopsAtTheWindowsHandshakeLimit() throws Exception {
        ResultSheet sheet = new ResultSheet();
        try (InProcessSidecar server = new InProcessSidecar()) {
            new DtlsHandshakeLoad(server.ng, new ServerProcess(ProcessHandle.current().pid(), null),
                    settings(1, 1500, 30_000, 3), out).run(sheet);
        }

        assertEquals(3, sheet.number("dtls-handshakes.window-handshakes"), narrative.toString(StandardCharsets.UTF_8));
        assertTrue(sheet.number("dtls-handshakes.window-s") < 10, "ended by count, not by the 30 s window");
    }

    @Test
    void reportsEveryCallThatFailsWithItsReason() throws Exception {
        String silent = DTLS_ANSWER_HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n"
                + "a=setup:active\r\n";
        ResultSheet sheet = new ResultSheet();
        try (ScriptedNgServer server = AnsweringNgServer.start(silent)) {
            DtlsHandshakeLoad.Settings s = new DtlsHandshakeLoad.Settings(2, Duration.ofMillis(100),
                    Duration.ofMillis(500), 1000, Duration.ofMillis(150));
            new DtlsHandshakeLoad(server.address(), new ServerProcess(ProcessHandle.current().pid(), null), s, out)
                    .run(sheet);
        }

        double failed = sheet.number("dtls-handshakes.failed");
        assertTrue(failed >= 2, "each of the 2 calls in flight failed at least once: " + failed);
        assertEquals(sheet.number("dtls-handshakes.attempted"), failed, "every attempted call is accounted for");
        assertTrue(sheet.text("dtls-handshakes.status").startsWith("failed: timeout " + (long) failed
                + " (first: no SRTP keys"), sheet.text("dtls-handshakes.status"));
        assertTrue(sheet.text("dtls-handshakes.failures").startsWith("timeout " + (long) failed));
    }

    @Test
    void aServerThatAnswersWithoutDtlsIsSkippedWithTheReason() throws Exception {
        ResultSheet sheet = new ResultSheet();
        try (ScriptedNgServer server = AnsweringNgServer.start(DTLS_ANSWER_HEAD + "m=audio 4000 RTP/AVP 0\r\n")) {
            new DtlsHandshakeLoad(server.address(), new ServerProcess(ProcessHandle.current().pid(), null),
                    settings(2, 100, 500, 1000), out).run(sheet);
        }

        assertEquals("skipped: the server answered the browser with RTP/AVP, not UDP/TLS/RTP/SAVPF",
                sheet.text("dtls-handshakes.status"));
        assertEquals(sheet.number("dtls-handshakes.attempted"), sheet.number("dtls-handshakes.failed"),
                "the calls that showed it are counted");
    }

    @Test
    void quickModeFitsTheTenSecondsAServerGetsForThisScenario() {
        DtlsHandshakeLoad.Settings quick = DtlsHandshakeLoad.Settings.of(RunMode.QUICK, 8);
        assertTrue(quick.warmup().plus(quick.window()).compareTo(Duration.ofSeconds(9)) <= 0, quick.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsHandshakeLoad.Settings.of(RunMode.FULL, 0));
        assertEquals("need at least one call in flight, got 0", e.getMessage());
    }

    private static DtlsHandshakeLoad.Settings settings(int inFlight, long warmupMillis, long windowMillis,
            int maxHandshakes) {
        return new DtlsHandshakeLoad.Settings(inFlight, Duration.ofMillis(warmupMillis),
                Duration.ofMillis(windowMillis), maxHandshakes, Duration.ofSeconds(4));
    }
}
