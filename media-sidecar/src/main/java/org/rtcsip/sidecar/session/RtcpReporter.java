package org.rtcsip.sidecar.session;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import org.rtcsip.sidecar.session.path.RtpSink;

import org.rtcsip.sidecar.rtcp.NtpTimestamp;
import org.rtcsip.sidecar.rtcp.ReportBlock;
import org.rtcsip.sidecar.rtcp.ReportBlockValues;
import org.rtcsip.sidecar.rtcp.RoundTripTime;
import org.rtcsip.sidecar.rtcp.RtcpPacket;
import org.rtcsip.sidecar.rtcp.RtcpWriter;

/**
 * The sidecar's own RTCP toward one party of a transcoded stream, where the sidecar is that party's RTP source:
 * SR (or RR before we sent anything) + SDES CNAME at RFC 3550 §6.2 intervals (5 s minimum, randomised by
 * [0.5, 1.5] per §6.3.1, first one after half an interval), and what the party's reports about our SSRC say:
 * round-trip time (§6.4.1), its jitter and loss, and an E-model MOS from them. Loop thread only.
 */
final class RtcpReporter {
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final RandomGenerator random;
    private final MediaClock clock;
    private final RelayMetrics metrics;
    private final byte[] cname;
    private final byte[] buf = new byte[256];
    private final ReportBlockValues[] blocks = {new ReportBlockValues()};
    private final ReportBlockValues scratch = new ReportBlockValues();
    private long nextNanos;
    private long reportsSent;
    private long reportsReceived;
    private long rttNanos = -1;
    private double jitterMillis;
    private double lossPercent;
    private double mos;

    RtcpReporter(long nowNanos, RandomGenerator random, MediaClock clock, RelayMetrics metrics) {
        this.random = random;
        this.clock = clock;
        this.metrics = metrics;
        this.cname = ("sidecar-" + Long.toHexString(random.nextLong())).getBytes(StandardCharsets.US_ASCII);
        this.nextNanos = nowNanos + interval() / 2;
    }

    boolean due(long now) {
        return now - nextNanos >= 0;
    }

    /** Writes and sends our SR (RR until the transcoder has sent) with a report on what the party sends us. */
    void send(long now, Transcoder source, SsrcStatistics received, RtpSink to) {
        long ntp = NtpTimestamp.fromUnixNanos(clock.unixNanos(now));
        int blockCount = received.takeReportBlock(now, blocks[0]) ? 1 : 0;
        int n;
        if (source.packetsSent() > 0) {
            n = RtcpWriter.writeSenderReport(buf, 0, source.ssrc(), NtpTimestamp.msw(ntp), NtpTimestamp.lsw(ntp),
                    source.rtpTimestampAt(now), source.packetsSent(), source.octetsSent(), blocks, blockCount);
        } else {
            n = RtcpWriter.writeReceiverReport(buf, 0, source.ssrc(), blocks, blockCount);
        }
        n += RtcpWriter.writeSourceDescriptionCname(buf, n, source.ssrc(), cname);
        byte[] out = new byte[n + 32]; // room for the SRTCP trailer; once per 5 s, not per packet
        System.arraycopy(buf, 0, out, 0, n);
        to.sendRtcp(out, 0, n);
        reportsSent++;
        metrics.rtcpReportsSent.increment();
        nextNanos = now + interval();
    }

    /** Reads the party's report blocks about our SSRC out of a validated compound. */
    void onReports(byte[] b, int off, int len, long now, Transcoder ours) {
        if (ours == null) {
            return;
        }
        long arrival = NtpTimestamp.compact(NtpTimestamp.fromUnixNanos(clock.unixNanos(now)));
        for (int p = off; p < off + len; p += RtcpPacket.lengthInBytes(b, p)) {
            int type = RtcpPacket.packetType(b, p);
            if (type != RtcpPacket.SR && type != RtcpPacket.RR) {
                continue;
            }
            for (int i = 0; i < RtcpPacket.reportCount(b, p); i++) {
                ReportBlock.read(b, RtcpPacket.reportBlockOffset(b, p, i), scratch);
                if (scratch.ssrc != ours.ssrc()) {
                    continue;
                }
                long rtt = RoundTripTime.nanos(arrival, scratch.lastSenderReport, scratch.delaySinceLastSenderReport);
                if (rtt != RoundTripTime.UNKNOWN) {
                    rttNanos = rtt;
                }
                jitterMillis = scratch.jitter * 1000.0 / ours.outCodec().clockRate();
                lossPercent = scratch.fractionLost * 100.0 / 256;
                mos = EModel.mosFor(ours.outCodec(), Math.max(0, rttNanos) / 1e6, jitterMillis, lossPercent);
                reportsReceived++;
                metrics.recordMos(mos);
            }
        }
    }

    private long interval() {
        return (long) (INTERVAL_NANOS * (0.5 + random.nextDouble()));
    }

    long reportsSent() {
        return reportsSent;
    }

    long reportsReceived() {
        return reportsReceived;
    }

    /** Round trip in nanoseconds, -1 until a report with LSR came back. */
    long rttNanos() {
        return rttNanos;
    }

    double jitterMillis() {
        return jitterMillis;
    }

    double lossPercent() {
        return lossPercent;
    }

    /** E-model MOS from the last report, 0 before any. */
    double mos() {
        return mos;
    }
}
