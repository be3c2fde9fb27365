package org.rtcsip.sidecar.codec;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus (RFC 6716, RTP payload RFC 7587) decoded by Concentus, the pure-Java port of libopus, straight to mono at
 * the rate the other leg needs: an Opus decoder renders any packet at 8, 12, 16, 24 or 48 kHz itself, so going to
 * G.711 needs no resampler. Stereo packets are down-mixed by the decoder.
 *
 * <p>Our code allocates nothing per packet; Concentus itself does (a few KB per decoded frame), which is one
 * reason for the {@link AudioDecoder} seam.
 */
public final class ConcentusOpusDecoder implements AudioDecoder {
    private final int sampleRate;
    private final OpusDecoder decoder;
    /** Decoding always runs at 48 kHz, then decimates (see the constructor), or null at 48 kHz. */
    private final FirDecimator decimator;
    private final short[] wide = new short[5760];

    /** @param sampleRate output rate: 8000, 12000, 16000, 24000 or 48000 */
    public ConcentusOpusDecoder(int sampleRate) {
        OpusDecodeChecks.requireDecoderRate(sampleRate);
        this.sampleRate = sampleRate;
        this.decimator = sampleRate == 48000 ? null : new FirDecimator(48000, sampleRate);
        try {
            // Concentus 1.0.2 decodes hybrid-mode packets (SILK+CELT, what browsers send for speech at 32 kbit/s)
            // to silence at any rate below 48 kHz; SILK-only and CELT-only decode fine. So it always decodes at
            // 48 kHz and a FIR decimator brings the audio down to the rate asked for.
            this.decoder = new OpusDecoder(48000, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a mono decoder at " + sampleRate + " Hz", e);
        }
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    /** 120 ms, the longest Opus packet (RFC 6716 §3.2.5). */
    @Override
    public int maxSamplesPerPacket() {
        return OpusDecodeChecks.maxSamplesPerPacket(sampleRate);
    }

    @Override
    public int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff) {
        int samples = OpusPacket.samples(payload, off, len, sampleRate);
        if (samples < 0) {
            return samples;
        }
        if (!OpusDecodeChecks.fits(pcm, pcmOff, samples)) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        return run(payload, off, len, pcm, pcmOff, samples, false, CodecError.CORRUPT_PAYLOAD);
    }

    /** Opus concealment (the decoder extrapolates from the last frames); {@code samples} a multiple of 2.5 ms. */
    @Override
    public int decodeLost(int samples, short[] pcm, int pcmOff) {
        int checked = checkConcealment(samples, pcm, pcmOff);
        if (checked < 0) {
            return checked;
        }
        return run(null, 0, 0, pcm, pcmOff, samples, false, CodecError.INTERNAL_ERROR);
    }

    @Override
    public boolean supportsFec() {
        return true;
    }

    /**
     * RFC 7587 §3.3: rebuilds the lost {@code samples} (a multiple of 2.5 ms, normally the lost packet's duration)
     * from the LBRR data in {@code nextPayload}; libopus conceals instead when the packet has none
     * ({@link OpusPacket#hasFec} tells beforehand).
     */
    @Override
    public int decodeFec(byte[] nextPayload, int off, int len, int samples, short[] pcm, int pcmOff) {
        int next = OpusPacket.samples(nextPayload, off, len, sampleRate);
        if (next < 0) {
            return next;
        }
        int checked = checkConcealment(samples, pcm, pcmOff);
        if (checked < 0) {
            return checked;
        }
        return run(nextPayload, off, len, pcm, pcmOff, samples, true, CodecError.CORRUPT_PAYLOAD);
    }

    @Override
    public void reset() {
        decoder.resetState();
        if (decimator != null) {
            decimator.reset();
        }
    }

    private int checkConcealment(int samples, short[] pcm, int pcmOff) {
        return OpusDecodeChecks.concealment(sampleRate, samples, pcm, pcmOff);
    }

    private int run(byte[] data, int off, int len, short[] pcm, int pcmOff, int frameSize, boolean fec, int onRefusal) {
        try {
            if (decimator == null) {
                int n = decoder.decode(data, off, len, pcm, pcmOff, frameSize, fec);
                return n < 0 ? onRefusal : n;
            }
            int n = decoder.decode(data, off, len, wide, 0, frameSize * (48000 / sampleRate), fec);
            return n < 0 ? onRefusal : decimator.process(wide, 0, n, pcm, pcmOff);
        } catch (OpusException e) {
            return onRefusal;
        } catch (RuntimeException e) {
            // Concentus indexes arrays straight from packet bytes; a hostile packet must not kill the loop thread,
            // nor leave half-updated state behind for the next packet.
            decoder.resetState();
            if (decimator != null) {
                decimator.reset();
            }
            return CodecError.CORRUPT_PAYLOAD;
        }
    }
}
