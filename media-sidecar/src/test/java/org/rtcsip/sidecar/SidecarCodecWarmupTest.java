package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.testing.TestSidecar;

/** codec-warmup: the codec path is exercised in the background at start while ng already answers. */
class SidecarCodecWarmupTest {
    @Test
    void healthSaysWarmingUpUntilTheWarmupIsOverThenWarm() throws Exception {
        try (TestSidecar sc = new TestSidecar("--codec-warmup=2")) {
            String during = sc.http("/health");
            assertTrue(during.contains("\"codecs\":\"warming up\""), during);
            String after = during;
            for (int i = 0; i < 300 && !after.contains("\"codecs\":\"warm\""); i++) {
                Thread.sleep(100); // bounded: three parts of 2 s each, 30 s at most
                after = sc.http("/health");
            }
            assertTrue(after.contains("\"status\":\"ok\"") && after.contains("\"codecs\":\"warm\""), after);
        }
    }

    @Test
    void withoutWarmupTheCodecsAreReportedWarmAtOnce() throws Exception {
        try (TestSidecar sc = new TestSidecar()) {
            String health = sc.http("/health");
            assertTrue(health.contains("\"codecs\":\"warm\""), health);
        }
    }
}
