package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.NgClient;

/**
 * How the sidecar process answers signals while a call is up: SIGTERM drains; a second SIGTERM, or SIGINT, stops
 * at once (a second SIGTERM used to change nothing, so only SIGKILL could stop a drain early).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SignalsTest {

    @Test
    void aSecondSigtermDuringTheDrainStopsAtOnce() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "sigterm-twice", "--codec-warmup=0")) {
            call(sidecar);
            sidecar.signal("TERM");
            sidecar.awaitLog("draining (SIGTERM): 1 call in progress");
            assertEquals(503, sidecar.health().statusCode());
            assertTrue(sidecar.isAlive(), "the drain waits for the call");

            long second = System.nanoTime();
            sidecar.signal("TERM");
            assertEquals(143, sidecar.awaitExit(Duration.ofSeconds(10)), sidecar.logTail(20));
            long tookMillis = (System.nanoTime() - second) / 1_000_000;
            assertTrue(tookMillis < 5000, "stopped " + tookMillis + " ms after the second SIGTERM");
            assertTrue(sidecar.logText().contains("SIGTERM again while draining: stopping at once, ending 1 call"),
                    sidecar.logTail(20));
        }
    }

    @Test
    void sigintStopsAtOnceWithALogLine() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "sigint", "--codec-warmup=0")) {
            call(sidecar);
            sidecar.signal("INT");
            assertEquals(130, sidecar.awaitExit(Duration.ofSeconds(10)), sidecar.logTail(20));
            assertTrue(sidecar.logText().contains("SIGINT: stopping at once, ending 1 call"), sidecar.logTail(20));
        }
    }

    private static void call(SidecarProcess sidecar) throws Exception {
        try (NgClient ng = sidecar.ngClient()) {
            assertEquals("ok", ng.exchange(dict("command", "offer", "call-id", "up", "from-tag", "alice",
                    "sdp", PlainSdp.audio(6000, 1))).get("result"));
        }
    }
}
