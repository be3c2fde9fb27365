package org.rtcsip.bench.audio;

/**
 * Payloads of consecutive 20 ms frames of one codec, encoded once at start and sent in a loop, with what the
 * RTP header needs: the RTP clock advance per frame and the codec's name for logs.
 */
public final class FrameSet {
    /** Every scenario paces at one frame per 20 ms per call and direction. */
    public static final int FRAME_MILLIS = 20;

    private final String codec;
    private final int timestampStep;
    private final byte[][] frames;

    public FrameSet(String codec, int timestampStep, byte[][] frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a frame set needs at least one frame");
        }
        this.codec = codec;
        this.timestampStep = timestampStep;
        this.frames = frames;
    }

    /** PCMU (RTP clock 8000: 160 samples per frame) of {@code seconds} of the speech-like signal. */
    public static FrameSet pcmu(double seconds, long seed) {
        short[] pcm = SpeechLikeSignal.generate(8000, seconds, seed);
        int samples = 8000 * FRAME_MILLIS / 1000;
        byte[][] frames = new byte[pcm.length / samples][samples];
        for (int f = 0; f < frames.length; f++) {
            MuLaw.encode(pcm, f * samples, samples, frames[f], 0);
        }
        return new FrameSet("PCMU/8000", samples, frames);
    }

    public String codec() {
        return codec;
    }

    public int timestampStep() {
        return timestampStep;
    }

    public int size() {
        return frames.length;
    }

    /** Frame {@code index modulo size()}; shared, do not modify. */
    public byte[] frame(long index) {
        return frames[(int) Math.floorMod(index, (long) frames.length)];
    }

    /** The largest payload, to size send buffers. */
    public int largestFrame() {
        int max = 0;
        for (byte[] f : frames) {
            max = Math.max(max, f.length);
        }
        return max;
    }
}
