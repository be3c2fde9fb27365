package org.rtcsip.bench.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows of a sidecar run another way (its other Opus backend), the 80 % latency rows and the notes. */
class ComparisonTableVariantTest {

    @Test
    void printsTheVariantsTranscodingRowsAgainstTheSameReferenceRightAfterTheTranscodingRows() {
        ResultSheet rtpengine = transcoding(20, 38.0, "CELT FB 100%, stereo 100%");
        ResultSheet libopus = transcoding(80, 120.0, "SILK NB 100%, mono");
        ResultSheet concentus = transcoding(40, 60.0, "SILK NB 100%, mono");

        ComparisonTable table = new ComparisonTable("rtpengine", rtpengine, libopus);
        table.addVariant("Concentus", concentus);
        table.addNote("Opus encoder: complexity 10, 32 kbit/s on both");
        String text = table.render();

        List<String> lines = text.lines().toList();
        int main = indexOf(lines, "transcode-opus-pcmu:   calls per core");
        int variant = indexOf(lines, "transcode-opus-pcmu:   Concentus: calls per core");
        assertTrue(main >= 0 && variant > main, text);
        assertTrue(lines.get(main).matches(".*\\s38\\.0\\s+120\\s+3\\.16x\\s*"), lines.get(main));
        assertTrue(lines.get(variant).matches(".*\\s38\\.0\\s+60\\.0\\s+1\\.58x\\s*"), lines.get(variant));
        assertTrue(lines.get(indexOf(lines, "transcode-opus-pcmu:   Concentus: knee, calls"))
                .matches(".*\\s20\\s+40\\s+2\\.00x\\s*"), text);
        assertTrue(text.contains("- rtpengine's Opus encoder sent 32.0 kbit/s on average: CELT FB 100%, stereo 100%."),
                text);
        assertTrue(text.contains("- sidecar (Concentus)'s Opus encoder sent 32.0 kbit/s on average: SILK NB 100%"),
                text);
        assertTrue(text.contains("- Opus encoder: complexity 10, 32 kbit/s on both"), text);
    }

    @Test
    void printsLatencyAt80PercentOfTheSidecarsKneeWhenBothHeldIt() {
        ResultSheet rtpengine = new ResultSheet();
        ResultSheet sidecar = new ResultSheet();
        for (ResultSheet s : List.of(rtpengine, sidecar)) {
            s.put("latency80.passthrough-pcmu.calls", 640);
            s.put("latency80.passthrough-pcmu.p99-ms", s == sidecar ? 1.5 : 3.0);
        }

        String text = new ComparisonTable("rtpengine", rtpengine, sidecar).render();

        int row = indexOf(text.lines().toList(),
                "passthrough-pcmu at 80% of sidecar capacity (640 calls): added latency p99, ms");
        assertTrue(row >= 0 && text.lines().toList().get(row).matches(".*\\s3\\.00\\s+1\\.50\\s+0\\.50x\\s*"), text);
    }

    private static ResultSheet transcoding(int knee, double perCore, String modes) {
        ResultSheet s = new ResultSheet();
        String k = "transcode-opus-pcmu";
        s.put(k + ".status", "measured");
        s.put(k + ".knee.bound", "exact");
        s.put(k + ".knee.calls", knee);
        s.put(k + ".knee.calls-per-core", perCore);
        s.put(k + ".knee.cpu-s-per-call-minute", 60 / perCore);
        s.put(k + ".knee.p99-ms", 1.2);
        s.put(k + ".server-opus-kbps", 32.0);
        s.put(k + ".server-opus-modes", modes);
        return s;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
