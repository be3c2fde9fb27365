package org.rtcsip.sidecar.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void logsTheFirstThenOnePerIntervalCountingWhatItHeldBack() {
        LogThrottle throttle = new LogThrottle(10 * SECOND);
        assertEquals(0, throttle.admit(0));
        assertEquals(-1, throttle.admit(SECOND));
        assertEquals(-1, throttle.admit(9 * SECOND));
        assertEquals(2, throttle.admit(10 * SECOND));
        assertEquals(0, throttle.admit(25 * SECOND));
        assertEquals(" (2 more like it since the last line)", LogThrottle.suffix(2));
        assertEquals("", LogThrottle.suffix(0));
    }
}
