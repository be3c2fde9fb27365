package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The media loop's frame clock: what keeps Asterisk's clocked ExternalMedia channels fed (every 20 ms). */
class FrameClockTest {
    private static final long MILLI = 1_000_000L;

    @Test
    void firesAboutEveryTwentyMillisecondsOnItsLoopAndNeverInABurst() throws Exception {
        List<Long> times = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        MediaLoop loop = new MediaLoop(0, now -> { }, now -> {
            synchronized (times) {
                times.add(now);
                threads.add(Thread.currentThread().getName());
            }
        }, () -> true, false);
        loop.start();
        Thread.sleep(600);
        loop.stop();
        loop.join(2000);
        synchronized (times) {
            // 30 frame times in 600 ms; a shared, busy CI host may miss some (a stall starts the schedule over)
            assertTrue(times.size() >= 10 && times.size() <= 31, "frames in 600 ms: " + times.size());
            // The clock keeps its schedule, so a frame after a late one may come early (a turn 7 ms late, the next
            // on time: 13 ms apart); what it never does is fire missed frames together: frame j comes more than
            // (j - i - 1) frame times after frame i, whatever the host did in between.
            for (int i = 0; i < times.size(); i++) {
                for (int j = i + 1; j < times.size(); j++) {
                    long apart = times.get(j) - times.get(i);
                    assertTrue(apart > (j - i - 1) * 20 * MILLI,
                            "frames " + i + " and " + j + " came " + apart / 1000 + " us apart: a burst");
                }
            }
            assertTrue(threads.stream().allMatch("media-loop-0"::equals), "on the loop's own thread: " + threads);
        }
    }

    /**
     * A loop with nothing clocked sleeps until its 200 ms tick (the wanted-question is asked once or twice a turn, so
     * its count bounds the turns: 30 frame times in 600 ms would be 30 turns or more); once a task on the loop wants
     * frames, they come from that turn on.
     */
    @ParameterizedTest(name = "io_uring {0}")
    @ValueSource(booleans = {false, true})
    void sleepsWhileNothingWantsFramesAndStartsOnceSomethingDoes(boolean uring) throws Exception {
        if (uring) {
            MediaTransport.Choice choice = MediaTransport.choose(MediaTransport.AUTO);
            assertEquals(MediaTransport.IO_URING, choice.transport(), "io_uring must work here: " + choice.describe());
        }
        AtomicBoolean wanted = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        List<Long> times = new ArrayList<>();
        MediaLoop loop = new MediaLoop(0, now -> { }, now -> {
            synchronized (times) {
                times.add(now);
            }
        }, () -> {
            asked.incrementAndGet();
            return wanted.get();
        }, uring);
        loop.start();
        Thread.sleep(200); // the loop's start-up turns
        int before = asked.get();
        Thread.sleep(600);
        int turnsAsked = asked.get() - before;
        synchronized (times) {
            assertEquals(List.of(), times, "frames while nothing wanted them");
        }
        // 3 ticks in 600 ms, asked at most twice each; 30 frame times would have been 30 turns or more
        assertTrue(turnsAsked <= 10, "asked " + turnsAsked + " times in 600 ms: the idle loop kept waking");
        long wantedAt = System.nanoTime();
        loop.execute(() -> wanted.set(true));
        Thread.sleep(300);
        loop.stop();
        loop.join(2000);
        synchronized (times) {
            assertTrue(times.size() >= 5, "frames in the 300 ms after a task wanted them: " + times.size());
            assertTrue(times.get(0) - wantedAt < 50 * MILLI,
                    "first frame " + (times.get(0) - wantedAt) / 1000 + " us after it was wanted");
        }
    }
}
