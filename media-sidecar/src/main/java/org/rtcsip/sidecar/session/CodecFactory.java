package org.rtcsip.sidecar.session;

import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.ConcentusOpusDecoder;
import org.rtcsip.sidecar.codec.ConcentusOpusEncoder;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.codec.OpusParameters;
import org.rtcsip.sidecar.codec.G711Codec;

/**
 * Makes decoders and encoders for the formats {@link Transcodable} lists. Everything runs at 8 kHz mono: the
 * trunk side is narrowband, so Opus decodes straight to 8 kHz and encodes from it (no resampler, far less work).
 */
final class CodecFactory {
    static final int PCM_RATE = 8000;

    private final OpusEncoderSettings opusDefaults;

    CodecFactory(OpusEncoderSettings opusDefaults) {
        this.opusDefaults = opusDefaults;
    }

    AudioDecoder decoder(PayloadFormat f) {
        return switch (f.lowerName()) {
            case "pcmu" -> G711Codec.PCMU;
            case "pcma" -> G711Codec.PCMA;
            case "opus" -> new ConcentusOpusDecoder(PCM_RATE);
            default -> throw new IllegalArgumentException("no decoder for " + f.codecName());
        };
    }

    /** @param receiverFmtp the fmtp the receiving party put in its SDP (its wishes: bitrate, FEC, DTX) */
    AudioEncoder encoder(PayloadFormat f, String receiverFmtp) {
        return switch (f.lowerName()) {
            case "pcmu" -> G711Codec.PCMU;
            case "pcma" -> G711Codec.PCMA;
            case "opus" -> new ConcentusOpusEncoder(opusDefaults.toward(OpusParameters.parse(receiverFmtp)));
            default -> throw new IllegalArgumentException("no encoder for " + f.codecName());
        };
    }
}
