package org.rtcsip.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void takesTheMiddleWindowAndTheRange() {
        Spread s = Spread.of(2.0, 9.0, 1.0);
        assertEquals(2.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals("2.00 [1.00-9.00]", s.describe("%.2f"));
    }

    @Test
    void averagesTheTwoMiddleOnesOfAnEvenCountAndLeavesOutWindowsThatMeasuredNothing() {
        Spread s = Spread.of(4.0, Double.NaN, 1.0, 2.0, 3.0);
        assertEquals(2.5, s.median());
        assertEquals(4, s.count());
        assertTrue(Double.isNaN(Spread.of(Double.NaN).median()));
        assertEquals("1.5", Spread.of(1.5).describe("%.1f"), "one window has no range to print");
    }
}
