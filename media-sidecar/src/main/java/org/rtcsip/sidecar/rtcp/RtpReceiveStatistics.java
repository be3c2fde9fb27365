package org.rtcsip.sidecar.rtcp;

import java.util.Arrays;

import org.rtcsip.sidecar.rtp.RtpHeader;

/**
 * Reception statistics of one SSRC of one stream, for RTCP report blocks and for metrics: RFC 3550 §A.1 sequence
 * validation, §A.3 loss, §A.8 interarrival jitter. Mutable and single-threaded (owned by the stream's loop thread);
 * nothing is allocated per packet and time is passed in.
 *
 * <p>As in §A.1 the first packet of a new source, and a packet that jumps more than MAX_DROPOUT ahead, are not
 * counted ({@link SequenceVerdict#counted()} is false); whether to forward them anyway is the caller's choice.
 * Duplicates are counted as received, as §6.4.1 specifies, so cumulative loss can go negative;
 * {@link #duplicates()} tells them apart.
 */
public final class RtpReceiveStatistics {
    static final int RTP_SEQ_MOD = 1 << 16;
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    static final int MIN_SEQUENTIAL = 2;
    /** Power of two above MAX_MISORDER: remembers which recent extended sequence numbers arrived. */
    private static final int SEEN_WINDOW = 128;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int ssrc;
    private final long[] seenExtendedSeq = new long[SEEN_WINDOW];

    // RFC 3550 §A.1 "source" state.
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    // RFC 3550 §A.8 jitter state, in RTP timestamp units.
    private boolean haveTransit;
    private int transit;
    private double jitter;
    private int clockRate;

    // Last SR from this source, for LSR/DLSR.
    private long lastSenderReport;
    private long lastSenderReportArrivalNanos;

    // Lifetime counters, not reset on a sequence restart.
    private long packets;
    private long octets;
    private long duplicates;
    private long reordered;
    private long discarded;
    private long restarts;

    public RtpReceiveStatistics(int ssrc) {
        this.ssrc = ssrc;
    }

    public int ssrc() {
        return ssrc;
    }

    /**
     * Accounts for one packet of a view that passed {@link RtpHeader#validate}: its sequence number and timestamp,
     * and its payload length as octets (the unit of the sender's SR octet count).
     */
    public SequenceVerdict onPacket(byte[] b, int off, int len, long arrivalNanos, int clockRate) {
        return onPacket(RtpHeader.sequenceNumber(b, off, len), RtpHeader.timestamp(b, off, len),
                RtpHeader.payloadLength(b, off, len), arrivalNanos, clockRate);
    }

