package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The frames above two in Asterisk's queue (chan_websocket's STATUS) are left out of what we send next, so a leg whose
 * Asterisk missed timer ticks gets its latency back instead of keeping it for the rest of the call.
 */
class PlayoutDepthTest {
    private static final long MS = 1_000_000L;

    /** chan_websocket 22.10.1's STATUS text, as GET_STATUS answers it. */
    private static String status(int queueLength) {
        return "STATUS channel_id:arib-1.2-emb queue_length:" + queueLength
                + " xon_level:800 xoff_level:900 queue_full:false bulk_media:false media_paused:false";
    }

    @Test
    void asksEveryHalfSecondFromTheFirstTick() {
        PlayoutDepth depth = new PlayoutDepth();
        long t = 7_000 * MS;
        assertFalse(depth.askDue(t), "the first tick only starts the clock");
        assertFalse(depth.askDue(t + 499 * MS));
        assertTrue(depth.askDue(t + 500 * MS));
        assertFalse(depth.askDue(t + 600 * MS));
        assertTrue(depth.askDue(t + 1_000 * MS));
    }

    /** The pattern of the next {@code n} frames: s skipped, + sent. */
    private static String next(PlayoutDepth depth, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(depth.skipNext() ? 's' : '+');
        }
        return b.toString();
    }

    @Test
    void skipsTheFramesAboveTwoOneInFiveThenSendsEveryFrame() {
        PlayoutDepth depth = new PlayoutDepth();
        assertEquals(-1, depth.lastQueueLength());
        depth.status(status(5)); // 3 above the target
        assertEquals("s++++s++++s++++++++", next(depth, 19));
        assertEquals(3, depth.skipped());
        assertEquals(5, depth.lastQueueLength());
    }

    @Test
    void aNewAnswerReplacesWhatIsLeftToSkipNeverAddsToIt() {
        PlayoutDepth depth = new PlayoutDepth();
        depth.status(status(9)); // 7 to skip
        assertEquals("s++++s++++", next(depth, 10));
        depth.status(status(4)); // Asterisk already counts the two skipped: 2 more, not 5 + 2
        assertEquals("s++++s+++++++", next(depth, 13));
        assertEquals(4, depth.skipped());
    }

    @Test
    void aShortQueueOrAnAnswerWithoutALengthSkipsNothing() {
        PlayoutDepth depth = new PlayoutDepth();
        depth.status(status(2));
        assertFalse(depth.skipNext());
        depth.status("STATUS channel_id:x queue_length: xon_level:800");
        depth.status("STATUS channel_id:x");
        assertFalse(depth.skipNext());
        assertEquals(0, depth.skipped());
        assertEquals(2, depth.lastQueueLength());
    }
}
