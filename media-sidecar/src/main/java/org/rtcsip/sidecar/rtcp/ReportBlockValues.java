package org.rtcsip.sidecar.rtcp;

/**
 * The values of one reception report block, in a caller-owned object reused from report to report so that
 * building RTCP allocates nothing. Filled by {@code RtpReceiveStatistics.takeReportBlock} or
 * {@link ReportBlock#read}; written by {@link RtcpWriter}. Single-threaded like the stream that owns it.
 */
public final class ReportBlockValues {
    /** Raw 32 bits. */
    public int ssrc;
    /** 0..255, in 1/256 units. */
    public int fractionLost;
    /** Signed; the writer clamps it to 24 bits (-0x800000..0x7FFFFF). */
    public int cumulativeLost;
    /** Unsigned 32 bits. */
    public long extendedHighestSeq;
    /** RTP timestamp units, unsigned 32 bits. */
    public long jitter;
    /** Middle 32 bits of the last SR's NTP time, 0 if no SR arrived yet. */
    public long lastSenderReport;
    /** 1/65536 s since that SR arrived, 0 if none. */
    public long delaySinceLastSenderReport;
}
