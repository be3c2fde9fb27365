package org.rtcsip.sidecar.codec;

/**
 * Integer-factor downsampling of 48 kHz PCM (48000 -> 8000/12000/16000/24000): a windowed-sinc low-pass FIR
 * (Blackman window) evaluated only at the kept samples, over a circular history so nothing is copied per sample.
 * The cut-off sits at 0.45 of the output rate (3.6 kHz for 8 kHz: the telephone band passes, aliasing stays low).
 * Stateful across calls (the history carries over from frame to frame); single-threaded, no allocation.
 */
public final class FirDecimator {
    static final int TAPS = 193;

    private final int factor;
    private final float[] taps = new float[TAPS];
    /** History twice over, so a window of TAPS consecutive samples is always contiguous. */
    private final float[] history = new float[2 * TAPS];
    private int head;
    private int phase;

    public FirDecimator(int inRate, int outRate) {
        if (outRate <= 0 || inRate % outRate != 0) {
            throw new IllegalArgumentException("cannot decimate " + inRate + " Hz to " + outRate + " Hz");
        }
        factor = inRate / outRate;
        double fc = 0.45 * outRate / inRate;
        double sum = 0;
        double[] h = new double[TAPS];
        for (int i = 0; i < TAPS; i++) {
            double m = i - (TAPS - 1) / 2.0;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (TAPS - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (TAPS - 1));
            h[i] = sinc * w;
            sum += h[i];
        }
        for (int i = 0; i < TAPS; i++) {
            taps[i] = (float) (h[i] / sum);
        }
    }

    /** Decimates {@code n} input samples; returns how many output samples were written. */
    public int process(short[] in, int inOff, int n, short[] out, int outOff) {
        int written = 0;
        for (int i = 0; i < n; i++) {
            float x = in[inOff + i];
            history[head] = x;
            history[head + TAPS] = x;
            head = head + 1 == TAPS ? 0 : head + 1;
            if (++phase == factor) {
                phase = 0;
                // history[head .. head+TAPS) holds the last TAPS samples, oldest first
                int v = Math.round(dot(head));
                out[outOff + written++] = (short) Math.max(-32768, Math.min(32767, v));
            }
        }
        return written;
    }

    /**
     * The filter over history[from .. from+TAPS). Four running sums instead of one: a single float sum is a chain
     * of dependent adds the JIT may not reorder (strict IEEE order), four interleaved chains run about four times
     * as fast, and this loop is the decimator's whole cost (160 outputs x 193 taps per 20 ms at 8 kHz).
     */
    private float dot(int from) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int k = 0;
        for (; k + 3 < TAPS; k += 4) {
            a0 += taps[k] * history[from + k];
            a1 += taps[k + 1] * history[from + k + 1];
            a2 += taps[k + 2] * history[from + k + 2];
            a3 += taps[k + 3] * history[from + k + 3];
        }
        for (; k < TAPS; k++) {
            a0 += taps[k] * history[from + k];
        }
        return (a0 + a1) + (a2 + a3);
    }

    public void reset() {
        java.util.Arrays.fill(history, 0);
        head = 0;
        phase = 0;
    }
}
