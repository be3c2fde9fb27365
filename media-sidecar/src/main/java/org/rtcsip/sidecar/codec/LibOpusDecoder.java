package org.rtcsip.sidecar.codec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;

/**
 * Opus (RFC 6716, RTP payload RFC 7587) decoded by the native libopus, straight to mono at the rate the other leg
 * needs: unlike Concentus 1.0.2, libopus decodes hybrid packets (SILK + CELT, what browsers send for speech) at
 * any of its rates, so 8 kHz needs neither a 48 kHz detour nor a decimator. Stereo packets are down-mixed by the
 * decoder.
 *
 * <p>Nothing is allocated per packet: payload and PCM pass through two native buffers made with the state. The
 * state lives outside the Java heap until {@link #close()} (a {@link Cleaner} frees it if the owner forgets).
 * libopus refuses malformed packets with an error code, which comes back as {@link CodecError#CORRUPT_PAYLOAD}.
 */
public final class LibOpusDecoder implements AudioDecoder {
    /**
     * Longer payloads are refused as corrupt: beyond any RTP packet on a 1500-byte MTU path and the media loop's
     * receive buffer; 120 ms at 510 kbit/s, the most Opus can mean, is 7650 bytes.
     */
    static final int MAX_PAYLOAD = 8192;

    private final int sampleRate;
    private final Cleaner.Cleanable cleanable;
    private final Pointer state;
    private final Memory input;
    private final Memory output;
    private boolean closed;

    /**
     * @param sampleRate output rate: 8000, 12000, 16000, 24000 or 48000
     * @throws IllegalStateException if libopus is not loaded or refuses to make a decoder
     */
    public LibOpusDecoder(int sampleRate) {
        OpusDecodeChecks.requireDecoderRate(sampleRate);
        if (LibOpus.problem() != null) {
            throw new IllegalStateException("libopus is not available: " + LibOpus.problem());
        }
        this.sampleRate = sampleRate;
        Memory in = new Memory(MAX_PAYLOAD);
        Memory out = new Memory(2L * maxSamplesPerPacket());
        int[] error = new int[1];
        Pointer st = LibOpus.opus_decoder_create(sampleRate, 1, error);
        if (st == null || error[0] != LibOpus.OPUS_OK) {
            in.close();
            out.close();
            throw new IllegalStateException("libopus refused a mono decoder at " + sampleRate + " Hz: "
                    + LibOpus.opus_strerror(error[0]));
        }
        this.cleanable = LibOpus.CLEANER.register(this, new LibOpus.CodecMemory(st, false, in, out));
        this.state = st;
        this.input = in;
        this.output = out;
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
        if (len > MAX_PAYLOAD) {
            return CodecError.CORRUPT_PAYLOAD;
        }
        if (closed) {
            return CodecError.INTERNAL_ERROR;
        }
        input.write(0, payload, off, len);
        return run(input, len, pcm, pcmOff, samples, 0, CodecError.CORRUPT_PAYLOAD);
    }

    /** Opus concealment (the decoder extrapolates from the last frames); {@code samples} a multiple of 2.5 ms. */
    @Override
    public int decodeLost(int samples, short[] pcm, int pcmOff) {
        int checked = checkConcealment(samples, pcm, pcmOff);
        if (checked < 0) {
            return checked;
        }
        // opus_decode with a NULL packet conceals frame_size samples.
        return run(null, 0, pcm, pcmOff, samples, 0, CodecError.INTERNAL_ERROR);
    }

    @Override
    public boolean supportsFec() {
        return true;
    }

    /**
     * RFC 7587 §3.3: rebuilds the lost {@code samples} (a multiple of 2.5 ms, normally the lost packet's duration)
     * from the LBRR data in {@code nextPayload}; libopus conceals instead when the packet has none.
     */
    @Override
    public int decodeFec(byte[] nextPayload, int off, int len, int samples, short[] pcm, int pcmOff) {
        int next = OpusPacket.samples(nextPayload, off, len, sampleRate);
        if (next < 0) {
            return next;
        }
        if (len > MAX_PAYLOAD) {
            return CodecError.CORRUPT_PAYLOAD;
        }
        int checked = checkConcealment(samples, pcm, pcmOff);
        if (checked < 0) {
            return checked;
        }
        input.write(0, nextPayload, off, len);
        return run(input, len, pcm, pcmOff, samples, 1, CodecError.CORRUPT_PAYLOAD);
    }

    @Override
    public void reset() {
        if (!closed) {
            LibOpus.controls().opus_decoder_ctl(state, LibOpus.OPUS_RESET_STATE);
        }
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    private int checkConcealment(int samples, short[] pcm, int pcmOff) {
        if (closed) {
            return CodecError.INTERNAL_ERROR;
        }
        return OpusDecodeChecks.concealment(sampleRate, samples, pcm, pcmOff);
    }

    private int run(Pointer data, int len, short[] pcm, int pcmOff, int frameSize, int fec, int onRefusal) {
        int n = LibOpus.opus_decode(state, data, len, output, frameSize, fec);
        if (n < 0) {
            // OPUS_INVALID_PACKET, OPUS_BUFFER_TOO_SMALL (frames longer than the TOC said): the packet's fault.
            return n == LibOpus.OPUS_INTERNAL_ERROR ? CodecError.INTERNAL_ERROR : onRefusal;
        }
        if (n > frameSize) {
            return CodecError.INTERNAL_ERROR;
        }
        output.read(0, pcm, pcmOff, n);
        return n;
    }
}
