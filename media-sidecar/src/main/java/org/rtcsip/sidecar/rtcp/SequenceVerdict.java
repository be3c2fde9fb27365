package org.rtcsip.sidecar.rtcp;

/** What {@link RtpReceiveStatistics#onPacket} made of a packet's sequence number (RFC 3550 §A.1). */
public enum SequenceVerdict {
    /** Ahead of the highest sequence number so far (possibly after a gap, possibly wrapping past 65535). */
    IN_ORDER(true),
    /** Up to MAX_MISORDER behind the highest, not seen before: a late packet filling a gap. */
    REORDERED(true),
    /** Seen before within the last MAX_MISORDER sequence numbers. Counted as received, as RFC 3550 §6.4.1 says. */
    DUPLICATE(true),
    /** A new source is not trusted until MIN_SEQUENTIAL packets arrive in sequence; not counted. */
    PROBATION(false),
    /** A jump too large to be loss or reordering; not counted unless the next packet follows it. */
    JUMP_PENDING(false),
    /** The packet right after a jump arrived: the sender restarted its sequence, statistics start over from here. */
    RESTARTED(true);

    private final boolean counted;

    SequenceVerdict(boolean counted) {
        this.counted = counted;
    }

    /** Whether the packet entered the received count and the loss and jitter computation. */
    public boolean counted() {
        return counted;
    }
}
