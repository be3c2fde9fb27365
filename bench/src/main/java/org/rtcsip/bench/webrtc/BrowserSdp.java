package org.rtcsip.bench.webrtc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.dtls.FingerprintParseException;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceCandidateException;
import org.rtcsip.sidecar.sdp.Connection;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;
import org.rtcsip.sidecar.sdp.SdpParseException;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * The SDP of the generator's browser (the caller) and its callee, and what the generator reads back from the
 * server's answer to the browser. The offer is Chromium 156's (shared fixture) cut to what the servers act on:
 * BUNDLE with one audio m-line, one host candidate, ICE credentials, {@code a=fingerprint:sha-256},
 * {@code a=setup:actpass}, rtcp-mux, Opus and PCMU.
 */
public final class BrowserSdp {
    public static final String DTLS_PROFILE = "UDP/TLS/RTP/SAVPF";

    private BrowserSdp() {
    }

    /** What the server told the browser: where to send checks and DTLS, who takes which DTLS role, the keys. */
    public record ServerAnswer(InetSocketAddress media, String setup, String iceUfrag, String icePwd,
            boolean iceLite, List<Fingerprint> fingerprints, boolean rtcpMux) {

        /** The browser's role: the opposite of the server's a=setup (RFC 5763 §5). */
        public boolean browserIsDtlsClient() {
            return setup.equals("passive");
        }

        public boolean hasIce() {
            return iceUfrag != null && icePwd != null;
        }
    }

    /** The browser's offer from {@code port} on 127.0.0.1 with its ICE credentials and certificate fingerprint. */
    public static String offer(int port, long sessionId, String iceUfrag, String icePwd, Fingerprint fingerprint,
            long ssrc) {
        return "v=0\r\n"
                + "o=- " + sessionId + " 2 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "t=0 0\r\n"
                + "a=group:BUNDLE 0\r\n"
                + "a=msid-semantic: WMS bench\r\n"
                + "m=audio " + port + " " + DTLS_PROFILE + " 111 0\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
                + "a=candidate:1758317558 1 udp 2122260223 127.0.0.1 " + port + " typ host generation 0"
                + " network-id 1 network-cost 50\r\n"
                + "a=ice-ufrag:" + iceUfrag + "\r\n"
                + "a=ice-pwd:" + icePwd + "\r\n"
                + "a=ice-options:trickle\r\n"
                + "a=fingerprint:" + fingerprint + "\r\n"
                + "a=setup:actpass\r\n"
                + "a=mid:0\r\n"
                + "a=sendrecv\r\n"
                + "a=msid:bench audio\r\n"
                + "a=rtcp-mux\r\n"
                + "a=rtcp-rsize\r\n"
                + "a=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ssrc:" + ssrc + " cname:bench\r\n";
    }

    /** The callee (a SIP phone or trunk): PCMU over plain RTP. */
    public static String calleeAnswer(int port, long sessionId) {
        return "v=0\r\n"
                + "o=callee " + sessionId + " 1 IN IP4 127.0.0.1\r\n"
                + "s=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /**
     * Reads the server's answer to the browser.
     *
     * @throws ScenarioUnsupportedException the answer is not DTLS-SRTP (another profile, no a=fingerprint, no
     *     role): the server does not terminate DTLS towards the browser
     * @throws IOException the SDP or one of its lines does not parse
     */
    public static ServerAnswer readAnswer(String sdp) throws IOException, ScenarioUnsupportedException {
        SessionDescription session;
        try {
            session = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new IOException("answer SDP does not parse: " + e.getMessage(), e);
        }
        MediaDescription audio = null;
        for (MediaDescription m : session.media()) {
            if (m.media().equals("audio") && m.port() != 0) {
                audio = m;
                break;
            }
        }
        if (audio == null) {
            throw new IOException("answer SDP has no audio stream with a port");
        }
        if (!audio.protocol().equals(DTLS_PROFILE)) {
            throw new ScenarioUnsupportedException("the server answered the browser with " + audio.protocol()
                    + ", not " + DTLS_PROFILE);
        }
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (String v : values(session, audio, "fingerprint")) {
            try {
                fingerprints.add(Fingerprint.parse(v));
            } catch (FingerprintParseException e) {
                throw new IOException("answer a=fingerprint:" + v + ": " + e.getMessage(), e);
            }
        }
        if (fingerprints.isEmpty()) {
            throw new ScenarioUnsupportedException("the server answered the browser without a=fingerprint");
        }
        String setup = value(session, audio, "setup");
        if (!"active".equals(setup) && !"passive".equals(setup)) {
            throw new ScenarioUnsupportedException("the server answered the browser's actpass with a=setup:" + setup
                    + " (RFC 5763 §5: an answer says active or passive)");
        }
        return new ServerAnswer(destination(session, audio), setup, value(session, audio, "ice-ufrag"),
                value(session, audio, "ice-pwd"), session.hasAttribute("ice-lite"), fingerprints,
                audio.hasAttribute("rtcp-mux"));
    }

    /** The first UDP candidate of component 1 that has an address (RFC 8445 §6.1.2.2), else c= and m=. */
    private static InetSocketAddress destination(SessionDescription session, MediaDescription audio)
            throws IOException {
        for (String v : audio.attributeValues("candidate")) {
            try {
                IceCandidate c = IceCandidate.parse(v);
                if (c.isUdp() && c.component() == 1 && c.socketAddress() != null) {
                    return c.socketAddress();
                }
            } catch (IceCandidateException e) {
                throw new IOException("answer a=candidate:" + v + ": " + e.getMessage(), e);
            }
        }
        try {
            Connection c = audio.connection() != null ? audio.connection() : session.connection();
            if (c == null) {
                throw new IOException("answer SDP has neither a candidate nor a c= line");
            }
            return new InetSocketAddress(c.address(), audio.port());
        } catch (SdpParseException e) {
            throw new IOException("answer c= line: " + e.getMessage(), e);
        }
    }

    private static String value(SessionDescription s, MediaDescription m, String name) {
        SdpLine l = m.attribute(name);
        if (l == null) {
            l = s.attribute(name);
        }
        return l == null || l.attributeValue() == null ? null : l.attributeValue().trim();
    }

    private static List<String> values(SessionDescription s, MediaDescription m, String name) {
        List<String> v = m.attributeValues(name);
        return v.isEmpty() ? s.attributeValues(name) : v;
    }
}
