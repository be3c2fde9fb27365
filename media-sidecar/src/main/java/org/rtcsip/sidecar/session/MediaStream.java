package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;
import java.util.List;

import org.rtcsip.sidecar.rtcp.RtcpError;
import org.rtcsip.sidecar.rtcp.RtcpPacket;
import org.rtcsip.sidecar.rtp.PacketKind;
import org.rtcsip.sidecar.rtp.RtpError;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.rtp.OutgoingSequence;
import org.rtcsip.sidecar.rtp.RtpOrRtcp;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * One m= line of one party: the sidecar's socket pair facing that party, where the party sends from and to, its
 * SRTP keys, and counters. Packets the party sends arrive here and leave through the {@link #peer} stream's
 * sockets towards the other party. Owned by one media loop: nothing here is locked.
 */
public final class MediaStream implements RtpSink {
    final Leg leg;
    final int index;
    String mediaType;
    /** Transport profile this party speaks: {@code RTP/AVP}, {@code RTP/SAVP}... */
    String protocol;
    SocketPair sockets;
    MediaStream peer;

    final RemoteAddressLatch rtpSource = new RemoteAddressLatch();
    final RemoteAddressLatch rtcpSource = new RemoteAddressLatch();
    /** This party multiplexes RTCP on the RTP port (RFC 5761), decided by offer/answer. */
    boolean rtcpMux;
    /** We put a=rtcp-mux into the SDP sent to this party and wait for its answer. */
    boolean rtcpMuxOfferedByUs;
    /** This party put a=rtcp-mux into its SDP. */
    boolean rtcpMuxOfferedByParty;
    /** The offer's flags refused this party's rtcp-mux (rtcp-mux-reject): the answer cannot bring it back. */
    boolean rtcpMuxRejected;
    String direction = "sendrecv";
    /** The a=mid this party gave the section (RFC 5888), null if none; an answer towards it must repeat it. */
    String mid;

    /** Keys this party encrypts with (from its a=crypto) and keys we encrypt with towards it (our a=crypto). */
    SrtpTransform srtpFromParty;
    SrtpTransform srtpToParty;
    /** Our numbering toward this party when we encrypt for it: its replay window must never see a stray jump. */
    final OutgoingSequence sequenceToParty = new OutgoingSequence();
    SdesCryptoAttribute partyCrypto;
    SdesCryptoAttribute ourCrypto;
    /** The a=crypto lines we offered to this party, one of which its answer picks by tag. */
    List<SdesCryptoAttribute> ourOfferedCryptos = List.of();

    final PacketCounters rtpIn = new PacketCounters();
    final PacketCounters rtcpIn = new PacketCounters();
    final PacketCounters rtpOut = new PacketCounters();
    final PacketCounters rtcpOut = new PacketCounters();
    long lastPacketNanos;
    /** SSRC last seen from this party (rtpengine reports one per stream), -1 before the first packet. */
    long lastSsrc = -1;
    final SsrcStatistics ssrcStatistics = new SsrcStatistics();
    /** RTP clock rate per payload type, from this party's a=rtpmap lines (for jitter). */
    final ClockRates clockRates = new ClockRates();

    /** What this party offered, and the codec flags of that offer (kept for the answer). */
    List<PayloadFormat> partyOffer = List.of();
    CodecOperations offerOps;
    /** Packetisation this party asked to receive (a=ptime), in ms. */
    int ptime = 20;
    /** Passthrough or transcoding, once answered; null before. */
    CodecPlan plan;
    /** Turns this party's packets into the peer's codec; null = relay as they are. */
    Transcoder transcoderToPeer;
    /** ICE + DTLS-SRTP when this party is a browser (UDP/TLS/RTP/SAVPF); null for plain and SDES parties. */
    WebRtcTransport webrtc;
    /** Our RTCP toward this party when we are its RTP source (transcoding); null when RTCP is relayed. */
    RtcpReporter rtcpReporter;

    private final RelayMetrics metrics;

    MediaStream(Leg leg, int index, RelayMetrics metrics) {
        this.leg = leg;
        this.index = index;
        this.metrics = metrics;
    }

    void attach(SocketPair pair) {
        sockets = pair;
        pair.rtp().setReceiver(this::onRtpPort);
        pair.rtcp().setReceiver(this::onRtcpPort);
    }

    private void onRtpPort(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        PacketKind kind = RtpOrRtcp.classify(buf, off, len);
        if (webrtc != null && kind == PacketKind.STUN) {
            webrtc.onStun(buf, off, len, from, now);
            lastPacketNanos = now;
            return;
        }
        if (webrtc != null && kind == PacketKind.DTLS) {
            webrtc.onDtls(buf, off, len, from, now);
            return;
        }
        if (kind == PacketKind.RTCP && rtcpMuxOrUndecided()) {
            relayRtcp(buf, off, len, from, now, rtpSource);
        } else if (kind == PacketKind.RTP || kind == PacketKind.RTCP) {
            relayRtp(buf, off, len, from, now);
        } else if (kind == PacketKind.STUN || kind == PacketKind.DTLS) {
            drop(DropReason.UNEXPECTED_PROTOCOL, rtpIn);
        } else {
            drop(DropReason.MALFORMED_RTP, rtpIn);
        }
    }

    /** Before the answer we do not know yet whether the party muxes; RTCP on the RTP port then says it does. */
    private boolean rtcpMuxOrUndecided() {
        return rtcpMux || rtcpMuxOfferedByParty;
    }

    private void onRtcpPort(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        relayRtcp(buf, off, len, from, now, rtcpSource);
    }

    private void relayRtp(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (webrtc != null ? !webrtc.acceptsFrom(from) : !rtpSource.admits(from)) {
            drop(DropReason.STRICT_SOURCE, rtpIn);
            return;
        }
        if (webrtc != null && srtpFromParty == null) {
            drop(DropReason.DTLS_NOT_READY, rtpIn);
            return;
        }
        if (RtpHeader.validate(buf, off, len) != RtpError.OK) {
            drop(DropReason.MALFORMED_RTP, rtpIn);
            return;
        }
        if (srtpFromParty != null) {
            len = srtpFromParty.unprotectRtp(buf, off, len);
            if (len < 0) {
                drop(SrtpDrops.reason(len), rtpIn);
                return;
            }
        }
        if (webrtc == null) {
            rtpSource.confirm(from);
        }
        rtpIn.count(len);
        metrics.rtpPackets.increment();
        metrics.rtpBytes.add(len);
        lastPacketNanos = now;
        lastSsrc = RtpHeader.ssrc(buf, off, len);
        ssrcStatistics.onRtp(buf, off, len, now, clockRates.of(RtpHeader.payloadType(buf, off, len)));
        MediaStream out = peer;
        if (out == null || out.sockets == null) {
            drop(DropReason.NO_STREAM, null);
            return;
        }
        if (transcoderToPeer != null) {
            transcoderToPeer.onRtp(buf, off, len, now, out);
            return;
        }
        out.sendRtp(buf, off, len);
    }

    /** Sends RTP to this party: the peer's relayed packets or a transcoder's output. */
    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        send(buf, off, len, false);
    }

    /** Sends RTCP to this party, on the RTP port when it muxes. */
    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        send(buf, off, len, true);
    }

    private void send(byte[] buf, int off, int len, boolean rtcp) {
        InetSocketAddress to = webrtc != null ? webrtc.destination()
                : !rtcp || rtcpMux ? rtpSource.destination() : rtcpSource.destination();
        if (to == null || sockets == null) {
            drop(DropReason.NO_DESTINATION, null);
            return;
        }
        if (webrtc != null && srtpToParty == null) {
            drop(DropReason.DTLS_NOT_READY, null); // never plain RTP toward a browser
            return;
        }
        if (srtpToParty != null) {
            if (!rtcp) {
                sequenceToParty.rewrite(buf, off, len);
            }
            len = rtcp ? srtpToParty.protectRtcp(buf, off, len) : srtpToParty.protectRtp(buf, off, len);
            if (len < 0) {
                drop(SrtpDrops.reason(len), null);
                return;
            }
        }
        LocalSocket via = rtcp && !rtcpMux ? sockets.rtcp() : sockets.rtp();
        if (via.send(buf, off, len, to)) {
            (rtcp ? rtcpOut : rtpOut).count(len);
            metrics.forwardedPackets.increment();
        } else {
            drop(DropReason.SEND_FAILED, null);
        }
    }

    private void relayRtcp(byte[] buf, int off, int len, InetSocketAddress from, long now,
                           RemoteAddressLatch latch) {
        if (webrtc != null ? !webrtc.acceptsFrom(from) : !latch.admits(from)) {
            drop(DropReason.STRICT_SOURCE, rtcpIn);
            return;
        }
        if (webrtc != null && srtpFromParty == null) {
            drop(DropReason.DTLS_NOT_READY, rtcpIn);
            return;
        }
        if (srtpFromParty != null) {
            len = srtpFromParty.unprotectRtcp(buf, off, len);
            if (len < 0) {
                drop(SrtpDrops.reason(len), rtcpIn);
                return;
            }
        }
        if (RtcpPacket.validateCompound(buf, off, len) != RtcpError.OK) {
            drop(DropReason.MALFORMED_RTCP, rtcpIn);
            return;
        }
        if (webrtc == null) {
            latch.confirm(from);
        }
        rtcpIn.count(len);
        metrics.rtcpPackets.increment();
        metrics.rtcpBytes.add(len);
        lastPacketNanos = now;
        ssrcStatistics.onRtcp(buf, off, len, now);
        MediaStream out = peer;
        if (out == null || out.sockets == null) {
            drop(DropReason.NO_STREAM, null);
            return;
        }
        if (rtcpReporter != null || out.rtcpReporter != null) {
            // Transcoded: the sidecar is each side's RTP source and reports on its own (RFC 3550 §7.2: a
            // translator that changes the media terminates RTCP); this party's reports feed RTT and MOS.
            if (rtcpReporter != null) {
                rtcpReporter.onReports(buf, off, len, now, out.transcoderToPeer);
            }
            return;
        }
        out.sendRtcp(buf, off, len);
    }

    /** Periodic work on the loop: our RTCP reports when we are this party's RTP source. */
    void tick(long now) {
        if (webrtc != null) {
            webrtc.tick(now);
        }
        if (rtcpReporter != null && peer != null && peer.transcoderToPeer != null && rtcpReporter.due(now)) {
            rtcpReporter.send(now, peer.transcoderToPeer, ssrcStatistics, this);
        }
    }

    private void drop(DropReason reason, PacketCounters errorsOf) {
        if (errorsOf != null && reason != DropReason.STRICT_SOURCE) {
            errorsOf.errors++;
        }
        metrics.drop(reason);
    }

    // --- read accessors for query replies and /sessions ---

    public int index() {
        return index;
    }

    public String mediaType() {
        return mediaType;
    }

    public String protocol() {
        return protocol;
    }

    public SocketPair sockets() {
        return sockets;
    }

    public InetSocketAddress rtpEndpoint() {
        return rtpSource.current();
    }

    public InetSocketAddress rtcpEndpoint() {
        return rtcpMux ? rtpSource.current() : rtcpSource.current();
    }

    public boolean rtpConfirmed() {
        return rtpSource.isConfirmed();
    }

    public boolean rtcpMux() {
        return rtcpMux;
    }

    public String direction() {
        return direction;
    }

    public String cryptoSuite() {
        if (webrtc != null) {
            return webrtc.suite();
        }
        return partyCrypto == null ? null : partyCrypto.suite().sdpName();
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
