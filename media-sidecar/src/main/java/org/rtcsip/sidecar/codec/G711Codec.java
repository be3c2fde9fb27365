package org.rtcsip.sidecar.codec;

import java.util.Arrays;

/**
 * PCMU and PCMA (G.711 µ-law and A-law, static payload types 0 and 8, RFC 3551 §4.5.14): one byte per sample at
 * 8000 Hz. Stateless, so
 * one object may serve both directions of a stream.
 */
public final class G711Codec implements AudioDecoder, AudioEncoder {
    public static final G711Codec PCMU = new G711Codec(false);
    public static final G711Codec PCMA = new G711Codec(true);

    private final boolean aLaw;

    private G711Codec(boolean aLaw) {
        this.aLaw = aLaw;
    }

    public static final int SAMPLE_RATE = 8000;
    /** Codes per payload that {@link #maxSamplesPerPacket()} promises room for: 120 ms. */
    public static final int MAX_SAMPLES_PER_PACKET = 960;

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int maxSamplesPerPacket() {
        return MAX_SAMPLES_PER_PACKET;
    }

    @Override
    public int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff) {
        if (len < 0 || off < 0 || off > payload.length - len) {
            return CodecError.CORRUPT_PAYLOAD;
        }
        if (pcmOff < 0 || pcmOff > pcm.length - len) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        if (aLaw) {
            G711.decodeAlaw(payload, off, len, pcm, pcmOff);
        } else {
            G711.decodeUlaw(payload, off, len, pcm, pcmOff);
        }
        return len;
    }

    /** G.711 has no concealment of its own (Appendix I is not implemented here): writes silence. */
    @Override
    public int decodeLost(int samples, short[] pcm, int pcmOff) {
        if (samples < 0) {
            return CodecError.BAD_FRAME_SIZE;
        }
        if (pcmOff < 0 || pcmOff > pcm.length - samples) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        Arrays.fill(pcm, pcmOff, pcmOff + samples, (short) 0);
        return samples;
    }

    @Override
    public boolean supportsFec() {
        return false;
    }

    @Override
    public int decodeFec(byte[] nextPayload, int off, int len, int samples, short[] pcm, int pcmOff) {
        return CodecError.UNSUPPORTED;
    }

    @Override
    public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff, int maxLen) {
        if (samples < 0 || pcmOff < 0 || pcmOff > pcm.length - samples) {
            return CodecError.BAD_FRAME_SIZE;
        }
        if (samples > maxLen || outOff < 0 || outOff > out.length - samples) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        if (aLaw) {
            G711.encodeAlaw(pcm, pcmOff, samples, out, outOff);
        } else {
            G711.encodeUlaw(pcm, pcmOff, samples, out, outOff);
        }
        return samples;
    }

    @Override
    public void reset() {
        // Stateless.
    }
}
