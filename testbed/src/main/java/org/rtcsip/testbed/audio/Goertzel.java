package org.rtcsip.testbed.audio;

/**
 * The Goertzel algorithm: the power of one frequency in a block of samples, cheaper than an FFT when only a few
 * frequencies matter (tones, DTMF).
 */
public final class Goertzel {
    private Goertzel() {
    }

    /**
     * Power of the component at {@code frequency} in {@code x[off .. off+n)}, scaled so that a sine of peak
     * amplitude A at that frequency (over a whole number of periods) gives A²/2, its mean square; comparable with
     * {@link SignalMetrics#meanSquare}.
     */
    public static double power(short[] x, int off, int n, double frequency, int sampleRate) {
        return power(x, off, n, frequency, sampleRate, false);
    }

    /**
     * The share of the energy of {@code x[off .. off+n)} at {@code frequency}: about 1 for a pure tone there, near 0
     * for silence, noise or another tone.
     */
    public static double share(short[] x, int off, int n, double frequency, int sampleRate) {
        double total = n == 0 ? 0 : SignalMetrics.meanSquare(x, off, n);
        return total == 0 ? 0 : Math.min(1.0, power(x, off, n, frequency, sampleRate) / total);
    }

    /** As {@link #share(short[], int, int, double, int)} over {@code frames} one after the other. */
    public static double share(java.util.List<short[]> frames, double frequency, int sampleRate) {
        short[] all;
        synchronized (frames) { // a synchronized list a receiving thread appends to
            all = SignalMetrics.concat(frames);
        }
        return share(all, 0, all.length, frequency, sampleRate);
    }

    /** As {@link #power}, with a Hann window first (less leakage from strong neighbours, wider peak). */
    public static double hannPower(short[] x, int off, int n, double frequency, int sampleRate) {
        return power(x, off, n, frequency, sampleRate, true);
    }

    private static double power(short[] x, int off, int n, double frequency, int sampleRate, boolean hann) {
        double w = 2 * Math.PI * frequency / sampleRate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double win = hann ? 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)) : 1.0;
            windowSum += win;
            double s0 = x[off + i] * win + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * Math.cos(w);
        double im = s2 * Math.sin(w);
        double magnitude = Math.sqrt(re * re + im * im);
        // |X| = A * sum(window) / 2 for a sine of peak A; report A²/2.
        double amplitude = 2 * magnitude / windowSum;
        return amplitude * amplitude / 2;
    }
}
