package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;

import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsEvents;
import org.rtcsip.sidecar.dtls.DtlsFailure;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsSrtpEndpoint;
import org.rtcsip.sidecar.dtls.DtlsSrtpKeys;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.dtls.FingerprintParseException;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.ice.StunOutcome;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * The browser-facing transport of one stream (UDP/TLS/RTP/SAVPF): ICE-lite answering the browser's checks and
 * DTLS-SRTP whose keys become the stream's SRTP contexts. Media goes only to the ICE-selected address and only while
 * the browser keeps consent (RFC 7675); packets are accepted only from addresses that passed a check. Sans-IO like
 * its parts: the stream feeds it datagrams and time; it sends through the stream's RTP socket. Loop thread only.
 */
final class WebRtcTransport implements DtlsEvents {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());

    private final MediaStream stream;
    private final WebRtcContext context;
    private final RelayMetrics metrics;
    private final IceLiteAgent ice;
    private final DtlsCertificate certificate;
    private final byte[] stunOut = new byte[1500];
    private DtlsSrtpEndpoint dtls;
    private DtlsRole role;
    private List<Fingerprint> peerFingerprints = List.of();
    private IceCredentials remoteCredentials;
    private InetSocketAddress dtlsPeer;
    /** The last address whose check we answered: media goes there until the browser nominates. */
    private InetSocketAddress lastChecked;
    private long now;
    private String suite;
    private boolean fingerprintVerified;

    WebRtcTransport(MediaStream stream, WebRtcContext context, RelayMetrics metrics, Random random) {
        this.stream = stream;
        this.context = context;
        this.metrics = metrics;
        this.certificate = context.certificates.current();
        MediaInterfaceAddress iface = stream.sockets.address();
        this.ice = new IceLiteAgent(1, List.of(new InetSocketAddress(iface.advertised(),
                stream.sockets.rtp().port())), random);
    }

    // --- SDP ---

    /** Reads the browser's ICE credentials, fingerprints and a=setup; an offer's actpass leaves our role open. */
    void learn(SessionDescription sdp, MediaDescription md, long nowNanos) throws SignallingException {
        now = nowNanos;
        String ufrag = attribute(sdp, md, "ice-ufrag");
        String pwd = attribute(sdp, md, "ice-pwd");
        if (ufrag != null && pwd != null) {
            IceCredentials creds = new IceCredentials(ufrag, pwd);
            if (remoteCredentials != null && !remoteCredentials.equals(creds)) {
                ice.restart(); // RFC 8445 §9: new remote credentials = restart; we answer with new ones too
            }
            remoteCredentials = creds;
            ice.setRemoteCredentials(creds);
        }
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (String v : values(sdp, md, "fingerprint")) {
            try {
                fingerprints.add(Fingerprint.parse(v));
            } catch (FingerprintParseException e) {
                throw new SignallingException("Failed to parse SDP: bad a=fingerprint: " + e.getMessage());
            }
        }
        if (fingerprints.isEmpty()) {
            throw new SignallingException("DTLS-SRTP media " + (stream.index + 1) + " has no a=fingerprint");
        }
        boolean newPeer = !peerFingerprints.isEmpty() && !peerFingerprints.equals(fingerprints);
        peerFingerprints = fingerprints;
        if (newPeer && dtls != null) {
            dtls.close(); // another certificate: a new DTLS association (RFC 8842 §5)
            dtls = null;
            role = null;
        }
        if (dtls != null) {
            dtls.setPeerFingerprints(fingerprints, nowNanos);
        }
        String setup = attribute(sdp, md, "setup");
        if ("active".equals(setup)) {
            becomes(DtlsRole.SERVER);
        } else if ("passive".equals(setup)) {
            becomes(DtlsRole.CLIENT);
        }
    }

    /** Our ICE and DTLS lines for the SDP going to the browser; the ng {@code DTLS} flag picks our setup. */
    void writeMedia(MediaDescription out, boolean isOffer, String dtlsFlag) {
        for (String a : ice.mediaAttributes()) {
            int colon = a.indexOf(':');
            out.addAttribute(colon < 0 ? a : a.substring(0, colon), colon < 0 ? null : a.substring(colon + 1));
        }
        out.addAttribute("fingerprint", certificate.fingerprint().toString());
        String setup;
        if (role != null) {
            setup = role == DtlsRole.SERVER ? "passive" : "active";
        } else if (isOffer) {
            setup = "passive".equals(dtlsFlag) ? "passive" : "active".equals(dtlsFlag) ? "active" : "actpass";
            if (!setup.equals("actpass")) {
                becomes(setup.equals("passive") ? DtlsRole.SERVER : DtlsRole.CLIENT);
            }
        } else {
            // answering the browser's actpass: rtpengine's default is active, DTLS=passive makes us the server
            becomes("passive".equals(dtlsFlag) ? DtlsRole.SERVER : DtlsRole.CLIENT);
            setup = role == DtlsRole.SERVER ? "passive" : "active";
        }
        out.addAttribute("setup", setup);
    }

    List<String> sessionAttributes() {
        return ice.sessionAttributes();
    }

    private void becomes(DtlsRole newRole) {
        if (role == newRole && dtls != null) {
            return;
        }
        if (dtls != null) {
            dtls.close();
        }
        role = newRole;
        dtls = new DtlsSrtpEndpoint(newRole, certificate, peerFingerprints, context.options, context.threads,
                this::sendDtls, this);
        if (newRole == DtlsRole.SERVER) {
            dtls.start(now); // RFC 5763 §5: the passive side waits for the ClientHello
        } else if (lastChecked != null) {
            dtls.start(now);
        }
    }

    // --- packets ---

    /** A STUN binding request: answer it, and start DTLS as client once a pair is selected. */
    void onStun(byte[] buf, int off, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        int n = ice.handleStun(buf, off, len, from, nowNanos, stunOut, 0);
        if (n > 0) {
            stream.sockets.rtp().send(stunOut, 0, n, from);
        }
        if (ice.lastOutcome() != null && ice.lastOutcome().isRejected()) {
            metrics.drop(DropReason.STUN_REJECTED);
        }
        if (ice.lastOutcome() == StunOutcome.CHECK_ANSWERED || ice.lastOutcome() == StunOutcome.CHECK_NOMINATED) {
            lastChecked = from;
        }
        InetSocketAddress selected = ice.selectedRemote();
        if (selected != null) {
            stream.rtpSource.signal(selected, false);
            stream.rtpSource.confirm(selected);
        }
        if (lastChecked != null && role == DtlsRole.CLIENT && dtls != null
                && dtls.state() == DtlsSrtpEndpoint.State.NEW) {
            dtls.start(nowNanos);
        }
    }

    void onDtls(byte[] buf, int off, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        if (!ice.acceptsFrom(from)) {
            metrics.drop(DropReason.STRICT_SOURCE);
            return;
        }
        if (dtls == null && role == null) {
            // RFC 5763 §5: having offered actpass we must take a ClientHello that beats the answer here; the
            // fingerprint to check it against follows with the answer (the endpoint waits for it).
            becomes(DtlsRole.SERVER);
        }
        if (dtls == null) {
            metrics.drop(DropReason.STRICT_SOURCE);
            return;
        }
        dtlsPeer = from;
        dtls.receive(buf, off, len, nowNanos);
    }

    boolean acceptsFrom(InetSocketAddress from) {
        return ice.acceptsFrom(from);
    }

    /**
     * Where media to the browser goes: the nominated pair while consent lasts; before nomination the address of
     * the last check we answered (RFC 8445 §12.1: a valid pair may carry media; Chromium, controlling against an
     * ice-lite peer, nominates only after DTLS is up). Null when consent has expired or nothing was checked.
     */
    InetSocketAddress destination() {
        if (ice.selectedRemote() == null) {
            return lastChecked;
        }
        return ice.maySend(now) ? ice.selectedRemote() : null;
    }

    void tick(long nowNanos) {
        now = nowNanos;
        if (dtls != null && nowNanos - dtls.nextTimeoutNanos() >= 0) {
            dtls.onTimeout(nowNanos);
        }
    }

    void close() {
        if (dtls != null) {
            dtls.close(); // close_notify (RFC 5246 §7.2.1)
            dtls = null;
        }
    }

    private void sendDtls(byte[] buf, int off, int len) {
        InetSocketAddress to = dtlsPeer != null ? dtlsPeer : destination();
        if (to != null && stream.sockets != null) {
            stream.sockets.rtp().send(buf, off, len, to);
        }
    }

    // --- DTLS events (called on the loop, inside receive/start/onTimeout) ---

    @Override
    public void handshakeCompleted(DtlsSrtpKeys keys) {
        stream.srtpToParty = keys.newLocalTransform();
        stream.srtpFromParty = keys.newRemoteTransform();
        suite = keys.suite().sdpName();
        fingerprintVerified = true;
        metrics.dtlsHandshakes.increment();
    }

    @Override
    public void handshakeFailed(DtlsFailure failure) {
        metrics.dtlsFailed(failure.reason().label());
        LOG.warning("DTLS with " + (dtlsPeer == null ? "browser" : dtlsPeer) + " on port "
                + stream.sockets.rtp().port() + " failed, no media: " + failure.detail());
    }

    @Override
    public void closedByPeer(String reason) {
        LOG.fine(() -> "DTLS closed by peer on port " + stream.sockets.rtp().port() + ": " + reason);
    }

    // --- report ---

    String suite() {
        return suite;
    }

    boolean fingerprintVerified() {
        return fingerprintVerified;
    }

    String dtlsRole() {
        return role == null ? null : role == DtlsRole.SERVER ? "passive" : "active";
    }

    boolean iceSelected() {
        return ice.selectedRemote() != null;
    }

    private static String attribute(SessionDescription sdp, MediaDescription md, String name) {
        SdpLine l = md.attribute(name);
        if (l == null) {
            l = sdp.attribute(name);
        }
        return l == null || l.attributeValue() == null ? null : l.attributeValue().trim();
    }

    private static List<String> values(SessionDescription sdp, MediaDescription md, String name) {
        List<String> v = md.attributeValues(name);
        return v.isEmpty() ? sdp.attributeValues(name) : v;
    }
}
