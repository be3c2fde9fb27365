package org.rtcsip.sidecar.rtp;

/**
 * The sequence numbers the sidecar writes toward a party it encrypts for. Relayed packets keep their sender's
 * numbering (gaps and reordering pass on as they were) until the sender jumps far; then the numbering toward the
 * party continues from the last number sent instead. SRTP indexes must never go back under one key (RFC 3711 §9.1)
 * and a receiver's 64-packet replay window (§3.3.2) must not be pushed past the packets that follow a stray: with
 * the sender's own numbers, one packet from a trunk that jumped would make every later one a "replay", on our
 * side and on the receiver's. Per SSRC, for the few SSRCs a direction carries; allocation-free, single-threaded.
 */
public final class OutgoingSequence {
    /** Further than this from the last packet (ahead or behind) is a jump: it stays inside a replay window. */
    static final int MAX_STEP = 64;
    private static final int SLOTS = 8;

    private final int[] ssrcs = new int[SLOTS];
    private final int[] offsets = new int[SLOTS];
    private final int[] lastIn = new int[SLOTS];
    private final int[] lastOut = new int[SLOTS];
    private final long[] lastUse = new long[SLOTS];
    private int used;
    private long uses;

    /** The number to send for a packet of {@code ssrc} that its sender numbered {@code seq}. */
    public int next(int ssrc, int seq) {
        seq &= 0xFFFF;
        int slot = slotOf(ssrc);
        if (slot < 0) {
            slot = claim(ssrc);
            lastIn[slot] = seq;
            lastOut[slot] = seq;
            return seq;
        }
        lastUse[slot] = ++uses;
        int ahead = (seq - lastIn[slot]) & 0xFFFF;
        int behind = (lastIn[slot] - seq) & 0xFFFF;
        if (ahead > MAX_STEP && behind > MAX_STEP) {
            offsets[slot] = (lastOut[slot] + 1 - seq) & 0xFFFF;
        }
        int out = (seq + offsets[slot]) & 0xFFFF;
        if (ahead > MAX_STEP && behind > MAX_STEP || (ahead != 0 && ahead < 0x8000)) {
            lastIn[slot] = seq;
            lastOut[slot] = out;
        }
        return out;
    }

    /** Rewrites the sequence number of the RTP packet in {@code buf[off, off+len)} in place. */
    public void rewrite(byte[] buf, int off, int len) {
        RtpHeader.setSequenceNumber(buf, off, next(RtpHeader.ssrc(buf, off, len),
                RtpHeader.sequenceNumber(buf, off, len)));
    }

    private int slotOf(int ssrc) {
        for (int i = 0; i < used; i++) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }

    /** A free slot, or the one used longest ago (an SSRC that came back after eight others starts anew). */
    private int claim(int ssrc) {
        int slot;
        if (used < SLOTS) {
            slot = used++;
        } else {
            slot = 0;
            for (int i = 1; i < SLOTS; i++) {
                if (lastUse[i] < lastUse[slot]) {
                    slot = i;
                }
            }
        }
        ssrcs[slot] = ssrc;
        offsets[slot] = 0;
        lastUse[slot] = ++uses;
        return slot;
    }
}
