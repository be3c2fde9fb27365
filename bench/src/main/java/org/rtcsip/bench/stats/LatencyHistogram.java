package org.rtcsip.bench.stats;

/**
 * Durations in nanoseconds counted in log-linear buckets (HdrHistogram's layout, fixed precision): values below
 * 128 ns exactly, above that 64 buckets per power of two, so a reported percentile is at most 1/64 (1.6 %) above
 * the true value and never below it. Recording allocates nothing and takes no lock: one thread records, and
 * another reads only after a hand-over that orders the writes (the measurement window's seal).
 */
public final class LatencyHistogram {
    private static final int EXACT = 128;
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int FIRST_EXPONENT = 7; // 2^7 = EXACT
    private static final int BUCKETS = EXACT + (63 - FIRST_EXPONENT) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long negative;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double sum;

    /** Counts {@code nanos}; a negative value (a clock step) is counted apart and left out of percentiles. */
    public void record(long nanos) {
        if (nanos < 0) {
            negative++;
            return;
        }
        counts[bucketOf(nanos)]++;
        count++;
        sum += nanos;
        if (nanos < min) {
            min = nanos;
        }
        if (nanos > max) {
            max = nanos;
        }
    }

    /** Adds every count of {@code other} to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        negative += other.negative;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    /** Values refused by {@link #record} because they were negative. */
    public long negativeCount() {
        return negative;
    }

    /** The smallest recorded value, or 0 if none. */
    public long min() {
        return count == 0 ? 0 : min;
    }

    /** The largest recorded value, or 0 if none. */
    public long max() {
        return count == 0 ? 0 : max;
    }

    public double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /**
     * The value below or at which {@code fraction} of the recorded values lie (nearest rank), as the top of its
     * bucket capped by the largest value seen; 0 if nothing was recorded.
     */
    public long percentile(double fraction) {
        if (count == 0) {
            return 0;
        }
        if (fraction < 0 || fraction > 1 || Double.isNaN(fraction)) {
            throw new IllegalArgumentException("percentile fraction must be in [0, 1], got " + fraction);
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestInBucket(i), max);
            }
        }
        return max;
    }

    static int bucketOf(long nanos) {
        if (nanos < EXACT) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int mantissa = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return EXACT + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + mantissa;
    }

    static long lowestInBucket(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int exponent = FIRST_EXPONENT + (bucket - EXACT) / SUB_BUCKETS;
        int mantissa = (bucket - EXACT) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + mantissa) << (exponent - SUB_BUCKET_BITS);
    }

    static long highestInBucket(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int exponent = FIRST_EXPONENT + (bucket - EXACT) / SUB_BUCKETS;
        return lowestInBucket(bucket) + (1L << (exponent - SUB_BUCKET_BITS)) - 1;
    }
}
