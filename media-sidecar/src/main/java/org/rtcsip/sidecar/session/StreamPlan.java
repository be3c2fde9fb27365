package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;
import java.util.List;

import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;

/**
 * What offer/answer settled for one m= line toward one party: everything its packet paths are built from. A
 * negotiation works on copies ({@link #copy}) and changes no stream; only the commit step puts the new plans in
 * place, so a refused offer or answer leaves the call as it was (RFC 3261 §14.1). Fields are written only while
 * the copy is a draft of a negotiation in progress.
 */
final class StreamPlan {
    String mediaType = "audio";
    /** The party's transport profile: its own m= line, or what we offered it until it answers. */
    String protocol;
    /** Port 0: the line is declined or removed. */
    boolean disabled;
    String direction = "sendrecv";
    /** The a=mid the party gave the section (RFC 5888), null if none; an answer toward it must repeat it. */
    String mid;
    /** The sidecar's ports facing this party: kept across re-INVITEs, reserved by the negotiation that made them. */
    SocketPair sockets;

    /** Where the party receives RTP and RTCP, from its SDP (or the SIP source); null before its SDP. */
    InetSocketAddress rtpAddress;
    InetSocketAddress rtcpAddress;
    /** media-handover or SIP-source-address: the first good packet from elsewhere may move the address. */
    boolean learnable;
    /** RFC 3264 §8.4: c=0.0.0.0 (or ::), the old way of putting media on hold; it passes on as sent. */
    boolean unspecifiedAddress;

    /** This party multiplexes RTCP on the RTP port (RFC 5761), as offer/answer decided. */
    boolean rtcpMux;
    /** We put a=rtcp-mux into the SDP sent to this party. */
    boolean rtcpMuxOfferedByUs;
    /** This party put a=rtcp-mux into its SDP. */
    boolean rtcpMuxOfferedByParty;
    /** The offer's flags refused this party's rtcp-mux (rtcp-mux-reject): the answer cannot bring it back. */
    boolean rtcpMuxRejected;

    /** SDES: the key this party encrypts with, ours toward it, and what we offered it (its answer picks by tag). */
    SdesCryptoAttribute partyCrypto;
    SdesCryptoAttribute ourCrypto;
    List<SdesCryptoAttribute> ourOfferedCryptos = List.of();
    /** ICE + DTLS-SRTP toward a browser (UDP/TLS/RTP/SAVPF); null for plain and SDES parties. */
    WebRtcPlan webrtc;

    /** The formats of the party's last SDP (for clock rates), and of its offer with that offer's codec flags. */
    List<PayloadFormat> formats = List.of();
    List<PayloadFormat> partyOffer = List.of();
    CodecOperations offerOps;
    /** Packetisation this party asked to receive (a=ptime), in ms. */
    int ptime = 20;
    /** Passthrough or transcoding, once answered; null before. */
    CodecPlan codecPlan;

    StreamPlan copy() {
        StreamPlan c = new StreamPlan();
        c.mediaType = mediaType;
        c.protocol = protocol;
        c.disabled = disabled;
        c.direction = direction;
        c.mid = mid;
        c.sockets = sockets;
        c.rtpAddress = rtpAddress;
        c.rtcpAddress = rtcpAddress;
        c.learnable = learnable;
        c.unspecifiedAddress = unspecifiedAddress;
        c.rtcpMux = rtcpMux;
        c.rtcpMuxOfferedByUs = rtcpMuxOfferedByUs;
        c.rtcpMuxOfferedByParty = rtcpMuxOfferedByParty;
        c.rtcpMuxRejected = rtcpMuxRejected;
        c.partyCrypto = partyCrypto;
        c.ourCrypto = ourCrypto;
        c.ourOfferedCryptos = ourOfferedCryptos;
        c.webrtc = webrtc;
        c.formats = formats;
        c.partyOffer = partyOffer;
        c.offerOps = offerOps;
        c.ptime = ptime;
        c.codecPlan = codecPlan;
        return c;
    }

    boolean isDtls() {
        return webrtc != null;
    }

    /** The party speaks SRTP keyed by SDES. */
    boolean isSdes() {
        return webrtc == null && protocol != null && TransportProfile.isSdes(protocol);
    }

    boolean transcodes() {
        return codecPlan != null && codecPlan.transcode();
    }

    /**
     * The codec this party speaks: the offerer's side of the plan if it made the offer, else the answerer's. The
     * offerer's side is null when the answerer chose a codec the offer did not keep (all of it stripped): the
     * packets then pass as they are.
     */
    PayloadFormat codec() {
        if (codecPlan == null) {
            return null;
        }
        PayloadFormat offerer = codecPlan.offererCodec();
        // an immutable list's contains(null) throws
        return offerer != null && partyOffer.contains(offerer) ? offerer : codecPlan.answererCodec();
    }
}
