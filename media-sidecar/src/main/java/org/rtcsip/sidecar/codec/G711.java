package org.rtcsip.sidecar.codec;

/**
 * ITU-T G.711 µ-law (PCMU) and A-law (PCMA) between 16-bit linear samples and 8-bit codes, table-driven.
 *
 * <p>Decoding gives the decoder output values of G.711 Tables 1 and 2 scaled to 16 bits (A-law x8, µ-law x4):
 * µ-law spans ±32124, A-law ±32256. Encoding quantizes the way the ITU-T G.191 reference does: a 16-bit sample
 * {@code x} stands for the interval {@code [x, x+1)}, so a negative sample's magnitude is {@code ~x}
 * ({@code -x-1}) and the code depends only on {@code x >> 2} (µ-law, 14-bit) or {@code x >> 4} (A-law, whose
 * smallest step is 16 on the 16-bit scale). That makes both tables small (16 K and 4 K entries).
 *
 * <p>Bulk methods work on caller arrays and allocate nothing.
 */
public final class G711 {
    /** G.711 A-law: the even bits of the character signal are inverted on the line. */
    private static final int ALAW_EVEN_BIT_INVERSION = 0x55;
    private static final int ULAW_BIAS = 33;
    private static final int ULAW_MAX_BIASED = 0x1FFF;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR14_TO_ULAW = new byte[1 << 14];
    private static final byte[] LINEAR12_TO_ALAW = new byte[1 << 12];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) expandUlaw(code);
            ALAW_TO_LINEAR[code] = (short) expandAlaw(code);
        }
        for (int i = 0; i < LINEAR14_TO_ULAW.length; i++) {
            // Index i holds the low 14 bits of x >> 2; sign-extend back to a sample with those bits.
            int x = ((i << 18) >> 18) << 2;
            LINEAR14_TO_ULAW[i] = (byte) compressUlaw(x);
        }
        for (int i = 0; i < LINEAR12_TO_ALAW.length; i++) {
            int x = ((i << 20) >> 20) << 4;
            LINEAR12_TO_ALAW[i] = (byte) compressAlaw(x);
        }
    }

    private G711() {
    }

    /** The µ-law code (0..255 in a byte) of a 16-bit sample. */
    public static byte linearToUlaw(int sample) {
        return LINEAR14_TO_ULAW[(sample >> 2) & 0x3FFF];
    }

    /** The 16-bit decoder output of a µ-law code (only the low 8 bits are read). */
    public static short ulawToLinear(int code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    /** The A-law code (0..255 in a byte) of a 16-bit sample. */
    public static byte linearToAlaw(int sample) {
        return LINEAR12_TO_ALAW[(sample >> 4) & 0x0FFF];
    }

    /** The 16-bit decoder output of an A-law code (only the low 8 bits are read). */
    public static short alawToLinear(int code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static void encodeUlaw(short[] pcm, int pcmOff, int samples, byte[] out, int outOff) {
        for (int i = 0; i < samples; i++) {
            out[outOff + i] = LINEAR14_TO_ULAW[(pcm[pcmOff + i] >> 2) & 0x3FFF];
        }
    }

    public static void decodeUlaw(byte[] in, int inOff, int codes, short[] pcm, int pcmOff) {
        for (int i = 0; i < codes; i++) {
            pcm[pcmOff + i] = ULAW_TO_LINEAR[in[inOff + i] & 0xFF];
        }
    }

    public static void encodeAlaw(short[] pcm, int pcmOff, int samples, byte[] out, int outOff) {
        for (int i = 0; i < samples; i++) {
            out[outOff + i] = LINEAR12_TO_ALAW[(pcm[pcmOff + i] >> 4) & 0x0FFF];
        }
    }

    public static void decodeAlaw(byte[] in, int inOff, int codes, short[] pcm, int pcmOff) {
        for (int i = 0; i < codes; i++) {
            pcm[pcmOff + i] = ALAW_TO_LINEAR[in[inOff + i] & 0xFF];
        }
    }

    // The arithmetic below only fills the tables once. G.711 Table 2 (µ-law): 8 segments, 16 intervals each,
    // steps 2, 4, ..., 256 on a 14-bit scale; the character signal is the bit-inverted sign-segment-interval.
    private static int compressUlaw(int x) {
        int magnitude = x < 0 ? (~x) >> 2 : x >> 2;
        int biased = Math.min(magnitude + ULAW_BIAS, ULAW_MAX_BIASED);
        int segment = 1;
        for (int i = biased >> 6; i != 0; i >>= 1) {
            segment++;
        }
        int interval = (biased >> segment) & 0x0F;
        int code = ((8 - segment) << 4) | (0x0F - interval);
        return x >= 0 ? code | 0x80 : code;
    }

    private static int expandUlaw(int code) {
        int inverted = ~code;
        int segment = (inverted >> 4) & 0x07;
        int interval = inverted & 0x0F;
        int step = 4 << (segment + 1);
        int magnitude = (0x80 << segment) + step * interval + step / 2 - 4 * ULAW_BIAS;
        return code < 0x80 ? -magnitude : magnitude;
    }

    // G.711 Table 1 (A-law): segments 1 and 2 share step 2, then 4, 8, ..., 128 on a 13-bit scale; the
    // character signal is sign-segment-interval with the even bits inverted.
    private static int compressAlaw(int x) {
        int ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15) {
            int segment = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                segment++;
            }
            ix = (ix - 16) + (segment << 4);
        }
        if (x >= 0) {
            ix |= 0x80;
        }
        return ix ^ ALAW_EVEN_BIT_INVERSION;
    }

    private static int expandAlaw(int code) {
        int ix = (code ^ ALAW_EVEN_BIT_INVERSION) & 0x7F;
        int segment = ix >> 4;
        int interval = ix & 0x0F;
        int mantissa = segment > 0 ? interval + 16 : interval;
        int magnitude = (mantissa << 4) + 8;
        if (segment > 1) {
            magnitude <<= segment - 1;
        }
        return code > 127 ? magnitude : -magnitude;
    }
}
