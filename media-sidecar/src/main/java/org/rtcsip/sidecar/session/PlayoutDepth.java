package org.rtcsip.sidecar.session;

/**
 * Keeps the latency of one ExternalMedia leg from growing: Asterisk's chan_websocket queues what we send and plays
 * one frame per tick of its channel timer. A tick it misses (its channel thread late by more than a frame on a busy
 * host: res_timing_timerfd acknowledges all expirations as one) leaves one frame more in that queue, 20 ms more delay
 * for the rest of the call; nothing ever takes them out. So every {@value #ASK_EVERY_MILLIS} ms the leg asks
 * {@code GET_STATUS}; when the answer's {@code queue_length} is above {@value #TARGET_FRAMES} frames, that many of the
 * next frames are not sent (counted as {@link DropReason#ASTERISK_QUEUE}), at most one in {@value #SPACING}: the
 * queue shrinks to the target, and the party hears a 20 ms skip now and then instead of a delay that only grows.
 * Each skip takes back one tick Asterisk missed, so they come as often as Asterisk misses ticks; the spacing keeps a
 * host so overloaded that it misses many from breaking every 100 ms of audio (its delay then grows, more slowly).
 * Loop thread only; no allocation per frame.
 */
final class PlayoutDepth {
    static final long ASK_EVERY_MILLIS = 500;
    /** Frames Asterisk may hold: its timer and our sends are not in phase, so one or two are normal. */
    static final int TARGET_FRAMES = 2;
    /** Frames from one skip to the next, the skipped one included: at most a fifth of the audio is left out. */
    static final int SPACING = 5;

    private long nextAsk;
    private boolean started;
    private int excess;
    private int sinceSkip = SPACING;
    private long skipped;
    private int lastQueueLength = -1;

    /** True when it is time to send {@code GET_STATUS} (then again {@value #ASK_EVERY_MILLIS} ms later). */
    boolean askDue(long now) {
        if (!started) {
            started = true;
            nextAsk = now + ASK_EVERY_MILLIS * 1_000_000L;
            return false;
        }
        if (now - nextAsk < 0) {
            return false;
        }
        nextAsk = now + ASK_EVERY_MILLIS * 1_000_000L;
        return true;
    }

    /** chan_websocket's {@code STATUS ... queue_length:N ...}: the frames above the target are skipped next. */
    void status(String text) {
        int at = text.indexOf("queue_length:");
        if (at < 0) {
            return;
        }
        int from = at + "queue_length:".length();
        int end = from;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == from) {
            return;
        }
        lastQueueLength = Integer.parseInt(text, from, end, 10);
        // the answer counts frames we skip from now on: set, never add, or a second answer would skip them twice
        excess = Math.max(0, lastQueueLength - TARGET_FRAMES);
    }

    /** True when the frame about to be sent is to be skipped instead. */
    boolean skipNext() {
        if (excess == 0 || sinceSkip < SPACING) {
            sinceSkip++;
            return false;
        }
        excess--;
        skipped++;
        sinceSkip = 1;
        return true;
    }

    long skipped() {
        return skipped;
    }

    /** Asterisk's queue at its last answer, -1 before the first. */
    int lastQueueLength() {
        return lastQueueLength;
    }
}
