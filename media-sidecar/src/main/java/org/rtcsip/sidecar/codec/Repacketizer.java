package org.rtcsip.sidecar.codec;

import java.util.Arrays;

/**
 * Cuts a stream of decoded PCM into frames of the outgoing ptime (10, 20, 30 or 40 ms) and keeps the RTP
 * timestamp of each frame, so the output timeline follows the input's real time: timestamps only grow, by the
 * frame length while audio flows and by the length of a gap where the caller says no audio was sent.
 *
 * <p>The caller says what time passed: {@link #push} for audio (decoded, or concealed for lost packets: both are
 * audio), {@link #skip} for time with nothing to send (Opus DTX, comfort noise, a sender that paused). A skip closes
 * the frame being filled with silence so no speech is held back, and the frame after the gap starts at the
 * timestamp where the audio resumes. Frames come out with {@link #pull} in order.
 *
 * <p>Timestamps are in samples of the stream's rate, kept as a growing {@code long} and given out modulo 2^32.
 * Fixed capacity, allocated once; no allocation per call. One thread.
 */
public final class Repacketizer {
    private static final long MASK32 = 0xFFFFFFFFL;

    private final int frameSamples;
    private final int slots;
    private final short[] samples;
    private final long[] slotTimestamps;

    /** Index of the oldest queued frame and the number of full frames queued. */
    private int head;
    private int fullFrames;
    /** Samples in the frame being filled, which sits at slot {@code (head + fullFrames) % slots}. */
    private int filling;
    /** Timestamp of the next sample pushed. */
    private long writeTimestamp;

    /**
     * @param sampleRate     samples per second (8000 for G.711)
     * @param ptimeMillis    10, 20, 30 or 40
     * @param capacityFrames frames that may wait for {@link #pull} (at least 2)
     * @param firstTimestamp RTP timestamp of the first sample
     */
    public Repacketizer(int sampleRate, int ptimeMillis, int capacityFrames, long firstTimestamp) {
        if (ptimeMillis != 10 && ptimeMillis != 20 && ptimeMillis != 30 && ptimeMillis != 40) {
            throw new IllegalArgumentException("ptime " + ptimeMillis + " ms: the transcoder sends 10, 20, 30 or 40");
        }
        if (sampleRate <= 0 || sampleRate % 100 != 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz: not a whole number of samples per 10 ms");
        }
        if (capacityFrames < 2) {
            throw new IllegalArgumentException("repacketizer capacity " + capacityFrames + ": at least 2 frames");
        }
        this.frameSamples = sampleRate / 1000 * ptimeMillis;
        this.slots = capacityFrames;
        this.samples = new short[frameSamples * capacityFrames];
        this.slotTimestamps = new long[capacityFrames];
        this.writeTimestamp = firstTimestamp & MASK32;
    }

    public int frameSamples() {
        return frameSamples;
    }

    /** Full frames waiting for {@link #pull}. */
    public int framesReady() {
        return fullFrames;
    }

    /** Samples held in the frame being filled. */
    public int partialSamples() {
        return filling;
    }

    /** RTP timestamp (mod 2^32) the next pushed sample will have. */
    public long writeTimestamp() {
        return writeTimestamp & MASK32;
    }

    /** Room left, in samples, before {@link #push} refuses audio. */
    public int room() {
        return (slots - fullFrames) * frameSamples - filling;
    }

    /**
     * Appends {@code n} samples of audio. Returns {@code n}, or {@link CodecError#BUFFER_TOO_SMALL} (and appends
     * nothing) when fewer than {@code n} fit: the caller did not pull.
     */
    public int push(short[] pcm, int off, int n) {
        if (n < 0 || pcm == null || off < 0 || off > pcm.length - n) {
            return CodecError.BAD_FRAME_SIZE;
        }
        if (n > room()) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        int left = n;
        int from = off;
        while (left > 0) {
            int take = Math.min(left, frameSamples - filling);
            int slot = fillingSlot();
            if (filling == 0) {
                slotTimestamps[slot] = writeTimestamp;
            }
            System.arraycopy(pcm, from, samples, slot * frameSamples + filling, take);
            filling += take;
            from += take;
            left -= take;
            writeTimestamp += take;
            if (filling == frameSamples) {
                fullFrames++;
                filling = 0;
            }
        }
        return n;
    }

    /**
     * {@code n} samples of time passed with no audio to send. A partly filled frame is completed with silence
     * (as much of the gap as it needs) and queued; the rest of the gap only moves the timestamp on.
     */
    public void skip(long n) {
        if (n <= 0) {
            return;
        }
        if (filling > 0) {
            int pad = (int) Math.min(n, frameSamples - filling);
            int slot = fillingSlot();
            Arrays.fill(samples, slot * frameSamples + filling, slot * frameSamples + filling + pad, (short) 0);
            filling += pad;
            if (filling == frameSamples) {
                fullFrames++;
                filling = 0;
            }
        }
        writeTimestamp += n;
    }

    /** RTP timestamp (mod 2^32) of the frame {@link #pull} would give next; meaningful when a frame is ready. */
    public long nextFrameTimestamp() {
        return slotTimestamps[head] & MASK32;
    }

    /**
     * Copies the oldest full frame to {@code out[outOff]} and returns its sample count, or 0 when no frame is full
     * ({@link CodecError#BUFFER_TOO_SMALL} if {@code out} has no room). Read {@link #nextFrameTimestamp()} first.
     */
    public int pull(short[] out, int outOff) {
        if (fullFrames == 0) {
            return 0;
        }
        if (out == null || outOff < 0 || outOff > out.length - frameSamples) {
            return CodecError.BUFFER_TOO_SMALL;
        }
        System.arraycopy(samples, head * frameSamples, out, outOff, frameSamples);
        head = (head + 1) % slots;
        fullFrames--;
        return frameSamples;
    }

    /** Drops everything queued and restarts the timeline at {@code firstTimestamp}. */
    public void reset(long firstTimestamp) {
        head = 0;
        fullFrames = 0;
        filling = 0;
        writeTimestamp = firstTimestamp & MASK32;
    }

    private int fillingSlot() {
        return (head + fullFrames) % slots;
    }
}
