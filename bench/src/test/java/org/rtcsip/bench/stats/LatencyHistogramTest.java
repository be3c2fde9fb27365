package org.rtcsip.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void countsValuesBelow128NanosecondsExactly() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 100; v++) {
            h.record(v);
        }
        assertEquals(49, h.percentile(0.5));
        assertEquals(98, h.percentile(0.99));
        assertEquals(99, h.percentile(1.0));
        assertEquals(0, h.percentile(0.0));
        assertEquals(49.5, h.mean(), 1e-9);
    }

    @Test
    void percentilesOfRandomLatenciesAreNeverBelowTheTrueValueNorMoreThanOneSixtyFourthAbove() {
        SplittableRandom rnd = new SplittableRandom(42);
        long[] values = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // log-uniform from 1 us to 100 ms, the range packet latencies span
            values[i] = (long) Math.pow(10, 3 + 5 * rnd.nextDouble());
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
            long truth = values[(int) Math.ceil(p * values.length) - 1];
            long reported = h.percentile(p);
            assertTrue(reported >= truth, p + ": reported " + reported + " below the true " + truth);
            assertTrue(reported <= truth + truth / 64 + 1, p + ": reported " + reported + " too far above " + truth);
        }
        assertEquals(values[values.length - 1], h.max());
        assertEquals(values[0], h.min());
    }

    @Test
    void everyValueLiesInsideItsBucket() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long v = rnd.nextLong(Long.MAX_VALUE);
            v >>>= rnd.nextInt(63); // all magnitudes
            int b = LatencyHistogram.bucketOf(v);
            assertTrue(LatencyHistogram.lowestInBucket(b) <= v && v <= LatencyHistogram.highestInBucket(b),
                    v + " outside bucket " + b);
        }
        assertEquals(LatencyHistogram.highestInBucket(LatencyHistogram.bucketOf(Long.MAX_VALUE)), Long.MAX_VALUE);
    }

    @Test
    void addingHistogramsGivesTheHistogramOfAllValues() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        for (long v = 1000; v < 200_000; v += 997) {
            (v % 2 == 0 ? a : b).record(v);
            all.record(v);
        }
        a.add(b);
        assertEquals(all.count(), a.count());
        assertEquals(all.percentile(0.5), a.percentile(0.5));
        assertEquals(all.percentile(0.99), a.percentile(0.99));
        assertEquals(all.max(), a.max());
        assertEquals(all.min(), a.min());
    }

    @Test
    void negativeDurationsAreCountedApartAndLeftOutOfPercentiles() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(1000);
        assertEquals(1, h.negativeCount());
        assertEquals(1, h.count());
        assertEquals(1000, h.percentile(0.01));
    }

    @Test
    void anEmptyHistogramReportsZeros() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(0.99));
        assertEquals(0, h.max());
        assertEquals(0, h.min());
        assertEquals(0, h.mean());
    }

    @Test
    void refusesAFractionOutsideZeroToOne() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1);
        assertThrows(IllegalArgumentException.class, () -> h.percentile(1.5));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(-0.1));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(Double.NaN));
    }
}
