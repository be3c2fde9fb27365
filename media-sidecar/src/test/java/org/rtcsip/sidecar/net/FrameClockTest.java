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
            // 30 frame times in 600 ms; a shared, busy CI host may miss some, but never fires two at once
            assertTrue(times.size() >= 10 && times.size() <= 31, "frames in 600 ms: " + times.size());
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                assertTrue(gap >= 15 * MILLI, "frame " + i + " came " + gap / 1000 + " us after the one before");
            }
            assertTrue(threads.stream().allMatch("media-loop-0"::equals), "on the loop's own thread: " + threads);
        }
    }
}
