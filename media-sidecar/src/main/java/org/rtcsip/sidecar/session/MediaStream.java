package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.logging.CallLog;
import org.rtcsip.sidecar.rtp.OutgoingSequence;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.path.Path;
import org.rtcsip.sidecar.session.path.ReceivedPackets;
import org.rtcsip.sidecar.session.path.RtpSink;
import org.rtcsip.sidecar.session.path.SrtpKeys;
import org.rtcsip.sidecar.session.path.StageDrops;

/**
 * One m= line of one party at run time: the sidecar's socket pair facing that party, where the party sends from,
 * the SRTP contexts, the browser transport, the transcoder toward the other party, statistics, and the packet
 * paths the last commit built from the {@link StreamPlan}. Packets the party sends run down its receive paths;
 * packets toward it run down its send chains. Owned by one media loop: nothing here is locked.
 */
public final class MediaStream implements ReceivedPackets, RtpSink {
    final Leg leg;
    final int index;
    /** What the last committed offer/answer settled for this line. */
    StreamPlan plan = new StreamPlan();
    SocketPair sockets;
    MediaStream peer;

    final RemoteAddressLatch rtpSource = new RemoteAddressLatch();
    final RemoteAddressLatch rtcpSource = new RemoteAddressLatch();
    final SrtpKeys keys = new SrtpKeys();
    /** Our numbering toward this party when we encrypt for it: its replay window must never see a stray jump. */
    final OutgoingSequence sequenceToParty = new OutgoingSequence();
    /** ICE + DTLS-SRTP when this party is a browser; null for plain and SDES parties. */
    WebRtcTransport webrtc;
    /** When this party is an ExternalMedia WebSocket instead of a UDP peer; null otherwise. */
    ExternalMediaLeg external;
    /** Turns this party's packets into the peer's codec; null = relay as they are. */
    Transcoder transcoderToPeer;
    /** Our RTCP toward this party when we are its RTP source (transcoding); null when RTCP is relayed. */
    RtcpReporter rtcpReporter;
    ClockRates clockRates = new ClockRates();

    final PacketCounters rtpIn = new PacketCounters();
    final PacketCounters rtcpIn = new PacketCounters();
    final PacketCounters rtpOut = new PacketCounters();
    final PacketCounters rtcpOut = new PacketCounters();
    long lastPacketNanos;
    /** SSRC last seen from this party (rtpengine reports one per stream), -1 before the first packet. */
    long lastSsrc = -1;
    final SsrcStatistics ssrcStatistics = new SsrcStatistics();

    /** Drops on the way in count as the stream's errors (rtpengine's), except strangers'; drops on the way out not. */
    final StageDrops rtpInDrops;
    final StageDrops rtcpInDrops;
    final StageDrops outDrops;

    // The paths the last commit built ({@link PathBuilder}).
    Path rtpFromParty;
    Path rtcpFromPartyOnRtpPort;
    Path rtcpFromPartyOnRtcpPort;
    Path rtpToParty;
    Path rtcpToParty;

    private final RelayMetrics metrics;

    MediaStream(Leg leg, int index, RelayMetrics metrics) {
        this.leg = leg;
        this.index = index;
        this.metrics = metrics;
        this.rtpInDrops = reason -> dropped(reason, rtpIn);
        this.rtcpInDrops = reason -> dropped(reason, rtcpIn);
        this.outDrops = metrics::drop;
    }

    /** {@code [call-id tag port 30000]} for this stream's log lines (the tag as it is now: a callee gets it late). */
    CallLog log() {
        return sockets == null ? CallLog.of(leg.callId, leg.tag())
                : CallLog.of(leg.callId, leg.tag(), sockets.rtp().port());
    }

    private void dropped(DropReason reason, PacketCounters in) {
        if (reason != DropReason.STRICT_SOURCE) {
            in.errors++;
        }
        metrics.drop(reason);
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, long now) {
        rtpIn.count(len);
        metrics.rtpPackets.increment();
        metrics.rtpBytes.add(len);
        lastPacketNanos = now;
        lastSsrc = RtpHeader.ssrc(buf, off, len);
        ssrcStatistics.onRtp(buf, off, len, now, clockRates.of(RtpHeader.payloadType(buf, off, len)));
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, long now) {
        rtcpIn.count(len);
        metrics.rtcpPackets.increment();
        metrics.rtcpBytes.add(len);
        lastPacketNanos = now;
        ssrcStatistics.onRtcp(buf, off, len, now);
    }