    /**
     * Accounts for one packet.
     *
     * @param sequenceNumber 0..65535
     * @param rtpTimestamp the packet's RTP timestamp (low 32 bits are used)
     * @param octets what to add to {@link #octets()} if the packet is counted
     * @param arrivalNanos arrival time on any monotonic clock, the same for every call
     * @param clockRate RTP clock rate of the payload format, in Hz (> 0)
     */
    public SequenceVerdict onPacket(int sequenceNumber, long rtpTimestamp, int octets, long arrivalNanos,
            int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("RTP clock rate must be positive, got " + clockRate);
        }
        int seq = sequenceNumber & 0xFFFF;
        SequenceVerdict verdict = updateSequence(seq);
        if (!verdict.counted()) {
            discarded++;
            return verdict;
        }
        packets++;
        this.octets += octets;
        if (verdict == SequenceVerdict.DUPLICATE) {
            duplicates++;
            return verdict;
        }
        if (verdict == SequenceVerdict.REORDERED) {
            reordered++;
        }
        updateJitter(rtpTimestamp, arrivalNanos, clockRate);
        return verdict;
    }

    /** RFC 3550 §A.1 update_seq, plus telling duplicates from reordered packets. */
    private SequenceVerdict updateSequence(int seq) {
        if (!started) {
            started = true;
            initSequence(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            // §A.1 compares seq == max_seq + 1 without wrapping; 65535 -> 0 is sequential too.
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSequence(seq);
                    countReceived(cycles + seq);
                    return SequenceVerdict.IN_ORDER;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return SequenceVerdict.PROBATION;
        }
        if (udelta < MAX_DROPOUT) {
            if (udelta == 0) {
                return countReceived(cycles + seq) ? SequenceVerdict.DUPLICATE : SequenceVerdict.REORDERED;
            }
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
            countReceived(cycles + seq);
            return SequenceVerdict.IN_ORDER;
        }
        if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // Two sequential packets after a jump: the sender restarted (§A.1).
                initSequence(seq);
                restarts++;
                haveTransit = false;
                countReceived(cycles + seq);
                return SequenceVerdict.RESTARTED;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return SequenceVerdict.JUMP_PENDING;
        }
        // Behind the highest by less than MAX_MISORDER; before it in the previous cycle if seq > maxSeq.
        long extended = seq <= maxSeq ? cycles + seq : cycles - RTP_SEQ_MOD + seq;
        return countReceived(extended) ? SequenceVerdict.DUPLICATE : SequenceVerdict.REORDERED;
    }

    /** received++ as in §A.1; returns true if this extended sequence number had been received already. */
    private boolean countReceived(long extendedSeq) {
        received++;
        int slot = (int) (extendedSeq & (SEEN_WINDOW - 1));
        if (seenExtendedSeq[slot] == extendedSeq) {
            return true;
        }
        seenExtendedSeq[slot] = extendedSeq;
        return false;
    }

    /** RFC 3550 §A.1 init_seq. */
    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so that seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        Arrays.fill(seenExtendedSeq, Long.MIN_VALUE); // packets just before the base have negative numbers
    }

    /**
     * RFC 3550 §A.8: J += (|D| - J) / 16, with D the change in transit time (arrival minus RTP timestamp, both in
     * timestamp units). Arrival is converted with integer arithmetic, so it is quantized to one timestamp unit as
     * the RFC's integer arrival clock is; the differences use 32-bit wrapping like the RFC's C code.
     */
    private void updateJitter(long rtpTimestamp, long arrivalNanos, int clockRate) {
        if (clockRate != this.clockRate) {
            // Timestamp units changed meaning (payload type switch): start the estimate over.
            this.clockRate = clockRate;
            haveTransit = false;
            jitter = 0;
        }
        long arrival = Math.floorDiv(arrivalNanos, NANOS_PER_SECOND) * clockRate
                + Math.floorMod(arrivalNanos, NANOS_PER_SECOND) * clockRate / NANOS_PER_SECOND;
        int newTransit = (int) arrival - (int) rtpTimestamp;
        if (!haveTransit) {
            haveTransit = true;
            transit = newTransit;
            return;
        }
        long d = Math.abs((long) (newTransit - transit));
        transit = newTransit;
        jitter += (d - jitter) / 16.0;
    }

    /** Remembers an SR from this source so that the next report block carries LSR and DLSR (RFC 3550 §6.4.1). */
    public void onSenderReport(long ntpMsw, long ntpLsw, long arrivalNanos) {
        lastSenderReport = ((ntpMsw & 0xFFFF) << 16) | ((ntpLsw >>> 16) & 0xFFFF);
        lastSenderReportArrivalNanos = arrivalNanos;
    }

    /**
     * Fills {@code out} with a report block for this source as of {@code nowNanos} (same clock as arrivals), and
     * starts a new interval for the fraction lost (RFC 3550 §A.3). Returns whether any packet was counted since the
     * previous call: RFC 3550 §6.4 reports only on sources heard from since the last report.
     */
    public boolean takeReportBlock(long nowNanos, ReportBlockValues out) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        out.ssrc = ssrc;
        out.fractionLost = expectedInterval == 0 || lostInterval <= 0
                ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        out.cumulativeLost = (int) Math.max(-0x80_0000, Math.min(0x7F_FFFF, cumulativeLost()));
        out.extendedHighestSeq = extendedHighestSequence() & 0xFFFF_FFFFL;
        out.jitter = jitter();
        out.lastSenderReport = lastSenderReport;
        out.delaySinceLastSenderReport = lastSenderReport == 0
                ? 0 : NtpTimestamp.compactFromNanos(nowNanos - lastSenderReportArrivalNanos);
        return receivedInterval > 0;
    }

    /** Cycles (multiples of 65536) plus the highest sequence number received; meaningful once a packet counted. */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** RFC 3550 §A.3: packets expected since the sequence (re)started; 0 before the first counted packet. */
    public long expected() {
        return received == 0 ? 0 : extendedHighestSequence() - baseSeq + 1;
    }

    /** Expected minus received since the sequence (re)started; negative when duplicates outnumber losses. */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** Interarrival jitter in RTP timestamp units, truncated as in the RFC's report field. */
    public long jitter() {
        return (long) jitter;
    }

    /** Interarrival jitter in milliseconds, at the clock rate of the last counted packet; 0 before any. */
    public double jitterMillis() {
        return clockRate == 0 ? 0 : jitter * 1000.0 / clockRate;
    }

    /** Counted packets over the stream's life, duplicates included. */
    public long packets() {
        return packets;
    }

    /** Sum of {@code octets} of counted packets over the stream's life. */
    public long octets() {
        return octets;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Late packets that filled a gap (not duplicates). */
    public long reordered() {
        return reordered;
    }

    /** Packets not counted: probation of a new source, or a jump not (yet) confirmed. */
    public long discarded() {
        return discarded;
    }

    /** Times the sender's sequence restarted after a jump. */
    public long restarts() {
        return restarts;
    }
}
