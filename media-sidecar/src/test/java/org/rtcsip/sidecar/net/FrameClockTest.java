package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

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
        }, false);
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
}