    /** Sends RTP to this party: the peer's relayed packets or a transcoder's output. */
    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        rtpToParty.accept(buf, off, len, null, 0);
    }

    /** Sends RTCP to this party, on the RTP port when it muxes. */
    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        rtcpToParty.accept(buf, off, len, null, 0);
    }

    /** Periodic work on the loop: DTLS timers, our RTCP reports when we are this party's RTP source. */
    void tick(long now) {
        if (webrtc != null) {
            webrtc.tick(now);
        }
        if (external != null) {
            external.tick(now);
        }
        if (rtcpReporter != null && peer != null && peer.transcoderToPeer != null && rtcpReporter.due(now)) {
            rtcpReporter.send(now, peer.transcoderToPeer, ssrcStatistics, this);
        }
    }

    /**
     * The loop's frame clock (every 20 ms), for an ExternalMedia leg: when the transcoder toward it has had nothing
     * to send for a while, it sends silence, so Asterisk's clocked channel keeps playing audio (see
     * {@link Transcoder#fillSilence}). A relayed leg has no encoder and is left as it is.
     */
    void frame(long now) {
        if (external != null && external.started() && peer != null && peer.transcoderToPeer != null) {
            peer.transcoderToPeer.fillSilence(now, this);
        }
    }

    // --- read accessors for query replies and /sessions ---

    public int index() {
        return index;
    }

    public String mediaType() {
        return plan.mediaType;
    }

    public String protocol() {
        return plan.protocol;
    }

    public SocketPair sockets() {
        return sockets;
    }

    public InetSocketAddress rtpEndpoint() {
        return rtpSource.current();
    }

    public InetSocketAddress rtcpEndpoint() {
        return plan.rtcpMux ? rtpSource.current() : rtcpSource.current();
    }

    public boolean rtpConfirmed() {
        return rtpSource.isConfirmed();
    }

    public boolean rtcpMux() {
        return plan.rtcpMux;
    }

    public String direction() {
        return plan.direction;
    }

    public String cryptoSuite() {
        if (webrtc != null) {
            return keys.suite;
        }
        return plan.partyCrypto == null ? null : plan.partyCrypto.suite().sdpName();
    }

    /** A browser party's ICE: {@code lite}, {@code full controlling} or {@code full controlled}; null for others. */
    public String iceMode() {
        return webrtc == null ? null : webrtc.iceMode();
    }

    /** The codec this party speaks, e.g. {@code PCMU/8000}, when the plan knows it. */
    public String codecName() {
        PayloadFormat c = plan.codec();
        return c == null ? null : c.codecName();
    }

    public boolean transcoding() {
        return plan.transcodes();
    }

    /** An ExternalMedia leg's state ({@code connecting}, {@code connected}, {@code closed}...); null for others. */
    public String externalState() {
        return external == null ? null : external.state();
    }

    /** The receive path of this party's RTP, through to the other party, e.g. for query and /sessions. */
    public String rtpPath() {
        return rtpFromParty == null ? "" : rtpFromParty.describe();
    }

    /** The receive path of this party's RTCP (on the RTP port when it muxes). */
    public String rtcpPath() {
        Path p = plan.rtcpMux || webrtc != null ? rtcpFromPartyOnRtpPort : rtcpFromPartyOnRtcpPort;
        return p == null ? "" : p.describe();
    }

    public PacketCounters rtpIn() {
        return rtpIn;
    }

    public PacketCounters rtcpIn() {
        return rtcpIn;
    }

    public PacketCounters rtpOut() {
        return rtpOut;
    }

    public PacketCounters rtcpOut() {
        return rtcpOut;
    }

    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    public long lastSsrc() {
        return lastSsrc;
    }

    public SsrcStatistics ssrcStatistics() {
        return ssrcStatistics;
    }
}
