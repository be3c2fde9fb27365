package org.rtcsip.sidecar.codec;

/**
 * Carries RFC 4733 telephone-events from one clock rate to another (telephone-event/48000 toward a browser,
 * telephone-event/8000 toward a trunk), one event stream in one direction, one thread.
 *
 * <p>The caller gives the anchor: which input RTP timestamp corresponds to which output one (the same mapping it
 * uses for the audio of this stream, so events stay in place with the audio). Then each received event payload is
 * {@link #map mapped} to an output payload written into a caller buffer, with {@link #timestamp()} the output RTP
 * timestamp and {@link #marker()} the M bit for it:
 * <ul>
 *   <li>The event's timestamp and each duration are rescaled ({@code round(units * outRate / inRate)});
 *       durations are differences of rescaled times, so they grow monotonically and end where the event ends.</li>
 *   <li>Output segmentation is our own (RFC 4733 §2.5.1.3): input segments of a long event are joined, and an
 *       output duration past 0xFFFF starts a new output segment at {@code start + 0xFFFF}.</li>
 *   <li>The end packet is sent three times (RFC 4733 §2.5.1.4): the first received end goes out as the end, repeats
 *       of it from the sender are forwarded as our repeats, and {@link #repeatEnd} makes up the ones the sender
 *       did not send (call it once per packet interval while {@link #pendingEndRepeats()} is above zero). More end
 *       packets than three are dropped.</li>
 *   <li>Late packets of an older event, and updates reordered behind a longer one, are dropped: receivers only
 *       ever see durations grow.</li>
 * </ul>
 * No allocation, no exceptions after construction.
 */
public final class TelephoneEventRescaler {
    /** What {@link #map} did with a payload; {@link #label()} names the drop reason for counters. */
    public enum Verdict {
        /** An output payload was written: send it with {@link #timestamp()} and {@link #marker()}. */
        SEND("ok"),
        /** A repeat of the end packet was written (the sender's own repeat, passed on as one of our three). */
        SEND_REPEATED_END("ok"),
        /** The sender repeated its end packet more than our three sends need. */
        DROP_REPEATED_END("dtmf_repeated_end"),
        /** A packet of an older event, or an update older than one already sent. */
        DROP_STALE("dtmf_stale"),
        /** Shorter than one 4-byte event block. */
        DROP_MALFORMED("dtmf_malformed");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public boolean sends() {
            return this == SEND || this == SEND_REPEATED_END;
        }

        public String label() {
            return label;
        }
    }

    /** RFC 4733 §2.5.1.4: the end packet goes out three times in all. */
    public static final int END_SENDS = 3;
    private static final long MASK32 = 0xFFFFFFFFL;

    private final int inRate;
    private final int outRate;
    private long inBase;
    private long outBase;

    private boolean active;
    private boolean ended;
    private int event;
    private int volume;
    /** Input offsets are signed distances from {@link #inBase}, so wrap-around stays arithmetic. */
    private long inSegmentOffset;
    private long inReportedEndOffset;
    private long outSegmentOffset;
    private int outDuration;
    private int endRepeatsLeft;

    private long lastTimestamp;
    private boolean lastMarker;

