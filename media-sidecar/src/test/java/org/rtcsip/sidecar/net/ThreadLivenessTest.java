package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What /health reads: whether the ng control thread and the media loops still go round. */
class ThreadLivenessTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ngControlThreadReportsItsLastTurnAndMinusOneOnceStopped() throws Exception {
        NgUdpServer server = new NgUdpServer(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                1 << 20, source -> true, null);
        server.start();
        try {
            Thread.sleep(700); // idle: the select times out after 500 ms and the loop turns anyway
            long since = server.nanosSinceLastTurn(System.nanoTime());
            assertTrue(since >= 0 && since < SECOND, "turned within the last second while idle: " + since);
        } finally {
            server.close();
        }
        assertEquals(-1, server.nanosSinceLastTurn(System.nanoTime()), "stopped thread");
    }

    @Test
    void mediaLoopsNameTheFirstLoopThatStoppedOrStalled() throws Exception {
        MediaLoops loops = new MediaLoops(2, (loop, now) -> { });
        loops.start();
        Thread.sleep(300); // one 200 ms tick
        assertEquals(-1, loops.firstStalled(System.nanoTime(), SECOND), "both loops tick");
        assertEquals(0, loops.firstStalled(System.nanoTime() + 10 * SECOND, SECOND),
                "seen from 10 s later without a tick, loop 0 has stalled");
        loops.stop();
        assertEquals(0, loops.firstStalled(System.nanoTime(), 1000 * SECOND), "ended threads count as stopped");
    }
}
