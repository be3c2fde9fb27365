package org.rtcsip.bench.audio;

/**
 * G.711 µ-law (ITU-T G.711 §2, the segment/mantissa form of the classic reference coder) for the PCMU frames the
 * generator sends. Generator-only: the sidecar has its own codec package.
 */
public final class MuLaw {
    private static final int BIAS = 0x84; // 132: shifts the segment boundaries onto powers of two
    private static final int CLIP = 32635; // largest magnitude that still fits after adding BIAS

    private MuLaw() {
    }

    public static byte encode(short pcm) {
        int s = pcm;
        int sign = 0;
        if (s < 0) {
            s = -s;
            sign = 0x80;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int exponent = 31 - Integer.numberOfLeadingZeros(s >> 7); // segment 0..7; s >> 7 is at least 1
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = (((u & 0x0F) << 3) + BIAS) << exponent;
        magnitude -= BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** Encodes {@code count} samples from {@code pcm[from]} into {@code out[outOff]}. */
    public static void encode(short[] pcm, int from, int count, byte[] out, int outOff) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = encode(pcm[from + i]);
        }
    }
}