    public TelephoneEventRescaler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("telephone-event clock rates must be positive: " + inRate + " -> "
                    + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Input RTP timestamp {@code inTimestamp} corresponds to output RTP timestamp {@code outTimestamp}. */
    public void anchor(long inTimestamp, long outTimestamp) {
        // Offsets kept for the running event are relative to the old anchor: move them with it, or the next
        // event compares offsets from two different bases and is dropped as stale.
        long inShift = (int) ((inTimestamp & MASK32) - inBase);
        long outShift = (int) ((outTimestamp & MASK32) - outBase);
        this.inBase = inTimestamp & MASK32;
        this.outBase = outTimestamp & MASK32;
        inSegmentOffset -= inShift;
        if (inReportedEndOffset != Long.MIN_VALUE) {
            inReportedEndOffset -= inShift;
        }
        outSegmentOffset -= outShift;
    }

    /** The output RTP timestamp for an input one, under the current anchor. */
    public long rescaleTimestamp(long inTimestamp) {
        return outTimestampAt(scale(offset(inTimestamp)));
    }

    /**
     * Maps one received telephone-event payload {@code (in, off, len)} sent with RTP timestamp {@code inTimestamp}.
     * On a sending verdict, 4 bytes were written at {@code out[outOff]}.
     */
    public Verdict map(long inTimestamp, byte[] in, int off, int len, byte[] out, int outOff) {
        if (!TelephoneEvent.fits(in, off, len)) {
            return Verdict.DROP_MALFORMED;
        }
        int code = TelephoneEvent.event(in, off);
        boolean end = TelephoneEvent.end(in, off);
        long segment = offset(inTimestamp);
        long reportedEnd = segment + TelephoneEvent.duration(in, off);

        if (active && code == event && segment == inSegmentOffset) {
            return sameSegment(end, reportedEnd, out, outOff);
        }
        if (active && code == event && !ended && segment > inSegmentOffset
                && (segment - inSegmentOffset == TelephoneEvent.MAX_DURATION || segment <= inReportedEndOffset)) {
            // RFC 4733 §2.5.1.3: the sender started a new segment of the same long event.
            inSegmentOffset = segment;
            return sameSegment(end, reportedEnd, out, outOff);
        }
        if (active && segment <= inSegmentOffset) {
            return Verdict.DROP_STALE;
        }
        // A new event; an unfinished previous one lost its end packets, and the new timestamp tells the receiver.
        active = true;
        ended = false;
        event = code;
        inSegmentOffset = segment;
        inReportedEndOffset = Long.MIN_VALUE;
        outSegmentOffset = scale(segment);
        outDuration = -1;
        endRepeatsLeft = 0;
        Verdict v = report(end, reportedEnd, TelephoneEvent.volume(in, off), out, outOff);
        lastMarker = true; // RFC 4733 §2.5.1.1: M bit on the first packet of an event.
        return v;
    }

    /** End sends still owed for the last event (0 to 2). */
    public int pendingEndRepeats() {
        return endRepeatsLeft;
    }

    /**
     * Writes the last event's end packet again if a repeat is owed (RFC 4733 §2.5.1.4), for sending at the next
     * packet interval; {@link #timestamp()} and {@link #marker()} then describe it. False if none is owed.
     */
    public boolean repeatEnd(byte[] out, int outOff) {
        if (endRepeatsLeft == 0) {
            return false;
        }
        endRepeatsLeft--;
        writeCurrent(out, outOff, true);
        return true;
    }

    /** The output RTP timestamp of the payload last written. */
    public long timestamp() {
        return lastTimestamp;
    }

    /** Whether the payload last written starts an event (RTP M bit). */
    public boolean marker() {
        return lastMarker;
    }

    /** Forgets the current event (new input SSRC); the anchor stays. */
    public void reset() {
        active = false;
        ended = false;
        endRepeatsLeft = 0;
    }

    private Verdict sameSegment(boolean end, long reportedEnd, byte[] out, int outOff) {
        if (ended) {
            if (!end) {
                return Verdict.DROP_STALE;
            }
            if (endRepeatsLeft == 0) {
                return Verdict.DROP_REPEATED_END;
            }
            endRepeatsLeft--;
            writeCurrent(out, outOff, true);
            return Verdict.SEND_REPEATED_END;
        }
        if (reportedEnd < inReportedEndOffset) {
            return Verdict.DROP_STALE;
        }
        return report(end, reportedEnd, volume, out, outOff);
    }

    private Verdict report(boolean end, long reportedEnd, int newVolume, byte[] out, int outOff) {
        inReportedEndOffset = reportedEnd;
        volume = newVolume;
        long duration = scale(reportedEnd) - outSegmentOffset;
        if (duration > TelephoneEvent.MAX_DURATION) {
            long segments = (duration - 1) / TelephoneEvent.MAX_DURATION;
            outSegmentOffset += segments * TelephoneEvent.MAX_DURATION;
            duration -= segments * TelephoneEvent.MAX_DURATION;
        }
        outDuration = (int) Math.max(duration, 0);
        if (end) {
            ended = true;
            endRepeatsLeft = END_SENDS - 1;
        }
        writeCurrent(out, outOff, end);
        return Verdict.SEND;
    }

    private void writeCurrent(byte[] out, int outOff, boolean end) {
        TelephoneEvent.write(out, outOff, event, end, volume, outDuration);
        lastTimestamp = outTimestampAt(outSegmentOffset);
        lastMarker = false;
    }

    private long offset(long inTimestamp) {
        return (int) ((inTimestamp & MASK32) - inBase);
    }

    private long scale(long inUnits) {
        return Math.floorDiv(inUnits * outRate + inRate / 2, inRate);
    }

    private long outTimestampAt(long outOffset) {
        return (outBase + outOffset) & MASK32;
    }
}
