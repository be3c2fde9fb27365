package org.rtcsip.bench.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComparisonTableEqualLoadTest {

    @Test
    void printsTheEqualLoadCpuWithItsSpreadAndTheAdvantageAsReferenceOverSidecar() {
        ResultSheet rtpengine = new ResultSheet();
        ResultSheet sidecar = new ResultSheet();
        String[] levels = {"equal25", "equal50", "equal75"};
        double[] ref = {1.0, 0.9, 0.96};
        double[] side = {0.4, 0.36, 0.32};
        for (int i = 0; i < 3; i++) {
            String k = levels[i] + ".transcode-opus-pcmu";
            rtpengine.put(k + ".calls", 20 * (i + 1));
            sidecar.put(k + ".calls", 20 * (i + 1));
            rtpengine.put(k + ".cpu-s-per-call-minute", ref[i]);
            sidecar.put(k + ".cpu-s-per-call-minute", side[i]);
            sidecar.put(k + ".cpu-s-per-call-minute.min", side[i] - 0.01);
            sidecar.put(k + ".cpu-s-per-call-minute.max", side[i] + 0.02);
            sidecar.put(k + ".us-per-frame-pair", 156.0);
        }
        sidecar.put("codec.bare-us-per-frame-pair", 130.0);
        sidecar.put("codec.bare-us-per-frame-pair.min", 128.0);
        sidecar.put("codec.bare-us-per-frame-pair.max", 133.0);
        sidecar.put("codec.bare-backend", "libopus 1.3.1");
        sidecar.put("codec.bare-settings", "decode to 8 kHz; encode 8 kHz mono, 32 kbit/s, complexity 10");

        String table = new ComparisonTable("rtpengine", rtpengine, sidecar).render();

        assertTrue(lineWith(table, "transcode-opus-pcmu:   equal load 50% of the smaller knee (40 calls): CPU-s")
                .matches(".*\\s0\\.900\\s+0\\.360 \\[0\\.350-0\\.380\\]\\s+0\\.40x\\s*"), table);
        // 1.0/0.4 = 2.5, 0.9/0.36 = 2.5, 0.96/0.32 = 3.0: the median is 2.5
        assertTrue(lineWith(table, "transcode-opus-pcmu:   EQUAL-LOAD ADVANTAGE").matches(".*\\s2\\.50x\\s*"), table);
        assertTrue(lineWith(table, "transcode-opus-pcmu:   bare libopus 1.3.1 decode+encode per frame pair")
                .contains("130 [128-133]"), table);
        assertTrue(lineWith(table, "transcode-opus-pcmu:   per-call cost / bare codec at 75%")
                .matches(".*156 / 130\\s+1\\.20x\\s*"), table);
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
