package org.rtcsip.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTableTest {

    @Test
    void writesTheRatioAsSidecarOverReferenceWithAnX() {
        assertEquals("2.10x", ComparisonTable.ratio(2.1, 1.0));
        assertEquals("0.50x", ComparisonTable.ratio(40, 80));
        assertEquals("-", ComparisonTable.ratio(1, 0), "no ratio to a zero reference");
        assertEquals("-", ComparisonTable.ratio(Double.NaN, 1));
        assertEquals("-", ComparisonTable.ratio(1, Double.NaN));
    }

    @Test
    void putsBothServersAndTheirRatioOnEachRow(@TempDir Path dir) throws Exception {
        ResultSheet rtpengine = new ResultSheet();
        rtpengine.put("passthrough-pcmu.status", "measured");
        rtpengine.put("passthrough-pcmu.knee.bound", "exact");
        rtpengine.put("passthrough-pcmu.knee.calls", 400);
        rtpengine.put("passthrough-pcmu.knee.calls-per-core", 480.0);
        rtpengine.put("transcode-opus-pcmu.status", "measured");
        rtpengine.put("transcode-opus-pcmu.knee.bound", "below");
        rtpengine.put("transcode-opus-pcmu.knee.calls", 0);
        rtpengine.put("transcode-opus-pcmu.first-failure.calls", 10);
        rtpengine.put("sdes-to-rtp.status", "measured");
        rtpengine.put("sdes-to-rtp.knee.bound", "exact");
        rtpengine.put("sdes-to-rtp.knee.calls", 100);
        ResultSheet sidecar = new ResultSheet();
        sidecar.put("sdes-to-rtp.status", "measured");
        sidecar.put("sdes-to-rtp.knee.bound", "below");
        sidecar.put("sdes-to-rtp.knee.calls", 0);
        sidecar.put("sdes-to-rtp.first-failure.calls", 50);
        sidecar.put("passthrough-pcmu.status", "measured");
        sidecar.put("passthrough-pcmu.knee.bound", "at-least");
        sidecar.put("passthrough-pcmu.knee.calls", 800);
        sidecar.put("passthrough-pcmu.knee.calls-per-core", 1008.0);
        sidecar.put("transcode-opus-pcmu.status", "skipped: the server offered the callee opus/48000/2 without PCMU");
        // a sheet survives the trip through a file, as run.sh hands it over
        sidecar.save(dir.resolve("s.properties"));
        assertTrue(Files.size(dir.resolve("s.properties")) > 0);
        String table = new ComparisonTable("rtpengine", rtpengine, ResultSheet.load(dir.resolve("s.properties")))
                .render();

        assertTrue(table.contains("sidecar/rtpengine"), table);
        assertTrue(lineWith(table, "passthrough-pcmu: knee").matches(".*\\b400\\s+>=800\\s+>=2\\.00x\\s*"), table);
        assertTrue(lineWith(table, "passthrough-pcmu:   calls per core").matches(".*\\b480\\s+1008\\s+2\\.10x\\s*"),
                table);
        assertTrue(lineWith(table, "sdes-to-rtp: knee").matches(".*\\b100\\s+<50\\s+<0\\.50x\\s*"), table);
        assertTrue(lineWith(table, "transcode-opus-pcmu: knee").matches(".*<10\\s+skipped\\s+-\\s*"), table);
        assertTrue(table.contains("- sidecar transcode-opus-pcmu: skipped: the server offered the callee"), table);
    }

    @Test
    void theSidecarsOwnNgTimesSitUnderTheRoundTripsAndOnlyWhenItExportedThem(@TempDir Path dir) throws Exception {
        ResultSheet rtpengine = new ResultSheet();
        rtpengine.put("ngrtt.p99-ms", 0.43);
        ResultSheet sidecar = new ResultSheet();
        sidecar.put("ngrtt.p99-ms", 4.0);
        sidecar.put("ngrtt.inside.offer.total-p99-ms", 1.5);
        sidecar.put("ngrtt.inside.offer.queued-p99-ms", 0.75);
        sidecar.put("ngrtt.inside.answer.total-p99-ms", "inf"); // over the last bound
        sidecar.put("ngrtt.inside.answer.queued-p99-ms", 0.5);
        sidecar.save(dir.resolve("s.properties"));
        String table = new ComparisonTable("rtpengine", rtpengine, ResultSheet.load(dir.resolve("s.properties")))
                .render();

        assertTrue(lineWith(table, "  offer p99 inside the server").matches(".*\\s-\\s+1\\.50\\s+-\\s*"), table);
        assertTrue(lineWith(table, "  offer p99 of that waiting for its media loop").matches(".*\\s0\\.750\\s+-\\s*"),
                table);
        assertTrue(lineWith(table, "  answer p99 inside the server").matches(".*\\sinf\\s+-\\s*"), table);

        String without = new ComparisonTable("rtpengine", rtpengine, new ResultSheet()).render();
        assertEquals("", lineWith(without, "  offer p99 inside the server"), without);
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
