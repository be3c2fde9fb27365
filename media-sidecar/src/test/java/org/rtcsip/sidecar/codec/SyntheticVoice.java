package org.rtcsip.sidecar.codec;

import java.util.Random;

/**
 * A deterministic speech-like test signal: a gliding glottal pitch (100-180 Hz) with three formant-shaped
 * harmonic groups, syllable-rate amplitude modulation (3 Hz) and a little noise. Speech codecs treat it as voice
 * (the SILK VAD marks it active, so in-band FEC gets coded), which a steady sine is not.
 */
public final class SyntheticVoice {
    private final int sampleRate;
    private final double amplitude;
    private final Random noise;
    private double phase;
    private long position;

    public SyntheticVoice(int sampleRate, double amplitude, long seed) {
        this.sampleRate = sampleRate;
        this.amplitude = amplitude;
        this.noise = new Random(seed);
    }

    public void fill(short[] out, int off, int n) {
        for (int i = 0; i < n; i++, position++) {
            double t = (double) position / sampleRate;
            double f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / sampleRate;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double s = 0;
            for (int h = 1; h * f0 < 0.45 * sampleRate; h++) {
                double fh = h * f0;
                double weight = formant(fh, 700, 300) + 0.6 * formant(fh, 1200, 400) + 0.3 * formant(fh, 2500, 500);
                s += weight * Math.sin(h * phase);
            }
            double v = amplitude * envelope * s / 2 + 50 * noise.nextGaussian();
            out[off + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
    }

    public short[] next(int n) {
        short[] out = new short[n];
        fill(out, 0, n);
        return out;
    }

    private static double formant(double f, double centre, double width) {
        double d = (f - centre) / width;
        return Math.exp(-d * d);
    }
}
