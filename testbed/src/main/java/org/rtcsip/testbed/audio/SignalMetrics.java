package org.rtcsip.testbed.audio;

/**
 * Measurements on decoded audio for tests with signals: SNR against an ideal sine fitted by least squares,
 * the dominant frequency, correlation and delay between two signals.
 */
public final class SignalMetrics {
    private SignalMetrics() {
    }

    public static double meanSquare(short[] x, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[off + i] * x[off + i];
        }
        return sum / n;
    }

    public static double rms(short[] x, int off, int n) {
        return Math.sqrt(meanSquare(x, off, n));
    }

    /**
     * The sine {@code a·sin(ωt) + b·cos(ωt) + c} at {@code frequency} nearest to {@code x[off .. off+n)} in the
     * least-squares sense, as {@code {a, b, c}}. Amplitude and phase are free, so codec delay does not matter.
     */
    public static double[] fitSine(short[] x, int off, int n, double frequency, int sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        // Normal equations of the 3-parameter fit.
        double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, ys = 0, yc = 0, y1 = 0;
        for (int i = 0; i < n; i++) {
            double s = Math.sin(w * i);
            double c = Math.cos(w * i);
            double y = x[off + i];
            ss += s * s;
            sc += s * c;
            s1 += s;
            cc += c * c;
            c1 += c;
            ys += y * s;
            yc += y * c;
            y1 += y;
        }
        double[][] m = {{ss, sc, s1, ys}, {sc, cc, c1, yc}, {s1, c1, n, y1}};
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int k = col; k < 4; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }

    /**
     * The median of {@link #snrDb} over {@code blocks} blocks of {@code blockLength} samples from {@code off}: a tone
     * judged block by block, so that a phase slip now and then (a browser's fake microphone looping its file, a
     * concealed packet) costs one block, not the whole measurement.
     */
    public static double medianBlockSnrDb(short[] x, int off, int blocks, int blockLength, double frequency,
            int sampleRate) {
        double[] snr = new double[blocks];
        for (int block = 0; block < blocks; block++) {
            snr[block] = snrDb(x, off + block * blockLength, blockLength, frequency, sampleRate);
        }
        java.util.Arrays.sort(snr);
        return snr[blocks / 2];
    }

    /** The frames one after the other as one signal. */
    public static short[] concat(java.util.List<short[]> frames) {
        int n = 0;
        for (short[] f : frames) {
            n += f.length;
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    /** Peak amplitude of the fitted sine. */
    public static double fittedAmplitude(short[] x, int off, int n, double frequency, int sampleRate) {
        double[] abc = fitSine(x, off, n, frequency, sampleRate);
        return Math.hypot(abc[0], abc[1]);
    }

    /**
     * Signal-to-noise ratio in dB of {@code x} as a sine at {@code frequency}: power of the fitted sine over the
     * power of everything else (quantization, coding noise, harmonics, DC).
     */
    public static double snrDb(short[] x, int off, int n, double frequency, int sampleRate) {
        double[] abc = fitSine(x, off, n, frequency, sampleRate);
        double w = 2 * Math.PI * frequency / sampleRate;
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < n; i++) {
            double ideal = abc[0] * Math.sin(w * i) + abc[1] * Math.cos(w * i);
            double e = x[off + i] - ideal;
            signal += ideal * ideal;
            noise += e * e;
        }
        return 10 * Math.log10(signal / Math.max(noise, 1e-9));
    }

    /**
     * The frequency with the most power between {@code minHz} and {@code maxHz}, to 0.1 Hz: first a coarse search
     * over short Hann-windowed blocks (32 Hz resolution, so no tone falls between two probes), then 0.1 Hz steps
     * over the whole signal within 25 Hz of the coarse peak.
     */
    public static double dominantFrequency(short[] x, int off, int n, int sampleRate, double minHz, double maxHz) {
        int block = Math.min(n, sampleRate / 32);
        double best = minHz;
        double bestPower = -1;
        for (double f = minHz; f <= maxHz; f += 8) {
            double p = 0;
            for (int b = 0; b + block <= n; b += block) {
                p += Goertzel.hannPower(x, off + b, block, f, sampleRate);
            }
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        double coarse = best;
        bestPower = -1;
        for (double f = Math.max(minHz, coarse - 25); f <= Math.min(maxHz, coarse + 25); f += 0.1) {
            double p = Goertzel.hannPower(x, off, n, f, sampleRate);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /** Normalized correlation (cosine similarity) of {@code a[aOff..]} and {@code b[bOff..]} over {@code n}. */
    public static double correlation(short[] a, int aOff, short[] b, int bOff, int n) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[aOff + i];
            double y = b[bOff + i];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /**
     * The lag {@code d} in {@code [0, maxLag]} for which {@code delayed[i + d]} best matches {@code reference[i]}
     * over {@code n} samples: a codec's delay.
     */
    public static int delay(short[] reference, short[] delayed, int from, int n, int maxLag) {
        int best = 0;
        double bestCorrelation = -2;
        for (int d = 0; d <= maxLag; d++) {
            double c = correlation(reference, from, delayed, from + d, n);
            if (c > bestCorrelation) {
                bestCorrelation = c;
                best = d;
            }
        }
        return best;
    }

    /** Energy of {@code a - b} over {@code n} samples relative to the energy of {@code a}, in dB (SNR of b as a). */
    public static double segmentSnrDb(short[] a, int aOff, short[] b, int bOff, int n) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < n; i++) {
            double e = a[aOff + i] - b[bOff + i];
            signal += (double) a[aOff + i] * a[aOff + i];
            noise += e * e;
        }
        return 10 * Math.log10(signal / Math.max(noise, 1e-9));
    }
}
