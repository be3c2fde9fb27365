package org.rtcsip.sidecar.codec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;

/**
 * Opus encoded by the native libopus from 8 kHz mono PCM (the G.711 leg's rate), with the VOIP application: SILK
 * narrowband, tuned for speech. The same contract and settings as {@link ConcentusOpusEncoder}: one Opus frame per
 * call, 2.5, 5, 10, 20, 40 or 60 ms (20, 40, 80, 160, 320 or 480 samples).
 *
 * <p>Nothing is allocated per packet: PCM and payload pass through two native buffers made with the state. The
 * state lives outside the Java heap until {@link #close()} (a {@link Cleaner} frees it if the owner forgets).
 */
public final class LibOpusEncoder implements AudioEncoder {
    public static final int SAMPLE_RATE = ConcentusOpusEncoder.SAMPLE_RATE;
    /** Below this an Opus encoder cannot write even a TOC plus a frame. */
    private static final int MIN_OUTPUT = 3;
    /** The longest packet one call can make: 60 ms as three frames of at most 1275 bytes (RFC 6716 §3.2.1). */
    static final int MAX_PACKET = 4000;

    private final Cleaner.Cleanable cleanable;
    private final Pointer state;
    private final Memory input;
    private final Memory output;
    private OpusEncoderSettings settings;
    private boolean closed;

    /** @throws IllegalStateException if libopus is not loaded or refuses to make an encoder */
    public LibOpusEncoder(OpusEncoderSettings settings) {
        if (LibOpus.problem() != null) {
            throw new IllegalStateException("libopus is not available: " + LibOpus.problem());
        }
        Memory in = new Memory(2L * 480);
        Memory out = new Memory(MAX_PACKET);
        int[] error = new int[1];
        Pointer st = LibOpus.opus_encoder_create(SAMPLE_RATE, 1, LibOpus.OPUS_APPLICATION_VOIP, error);
        if (st == null || error[0] != LibOpus.OPUS_OK) {
            in.close();
            out.close();
            throw new IllegalStateException("libopus refused a mono VOIP encoder at 8000 Hz: "
                    + LibOpus.opus_strerror(error[0]));
        }
        this.cleanable = LibOpus.CLEANER.register(this, new LibOpus.CodecMemory(st, true, in, out));
        this.state = st;
        this.input = in;
        this.output = out;
        try {
            apply(settings);
        } catch (RuntimeException e) {
            close(); // free the native state now, not whenever the Cleaner runs
            throw e;
        }
    }

    /**
     * Changes the settings between two packets (for instance the loss percentage from RTCP reports).
     *
     * @throws IllegalStateException if libopus refuses one (it checks the same ranges as the settings record)
     */
    public void apply(OpusEncoderSettings newSettings) {
        if (closed) {
            throw new IllegalStateException("the libopus encoder is closed");
        }
        this.settings = newSettings;
        set(LibOpus.OPUS_SET_BITRATE_REQUEST, "bitrate", newSettings.bitrate());
        set(LibOpus.OPUS_SET_COMPLEXITY_REQUEST, "complexity", newSettings.complexity());
        set(LibOpus.OPUS_SET_INBAND_FEC_REQUEST, "in-band FEC", newSettings.inbandFec() ? 1 : 0);
        set(LibOpus.OPUS_SET_PACKET_LOSS_PERC_REQUEST, "packet loss", newSettings.packetLossPercent());
        set(LibOpus.OPUS_SET_DTX_REQUEST, "DTX", newSettings.dtx() ? 1 : 0);
        set(LibOpus.OPUS_SET_VBR_REQUEST, "VBR", newSettings.cbr() ? 0 : 1);
    }

    public OpusEncoderSettings settings() {
        return settings;
    }

    /** One encoder setting as libopus holds it (an {@code OPUS_GET_*} request), for tests. */
    int setting(int getRequest) {
        if (closed) {
            throw new IllegalStateException("the libopus encoder is closed");
        }
        int[] value = new int[1];
        int result = LibOpus.controls().opus_encoder_ctl(state, getRequest, (Object) value);
        if (result != LibOpus.OPUS_OK) {
            throw new IllegalStateException("libopus refused request " + getRequest + ": "
                    + LibOpus.opus_strerror(result));
        }
        return value[0];
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff, int maxLen) {
        if (!ConcentusOpusEncoder.isFrameSize(samples) || pcm == null || pcmOff < 0 || pcmOff > pcm.length - samples) {
            return CodecError.BAD_FRAME_SIZE;
        }
        if (maxLen < MIN_OUTPUT || out == null || outOff < 0 || outOff > out.length - maxLen) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        if (closed) {
            return CodecError.INTERNAL_ERROR;
        }
        input.write(0, pcm, pcmOff, samples);
        int n = LibOpus.opus_encode(state, input, samples, output, Math.min(maxLen, MAX_PACKET));
        if (n < 0) {
            return n == LibOpus.OPUS_BUFFER_TOO_SMALL ? CodecError.BUFFER_TOO_SMALL : CodecError.INTERNAL_ERROR;
        }
        output.read(0, out, outOff, n);
        return n;
    }

    /** Forgets the coding state; the settings stay (libopus keeps them across a reset). */
    @Override
    public void reset() {
        if (!closed) {
            LibOpus.controls().opus_encoder_ctl(state, LibOpus.OPUS_RESET_STATE);
        }
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    private void set(int request, String name, int value) {
        int result = LibOpus.controls().opus_encoder_ctl(state, request, value);
        if (result != LibOpus.OPUS_OK) {
            throw new IllegalStateException("libopus refused " + name + " " + value + ": "
                    + LibOpus.opus_strerror(result));
        }
    }
}
