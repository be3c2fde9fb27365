package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;

import org.rtcsip.sidecar.session.path.Confirm;
import org.rtcsip.sidecar.session.path.Destination;
import org.rtcsip.sidecar.session.path.Discard;
import org.rtcsip.sidecar.session.path.FollowProvenSource;
import org.rtcsip.sidecar.session.path.FrameSend;
import org.rtcsip.sidecar.session.path.IceGate;
import org.rtcsip.sidecar.session.path.Path;
import org.rtcsip.sidecar.session.path.PortDemux;
import org.rtcsip.sidecar.session.path.ReceiveStats;
import org.rtcsip.sidecar.session.path.Renumber;
import org.rtcsip.sidecar.session.path.RtcpCheck;
import org.rtcsip.sidecar.session.path.RtcpTerminate;
import org.rtcsip.sidecar.session.path.RtpCheck;
import org.rtcsip.sidecar.session.path.SendTo;
import org.rtcsip.sidecar.session.path.SourceGate;
import org.rtcsip.sidecar.session.path.SrtpDecrypt;
import org.rtcsip.sidecar.session.path.SrtpEncrypt;
import org.rtcsip.sidecar.session.path.SrtpSourceGate;
import org.rtcsip.sidecar.session.path.Stage;
import org.rtcsip.sidecar.session.path.StageDrops;
import org.rtcsip.sidecar.session.path.Transcode;

/**
 * Builds a stream's packet paths once, at commit, from what offer/answer settled (rtpengine decides a stream pair's
 * handler at negotiation, {@code __determine_handler}): which gate, whether SRTP, relay or transcode, where RTCP
 * ends. Nothing on the packet path asks again what kind of stream it is on.
 *
 * <p>Send chains first (toward each party), then receive paths, which end in the other party's send chain: build
 * {@link #sendChains} for both streams of a pair before {@link #receivePaths} of either.
 */
final class PathBuilder {
    private final RelayMetrics metrics;

