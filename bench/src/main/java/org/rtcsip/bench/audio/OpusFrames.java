package org.rtcsip.bench.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Opus frames (RFC 6716) encoded with Concentus, once, before any timing starts. The RTP clock of Opus is always
 * 48000 (RFC 7587 §4.1), so a 20 ms frame advances the timestamp by 960 whatever the input rate.
 */
public final class OpusFrames {
    /** Encoder settings of the frames the generator sends; printed with the results. */
    public record Settings(int sampleRate, int bitrate, int complexity) {
        @Override
        public String toString() {
            return "Opus " + sampleRate / 1000 + " kHz mono input, " + bitrate / 1000 + " kbit/s, complexity "
                    + complexity + ", VOIP, 20 ms (Concentus 1.0.2, generator side)";
        }
    }

    public static final Settings DEFAULT = new Settings(48000, 32000, 10);

    private OpusFrames() {
    }

    /** True if Concentus is on the class path. */
    public static boolean available() {
        try {
            Class.forName("io.github.jaredmdobson.concentus.OpusEncoder");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code seconds} of the speech-like signal as Opus frames.
     *
     * @throws IllegalStateException if Concentus refuses the settings
     */
    public static FrameSet encode(Settings settings, double seconds, long seed) {
        short[] pcm = SpeechLikeSignal.generate(settings.sampleRate(), seconds, seed);
        int samples = settings.sampleRate() * FrameSet.FRAME_MILLIS / 1000;
        byte[][] frames = new byte[pcm.length / samples][];
        byte[] out = new byte[1275]; // RFC 6716 §3.4: the largest frame
        try {
            OpusEncoder encoder = new OpusEncoder(settings.sampleRate(), 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(settings.bitrate());
            encoder.setComplexity(settings.complexity());
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
            for (int f = 0; f < frames.length; f++) {
                int len = encoder.encode(pcm, f * samples, samples, out, 0, out.length);
                frames[f] = java.util.Arrays.copyOf(out, len);
            }
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused " + settings + ": " + e.getMessage(), e);
        }
        return new FrameSet("opus/48000/2", 48000 * FrameSet.FRAME_MILLIS / 1000, frames);
    }
}
