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

    /**
     * The median over blocks of {@code blockLength} samples of {@link #share(short[], int, int, double, int)}: a tone
     * judged block by block, so that a frame left out or concealed (a phase jump) costs one block instead of
     * cancelling the tone over the whole signal, as one long coherent sum would. 0 for less than one block.
     */
    public static double medianBlockShare(short[] x, int blockLength, double frequency, int sampleRate) {
        int blocks = x.length / blockLength;
        if (blocks == 0) {
            return 0;
        }
        double[] shares = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            shares[b] = share(x, b * blockLength, blockLength, frequency, sampleRate);
        }
        java.util.Arrays.sort(shares);
        return shares[blocks / 2];
    }

    /** {@link #medianBlockShare} of 100 ms blocks of {@code frames} one after the other. */
    public static double share(java.util.List<short[]> frames, double frequency, int sampleRate) {
        short[] all;
        synchronized (frames) { // a synchronized list a receiving thread appends to
            all = SignalMetrics.concat(frames);
        }
        return medianBlockShare(all, sampleRate / 10, frequency, sampleRate);
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
