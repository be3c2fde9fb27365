package org.rtcsip.sidecar.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus encoded by Concentus from 8 kHz mono PCM (the G.711 leg's rate), with the VOIP application: SILK
 * narrowband, tuned for speech. Accepts one Opus frame per call: 2.5, 5, 10, 20, 40 or 60 ms (20, 40, 80, 160,
 * 320 or 480 samples); 30 ms is not an Opus frame size (RFC 6716 §2.1.4).
 *
 * <p>Our code allocates nothing per packet; Concentus itself does (tens of KB per encoded frame), which is one
 * reason for the {@link AudioEncoder} seam.
 */
public final class ConcentusOpusEncoder implements AudioEncoder {
    public static final int SAMPLE_RATE = 8000;
    /** Below this an Opus encoder cannot write even a TOC plus a frame. */
    private static final int MIN_OUTPUT = 3;

    private final OpusEncoder encoder;
    private OpusEncoderSettings settings;

    public ConcentusOpusEncoder(OpusEncoderSettings settings) {
        try {
            this.encoder = new OpusEncoder(SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a mono VOIP encoder at 8000 Hz", e);
        }
        apply(settings);
    }

    /** Changes the settings between two packets (for instance the loss percentage from RTCP reports). */
    public void apply(OpusEncoderSettings newSettings) {
        this.settings = newSettings;
        encoder.setBitrate(newSettings.bitrate());
        encoder.setComplexity(newSettings.complexity());
        encoder.setUseInbandFEC(newSettings.inbandFec());
        encoder.setPacketLossPercent(newSettings.packetLossPercent());
        encoder.setUseDTX(newSettings.dtx());
        encoder.setUseVBR(!newSettings.cbr());
    }

    public OpusEncoderSettings settings() {
        return settings;
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    /** True for the sample counts one Opus frame can hold at 8 kHz. */
    public static boolean isFrameSize(int samples) {
        return samples == 20 || samples == 40 || samples == 80 || samples == 160 || samples == 320 || samples == 480;
    }

    @Override
    public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff, int maxLen) {
        if (!isFrameSize(samples) || pcm == null || pcmOff < 0 || pcmOff > pcm.length - samples) {
            return CodecError.BAD_FRAME_SIZE;
        }
        if (maxLen < MIN_OUTPUT || out == null || outOff < 0 || outOff > out.length - maxLen) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        try {
            int n = encoder.encode(pcm, pcmOff, samples, out, outOff, maxLen);
            return n < 0 ? CodecError.INTERNAL_ERROR : n;
        } catch (OpusException | RuntimeException e) {
            return CodecError.INTERNAL_ERROR;
        }
    }

    @Override
    public void reset() {
        encoder.resetState();
        apply(settings);
    }
}
