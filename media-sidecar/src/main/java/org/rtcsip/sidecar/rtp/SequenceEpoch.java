package org.rtcsip.sidecar.rtp;

/**
 * Follows one direction's RTP sequence numbers for a path that has no jitter buffer (the transcoder): says of each
 * packet whether it continues the current run, is too late, or jumps. A jump too large to be loss or reordering is
 * held back until the next packet confirms it (RFC 3550 §A.1's bad_seq probation): a single stray packet from the
 * sender - what trunks and PBXs send around a transfer - then costs that one packet, and a sender that really
 * restarted its numbering is followed from its second packet. A new SSRC is a new source at once. Sans-IO,
 * allocation-free, single-threaded.
 */
public final class SequenceEpoch {
    /** What a packet is to the current run. */
    public enum Step {
        /** The first packet, or one of another SSRC: a new source; nothing before it to conceal. */
        NEW_SOURCE,
        /** The next packet of the run, possibly after {@link #gap()} missing ones. */
        NEXT,
        /** A duplicate, or behind the newest packet: too late for a path without a jitter buffer. */
        LATE,
        /** Too far from the run to be loss or reordering; dropped unless the next packet follows it. */
        HELD,
        /** The packet right after a held one: the sender's numbering restarted there (a new epoch). */
        RESTART
    }

    private final int maxGap;
    private final int maxLate;
    private boolean started;
    private int ssrc;
    private int newest;
    private boolean holding;
    private int heldSeq;
    private int gap;

    /**
     * @param maxGap  most missing packets a {@link Step#NEXT} may skip; a longer jump ahead is held
     * @param maxLate how far behind the newest a packet is merely late; further behind is a jump, and held
     */
    public SequenceEpoch(int maxGap, int maxLate) {
        if (maxGap < 0 || maxLate < 0 || maxGap + maxLate >= 0x8000) {
            throw new IllegalArgumentException("maxGap " + maxGap + " and maxLate " + maxLate);
        }
        this.maxGap = maxGap;
        this.maxLate = maxLate;
    }

    /** Classifies the packet and moves the run on when it is one of {@link Step#NEW_SOURCE}, NEXT or RESTART. */
    public Step next(int packetSsrc, int sequenceNumber) {
        int seq = sequenceNumber & 0xFFFF;
        if (!started || packetSsrc != ssrc) {
            started = true;
            ssrc = packetSsrc;
            return restartAt(seq, Step.NEW_SOURCE);
        }
        int ahead = (seq - newest) & 0xFFFF;
        if (ahead >= 1 && ahead <= maxGap + 1) {
            gap = ahead - 1;
            newest = seq;
            holding = false;
            return Step.NEXT;
        }
        gap = 0;
        if (((newest - seq) & 0xFFFF) <= maxLate) {
            return Step.LATE;
        }
        if (holding && seq == ((heldSeq + 1) & 0xFFFF)) {
            return restartAt(seq, Step.RESTART);
        }
        holding = true;
        heldSeq = seq;
        return Step.HELD;
    }

    private Step restartAt(int seq, Step step) {
        newest = seq;
        holding = false;
        gap = 0;
        return step;
    }

    /** Packets missing right before the last {@link Step#NEXT}; 0 after any other step. */
    public int gap() {
        return gap;
    }

    /** Forgets the run: the next packet is a new source. */
    public void reset() {
        started = false;
        holding = false;
        gap = 0;
    }
}
