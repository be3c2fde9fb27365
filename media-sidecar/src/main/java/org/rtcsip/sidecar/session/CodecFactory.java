package org.rtcsip.sidecar.session;

import java.util.function.Consumer;

import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.codec.OpusParameters;
import org.rtcsip.sidecar.codec.G711Codec;

/**
 * Makes decoders and encoders for the formats {@link Transcodable} lists. Everything runs at 8 kHz mono: the
 * trunk side is narrowband, so Opus decodes straight to 8 kHz and encodes from it (no resampler, far less work).
 * Opus comes from the backend chosen at start-up ({@link OpusCodecs}: libopus or Concentus). The caller owns what
 * it gets and closes it when the stream ends (libopus state lives outside the Java heap).
 */
final class CodecFactory {
    static final int PCM_RATE = 8000;

    private final OpusCodecs opus;
    private final OpusEncoderSettings opusDefaults;

    CodecFactory(OpusCodecs opus, OpusEncoderSettings opusDefaults) {
        this.opus = opus;
        this.opusDefaults = opusDefaults;
    }

    AudioDecoder decoder(PayloadFormat f) {
        return switch (f.lowerName()) {
            case "pcmu" -> G711Codec.PCMU;
            case "pcma" -> G711Codec.PCMA;
            case "opus" -> opus.decoder(PCM_RATE);
            default -> throw new IllegalArgumentException("no decoder for " + f.codecName());
        };
    }

    /**
     * @param receiverFmtp the fmtp the receiving party put in its SDP (its wishes: bitrate, FEC, DTX)
     * @param fmtpWarnings told what of that fmtp was ignored or clamped, and why
     */
    AudioEncoder encoder(PayloadFormat f, String receiverFmtp, Consumer<String> fmtpWarnings) {
        return switch (f.lowerName()) {
            case "pcmu" -> G711Codec.PCMU;
            case "pcma" -> G711Codec.PCMA;
            case "opus" -> opus.encoder(opusDefaults.toward(OpusParameters.parse(receiverFmtp, fmtpWarnings)));
            default -> throw new IllegalArgumentException("no encoder for " + f.codecName());
        };
    }
}
