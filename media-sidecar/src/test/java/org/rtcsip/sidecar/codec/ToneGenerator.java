package org.rtcsip.sidecar.codec;

/**
 * A sine at {@code frequency} Hz with peak {@code amplitude} (in 16-bit sample units) sampled at {@code sampleRate},
 * continuing its phase across calls, for feeding codecs in tests.
 */
public final class ToneGenerator {
    private final double frequency;
    private final double amplitude;
    private final int sampleRate;
    private final double phaseOffset;
    private long position;

    public ToneGenerator(double frequency, double amplitude, int sampleRate) {
        this(frequency, amplitude, sampleRate, 0.0);
    }

    /** @param phaseOffset radians at sample 0 */
    public ToneGenerator(double frequency, double amplitude, int sampleRate, double phaseOffset) {
        if (amplitude < 0 || amplitude > Short.MAX_VALUE) {
            throw new IllegalArgumentException("amplitude " + amplitude + " does not fit 16 bits");
        }
        this.frequency = frequency;
        this.amplitude = amplitude;
        this.sampleRate = sampleRate;
        this.phaseOffset = phaseOffset;
    }

    /** The ideal value of sample {@code index} (not rounded). */
    public double valueAt(long index) {
        return amplitude * Math.sin(2 * Math.PI * frequency * index / sampleRate + phaseOffset);
    }

    /** Writes the next {@code n} samples, rounded, to {@code out[off]}. */
    public void fill(short[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = (short) Math.round(valueAt(position++));
        }
    }

    /** The next {@code n} samples in a new array. */
    public short[] next(int n) {
        short[] out = new short[n];
        fill(out, 0, n);
        return out;
    }

    /** Samples produced so far. */
    public long position() {
        return position;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** {@code n} samples of a sine from phase 0. */
    public static short[] sine(double frequency, double amplitude, int sampleRate, int n) {
        return new ToneGenerator(frequency, amplitude, sampleRate).next(n);
    }
}
