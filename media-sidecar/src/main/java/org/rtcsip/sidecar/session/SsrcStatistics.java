package org.rtcsip.sidecar.session;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rtcsip.sidecar.rtcp.ReportBlock;
import org.rtcsip.sidecar.rtcp.ReportBlockValues;
import org.rtcsip.sidecar.rtcp.RtcpPacket;
import org.rtcsip.sidecar.rtcp.SenderReport;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.rtcp.RtpReceiveStatistics;

/**
 * Per-SSRC reception statistics of what one party sends (RFC 3550 loss and jitter, computed here) plus what that
 * party's RTCP receiver reports say about the media it gets. A stream tracks a few SSRCs at most: beyond that,
 * new SSRCs are relayed but not tracked, so a sender cycling SSRCs cannot grow memory.
 */
public final class SsrcStatistics {
    static final int MAX_TRACKED = 4;

    private final RtpReceiveStatistics[] received = new RtpReceiveStatistics[MAX_TRACKED];
    private final int[] reportedSsrc = new int[MAX_TRACKED];
    private final ReportBlockValues[] reported = new ReportBlockValues[MAX_TRACKED];
    private final ReportBlockValues scratch = new ReportBlockValues();
    private int receivedCount;
    private int reportedCount;
    private long untracked;

    void onRtp(byte[] buf, int off, int len, long nowNanos, int clockRate) {
        int ssrc = RtpHeader.ssrc(buf, off, len);
        for (int i = 0; i < receivedCount; i++) {
            if (received[i].ssrc() == ssrc) {
                received[i].onPacket(buf, off, len, nowNanos, clockRate);
                return;
            }
        }
        if (receivedCount == MAX_TRACKED) {
            untracked++;
            return;
        }
        RtpReceiveStatistics s = new RtpReceiveStatistics(ssrc);
        received[receivedCount++] = s;
        s.onPacket(buf, off, len, nowNanos, clockRate);
    }

    /**
     * Takes the report blocks of SR/RR packets in a validated compound, and the sender info of SRs (their NTP time
     * is what our own report blocks echo as LSR, RFC 3550 §6.4.1).
     */
    void onRtcp(byte[] buf, int off, int len, long nowNanos) {
        int p = off;
        int end = off + len;
        while (p < end) {
            int type = RtcpPacket.packetType(buf, p);
            if (type == RtcpPacket.SR) {
                int sender = RtcpPacket.senderSsrc(buf, p);
                for (int i = 0; i < receivedCount; i++) {
                    if (received[i].ssrc() == sender) {
                        received[i].onSenderReport(SenderReport.ntpMsw(buf, p), SenderReport.ntpLsw(buf, p), nowNanos);
                    }
                }
            }
            if (type == RtcpPacket.SR || type == RtcpPacket.RR) {
                int count = RtcpPacket.reportCount(buf, p);
                for (int i = 0; i < count; i++) {
                    ReportBlock.read(buf, RtcpPacket.reportBlockOffset(buf, p, i), scratch);
                    remember(scratch);
                }
            }
            p += RtcpPacket.lengthInBytes(buf, p);
        }
    }

    private void remember(ReportBlockValues block) {
        int slot = -1;
        for (int i = 0; i < reportedCount; i++) {
            if (reportedSsrc[i] == block.ssrc) {
                slot = i;
            }
        }
        if (slot < 0) {
            if (reportedCount == MAX_TRACKED) {
                return;
            }
            slot = reportedCount++;
            reportedSsrc[slot] = block.ssrc;
            reported[slot] = new ReportBlockValues();
        }
        ReportBlockValues r = reported[slot];
        r.ssrc = block.ssrc;
        r.fractionLost = block.fractionLost;
        r.cumulativeLost = block.cumulativeLost;
        r.extendedHighestSeq = block.extendedHighestSeq;
        r.jitter = block.jitter;
        r.lastSenderReport = block.lastSenderReport;
        r.delaySinceLastSenderReport = block.delaySinceLastSenderReport;
    }

    /**
     * A report block about the SSRC this party sends most recently started with, for our own receiver report;
     * false when nothing was received since the last one.
     */
    boolean takeReportBlock(long nowNanos, ReportBlockValues out) {
        return receivedCount > 0 && received[receivedCount - 1].takeReportBlock(nowNanos, out);
    }

    /** Loss (%) and jitter (ms) of what this party sends, over the whole call, for MOS. */
    double lossPercent() {
        long expected = 0;
        long lost = 0;
        for (int i = 0; i < receivedCount; i++) {
            expected += received[i].expected();
            lost += Math.max(0, received[i].cumulativeLost());
        }
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }

    public long untracked() {
        return untracked;
    }

    /** Total packets lost of everything this party sent, as we counted it. */
    public long cumulativeLost() {
        long lost = 0;
        for (int i = 0; i < receivedCount; i++) {
            lost += Math.max(0, received[i].cumulativeLost());
        }
        return lost;
    }

    /** Highest jitter (ms) over this party's SSRCs. */
    public double jitterMillis() {
        double j = 0;
        for (int i = 0; i < receivedCount; i++) {
            j = Math.max(j, received[i].jitterMillis());
        }
        return j;
    }

    /**
     * Adds one entry per SSRC, keyed by its decimal value as rtpengine does; control path. Entries are shared by
     * the call's streams: the party sending an SSRC and the party reporting on it both add to the same entry.
     */
    public void addTo(Map<String, Object> bySsrc) {
        for (int i = 0; i < receivedCount; i++) {
            RtpReceiveStatistics s = received[i];
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) bySsrc.computeIfAbsent(
                    Long.toString(Integer.toUnsignedLong(s.ssrc())), k -> new LinkedHashMap<String, Object>());
            e.put("packets", s.packets());
            e.put("bytes", s.octets());
            e.put("cumulative loss", Math.max(0, s.cumulativeLost()));
            e.put("jitter", Math.round(s.jitterMillis()));
            e.put("duplicates", s.duplicates());
            e.put("reordered", s.reordered());
        }
        for (int i = 0; i < reportedCount; i++) {
            ReportBlockValues r = reported[i];
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) bySsrc.computeIfAbsent(
                    Long.toString(Integer.toUnsignedLong(r.ssrc)), k -> new LinkedHashMap<String, Object>());
            Map<String, Object> rr = new LinkedHashMap<>();
            rr.put("fraction lost", (long) r.fractionLost);
            rr.put("cumulative loss", (long) r.cumulativeLost);
            rr.put("highest seq", r.extendedHighestSeq);
            rr.put("jitter", r.jitter);
            e.put("reported by peer", rr);
        }
    }
}