    PathBuilder(RelayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Toward the party: [renumber > srtp-encrypt >] send; RTCP: [srtcp-encrypt >] send. */
    void sendChains(MediaStream s) {
        if (s.external != null) {
            Path oldRtp = s.rtpToParty;
            s.rtpToParty = Path.of(List.of(new FrameSend(s.external.connection, s.external.playout::skipNext, s.rtpOut,
                    metrics.forwardedPackets, s.outDrops)));
            s.rtcpToParty = Path.of(List.of(new Discard("no-rtcp", DropReason.NO_STREAM, s.outDrops)));
            s.rtpToParty.inherit(oldRtp);
            return;
        }
        boolean srtp = s.plan.isDtls() || s.plan.ourCrypto != null;
        Destination rtpTo = s.webrtc != null ? s.webrtc : s.rtpSource::destination;
        Destination rtcpTo = s.webrtc != null ? s.webrtc
                : s.plan.rtcpMux ? s.rtpSource::destination : s.rtcpSource::destination;
        List<Stage> rtp = new ArrayList<>();
        List<Stage> rtcp = new ArrayList<>();
        if (srtp) {
            rtp.add(new Renumber(s.sequenceToParty, s.outDrops));
            rtp.add(new SrtpEncrypt(s.keys, false, s.outDrops));
            rtcp.add(new SrtpEncrypt(s.keys, true, s.outDrops));
        }
        if (s.sockets == null) {
            rtp.add(new Discard("no-port", DropReason.NO_STREAM, s.outDrops));
            rtcp.add(new Discard("no-port", DropReason.NO_STREAM, s.outDrops));
        } else {
            rtp.add(new SendTo(rtpTo, s.sockets.rtp(), s.rtpOut, metrics.forwardedPackets, s.outDrops));
            boolean onRtpPort = s.plan.rtcpMux || s.webrtc != null;
            rtcp.add(new SendTo(rtcpTo, onRtpPort ? s.sockets.rtp() : s.sockets.rtcp(), s.rtcpOut,
                    metrics.forwardedPackets, s.outDrops));
        }
        Path oldRtp = s.rtpToParty;
        Path oldRtcp = s.rtcpToParty;
        s.rtpToParty = Path.of(rtp);
        s.rtcpToParty = Path.of(rtcp);
        s.rtpToParty.inherit(oldRtp);
        s.rtcpToParty.inherit(oldRtcp);
    }

    /**
     * From the party: gate > rtp-check > [srtp-decrypt >] [confirm >] stats > relay to the peer's send chain, or
     * transcode, or no-stream; RTCP likewise, ending in the peer's send chain or, when transcoding, in our own
     * reports. Then the ports' receivers.
     */
    void receivePaths(MediaStream s) {
        MediaStream peer = s.peer;
        boolean toPeer = peer != null && (peer.sockets != null || peer.external != null) && !peer.plan.disabled;
        boolean srtp = s.plan.isDtls() || s.plan.partyCrypto != null;

        List<Stage> rtp = new ArrayList<>();
        if (s.external != null) {
            rtp.add(s.external.framing);
        } else {
            Stage gate = gate(s, s.rtpSource, false, s.rtpInDrops);
            rtp.add(gate);
            rtp.add(new RtpCheck(s.rtpInDrops));
            if (srtp) {
                rtp.add(new SrtpDecrypt(s.keys, false, s.rtpInDrops));
            }
            if (s.webrtc == null) {
                rtp.add(confirm(gate, s.rtpSource, s.rtpInDrops));
            }
        }
        rtp.add(new ReceiveStats(s, false, s.rtpInDrops));
        Path oldRtp = s.rtpFromParty;
        if (!toPeer) {
            rtp.add(new Discard("no-stream", DropReason.NO_STREAM, s.outDrops));
            s.rtpFromParty = Path.of(rtp);
        } else if (s.transcoderToPeer != null) {
            rtp.add(new Transcode(s.transcoderToPeer, peer, first(peer.rtpToParty), s.outDrops));
            s.rtpFromParty = Path.of(rtp);
        } else {
            s.rtpFromParty = Path.joined(rtp, peer.rtpToParty);
        }
        s.rtpFromParty.inherit(oldRtp);

        if (s.external != null) {
            return; // no RTCP over ExternalMedia, and no sockets to listen on
        }
        Path oldOnRtp = s.rtcpFromPartyOnRtpPort;
        Path oldOnRtcp = s.rtcpFromPartyOnRtcpPort;
        s.rtcpFromPartyOnRtpPort = rtcpPath(s, s.rtpSource, toPeer);
        s.rtcpFromPartyOnRtcpPort = rtcpPath(s, s.rtcpSource, toPeer);
        s.rtcpFromPartyOnRtpPort.inherit(oldOnRtp);
        s.rtcpFromPartyOnRtcpPort.inherit(oldOnRtcp);

        if (s.sockets != null) {
            Path unexpected = Path.of(List.of(new Discard("unexpected-protocol", DropReason.UNEXPECTED_PROTOCOL,
                    s.rtpInDrops)));
            Path malformed = Path.of(List.of(new Discard("malformed", DropReason.MALFORMED_RTP, s.rtpInDrops)));
            // Before the answer we do not know whether the party muxes; RTCP on the RTP port then says it does.
            boolean rtcpHere = s.plan.rtcpMux || s.plan.rtcpMuxOfferedByParty;
            WebRtcTransport browser = s.webrtc;
            s.sockets.rtp().setReceiver(new PortDemux(browser != null ? browser::onStun : unexpected::accept,
                    browser != null ? browser::onDtls : unexpected::accept, s.rtpFromParty,
                    rtcpHere ? s.rtcpFromPartyOnRtpPort : s.rtpFromParty, malformed));
            s.sockets.rtcp().setReceiver(s.rtcpFromPartyOnRtcpPort::accept);
        }
    }

    private Path rtcpPath(MediaStream s, RemoteAddressLatch latch, boolean toPeer) {
        MediaStream peer = s.peer;
        List<Stage> rtcp = new ArrayList<>();
        Stage gate = gate(s, latch, true, s.rtcpInDrops);
        rtcp.add(gate);
        if (s.plan.isDtls() || s.plan.partyCrypto != null) {
            rtcp.add(new SrtpDecrypt(s.keys, true, s.rtcpInDrops));
        }
        rtcp.add(new RtcpCheck(s.rtcpInDrops));
        if (s.webrtc == null) {
            rtcp.add(confirm(gate, latch, s.rtcpInDrops));
        }
        rtcp.add(new ReceiveStats(s, true, s.rtcpInDrops));
        if (!toPeer) {
            rtcp.add(new Discard("no-stream", DropReason.NO_STREAM, s.outDrops));
            return Path.of(rtcp);
        }
        if (s.rtcpReporter != null || peer.rtcpReporter != null) {
            // Transcoded: the sidecar is each side's RTP source and reports on its own (RFC 3550 §7.2: a
            // translator that changes the media terminates RTCP); this party's reports feed RTT and MOS.
            RtcpReporter ours = s.rtcpReporter;
            rtcp.add(new RtcpTerminate((b, o, l, now) -> {
                if (ours != null) {
                    ours.onReports(b, o, l, now, peer.transcoderToPeer);
                }
            }, s.outDrops));
            return Path.of(rtcp);
        }
        return Path.joined(rtcp, peer.rtcpToParty);
    }

    /**
     * Who may send: addresses that passed ICE for a browser; the latched address for a plain party; the latched
     * address, or one where the party's SRTP authenticates (a NAT rebinding), for an SDES party.
     */
    private static Stage gate(MediaStream s, RemoteAddressLatch latch, boolean rtcp, StageDrops drops) {
        if (s.webrtc != null) {
            return new IceGate(s.webrtc::acceptsFrom, drops);
        }
        if (s.plan.partyCrypto != null) {
            return new SrtpSourceGate(latch, s.keys, rtcp, drops);
        }
        return new SourceGate(latch, drops);
    }

    /** Confirms the latched source; for an SDES party also follows it to a new address it proved itself from. */
    private static Stage confirm(Stage gate, RemoteAddressLatch latch, StageDrops drops) {
        if (gate instanceof SrtpSourceGate srtpGate) {
            FollowProvenSource follow = new FollowProvenSource(latch, srtpGate, drops);
            srtpGate.strangersContinueAt(follow);
            return follow;
        }
        return new Confirm(latch, drops);
    }

    private static Stage first(Path p) {
        return p.stages().get(0);
    }
}
