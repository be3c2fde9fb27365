package org.rtcsip.ari.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.Sidecar;
import org.rtcsip.sidecar.config.SidecarConfig;

/** ari-bridge's ng client against the real media-sidecar (in this JVM, loopback ports of its own). */
class NgMediaSidecarTest {
    private static Sidecar sidecar;
    private static NgMediaSidecar ng;

    @BeforeAll
    static void start() throws Exception {
        sidecar = new Sidecar(SidecarConfig.load(new String[] {"--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:22230", "--listen-http=127.0.0.1:22250", "--port-min=61000",
                "--port-max=61199", "--num-threads=1", "--log-level=4", "--codec-warmup=0"})).start();
        ng = new NgMediaSidecar(new InetSocketAddress("127.0.0.1", 22230));
    }

    @AfterAll
    static void stop() {
        sidecar.close();
    }

    @Test
    void listsAndDeletesAsMediaSidecarAnswers() throws Exception {
        assertEquals(List.of(), ng.calls());
        ng.delete("arib-1796538862.8"); // a call it does not hold counts as deleted, no exception
    }

    @Test
    void aFailedExternalMediaIsARefusalWithMediaSidecarsReasonAndLeavesNothing() throws Exception {
        MediaLeg dead = new MediaLeg("caller", "ws://127.0.0.1:1/media/none", "opus");
        MediaLeg other = new MediaLeg("callee", "ws://127.0.0.1:1/media/none2", "ulaw");
        NgException e = assertThrows(NgException.class, () -> ng.joinLegs("arib-test.1", dead, other));
        assertTrue(e.refused(), "media-sidecar answered (error), it did not time out: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("ng external media: error: "), e.getMessage());
        assertEquals(List.of(), ng.calls(), "nothing left behind");
    }

    @Test
    void noAnswerIsNotARefusal() {
        NgMediaSidecar nobody = new NgMediaSidecar(new InetSocketAddress("127.0.0.1", 22231));
        NgException e = assertThrows(NgException.class, nobody::calls);
        assertTrue(!e.refused() && e.getMessage().contains("no answer from media-sidecar at"), e.getMessage());
    }
}
