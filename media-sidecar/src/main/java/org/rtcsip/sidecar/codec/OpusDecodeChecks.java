package org.rtcsip.sidecar.codec;

/**
 * The argument checks every Opus decoder backend makes before it decodes, conceals or rebuilds a frame, so that
 * both backends refuse the same inputs with the same {@link CodecError}s.
 */
final class OpusDecodeChecks {
    private OpusDecodeChecks() {
    }

    /** RFC 6716 §2: an Opus decoder renders at 8, 12, 16, 24 or 48 kHz. */
    static void requireDecoderRate(int sampleRate) {
        if (sampleRate != 8000 && sampleRate != 12000 && sampleRate != 16000 && sampleRate != 24000
                && sampleRate != 48000) {
            throw new IllegalArgumentException("opus decoder rate " + sampleRate
                    + " Hz: Opus decodes at 8000, 12000, 16000, 24000 or 48000 Hz only");
        }
    }

    /** 120 ms, the longest Opus packet (RFC 6716 §3.2.5), at {@code sampleRate}. */
    static int maxSamplesPerPacket(int sampleRate) {
        return sampleRate * 120 / 1000;
    }

    /**
     * {@code samples} to conceal or rebuild into {@code pcm[pcmOff]}: libopus works in whole 2.5 ms steps up to
     * 120 ms. Returns {@code samples}, or a negative {@link CodecError}.
     */
    static int concealment(int sampleRate, int samples, short[] pcm, int pcmOff) {
        if (samples <= 0 || samples % (sampleRate / 400) != 0 || samples > maxSamplesPerPacket(sampleRate)) {
            return CodecError.BAD_FRAME_SIZE;
        }
        return fits(pcm, pcmOff, samples) ? samples : CodecError.BUFFER_TOO_SMALL;
    }

    static boolean fits(short[] pcm, int pcmOff, int samples) {
        return pcm != null && pcmOff >= 0 && pcmOff <= pcm.length - samples;
    }
}
