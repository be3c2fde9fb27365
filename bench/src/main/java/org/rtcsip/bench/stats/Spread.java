package org.rtcsip.bench.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * The median of a few repeated windows and the range they spanned: one window on a shared machine can be off by
 * a scheduling hiccup, three give a middle value and say how far apart they were.
 */
public record Spread(double median, double min, double max, int count) {

    /** NaN values (a window that measured nothing) are left out; all NaN gives NaN everywhere. */
    public static Spread of(double... values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }

    /** {@code 0.512 [0.498-0.530]}, or just the median when there was one window. */
    public String describe(String format) {
        if (count <= 1) {
            return String.format(Locale.ROOT, format, median);
        }
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", median, min, max);
    }
}
