package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/** The test bed's media-sidecar launcher (it needs this module's class path): a JVM of its own inside a namespace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SidecarProcessTest {

    @Test
    void sidecarJvmInsideTheNamespaceAnswersNgPingAndServesMetrics() throws Exception {
        try (LoopbackNamespace namespace = LoopbackNamespace.create();
                SidecarProcess sidecar = SidecarProcess.start(namespace, "netns")) {
            // start() returned: it answered /health and ng ping with pong from inside the namespace
            Network.HttpReply metrics = sidecar.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.body().contains("sidecar_sessions"), metrics.body() + "\n" + sidecar.logText());
        }
    }
}
