package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.DropReason;

/**
 * Gives a bare codec frame (an ExternalMedia WebSocket message) the RTP header the rest of the path reads: the
 * leg's payload type, its own SSRC, a sequence number per frame and a timestamp that moves by the frame's samples,
 * so statistics and the transcoder treat the leg like any other. Reuses one buffer.
 */
public final class RtpFrame extends Stage {
    /** Samples at the codec's clock rate in one frame, e.g. from an Opus TOC byte or a G.711 length. */
    public interface FrameSamples {
        int of(byte[] buf, int off, int len);
    }

    private final int payloadType;
    private final int ssrc;
    private final FrameSamples samples;
    private final byte[] out;
    private int seq;
    private long timestamp;
    private boolean first = true;

    public RtpFrame(String codec, int payloadType, int ssrc, int firstSeq, long firstTimestamp, int maxFrame,
                    FrameSamples samples, StageDrops drops) {
        super("rtp-frame(" + codec + ")", drops);
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.samples = samples;
        this.seq = firstSeq & 0xFFFF;
        this.timestamp = firstTimestamp;
        this.out = new byte[12 + maxFrame + 64];
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (len <= 0 || len > out.length - 12 - 64) {
            drop(DropReason.MALFORMED_RTP);
            return;
        }
        out[0] = (byte) 0x80;
        out[1] = (byte) ((first ? 0x80 : 0) | payloadType);
        RtpHeader.setSequenceNumber(out, 0, seq);
        RtpHeader.setTimestamp(out, 0, timestamp);
        RtpHeader.setSsrc(out, 0, ssrc);
        System.arraycopy(buf, off, out, 12, len);
        first = false;
        seq = (seq + 1) & 0xFFFF;
        timestamp = (timestamp + Math.max(0, samples.of(buf, off, len))) & 0xFFFF_FFFFL;
        pass(out, 0, 12 + len, from, now);
    }
}
