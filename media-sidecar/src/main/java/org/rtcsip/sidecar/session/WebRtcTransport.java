package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;

import org.rtcsip.sidecar.dtls.DtlsEvents;
import org.rtcsip.sidecar.dtls.DtlsFailure;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsSrtpEndpoint;
import org.rtcsip.sidecar.dtls.DtlsSrtpKeys;
import org.rtcsip.sidecar.ice.FullIceAgent;
import org.rtcsip.sidecar.ice.IceAgent;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.ice.IceMode;
import org.rtcsip.sidecar.ice.IceRole;
import org.rtcsip.sidecar.ice.IceTiming;
import org.rtcsip.sidecar.ice.StunOutcome;
import org.rtcsip.sidecar.session.path.Destination;

/**
 * The browser-facing transport of one stream (UDP/TLS/RTP/SAVPF), made at commit from its {@link WebRtcPlan}: an ICE
 * agent, lite (answering the browser's checks) or full (checking the browser's candidates too, controlling or
 * controlled as the plan says), and DTLS-SRTP whose keys become the stream's SRTP contexts. Media goes only to the
 * ICE-selected address and only while consent lasts (RFC 7675); packets are accepted only from addresses that passed
 * a check. Sans-IO like its parts: the stream feeds it datagrams and time (its tick runs the agent's timers); it
 * sends through the stream's RTP socket. Loop thread only.
 */
final class WebRtcTransport implements DtlsEvents, Destination {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());

    private final MediaStream stream;
    private final WebRtcContext context;
    private final RelayMetrics metrics;
    private final Random random;
    private final InetSocketAddress host;
    private IceAgent ice;
    private final byte[] stunOut = new byte[1500];
    private WebRtcPlan plan;
    private DtlsSrtpEndpoint dtls;
    private DtlsRole role;
    private InetSocketAddress dtlsPeer;
    /** The last address whose check we answered: media goes there until the browser nominates. */
    private InetSocketAddress lastChecked;
    private long now;
    private boolean fingerprintVerified;

    WebRtcTransport(MediaStream stream, WebRtcPlan plan, WebRtcContext context, RelayMetrics metrics, Random random,
                    long nowNanos) {
        this.stream = stream;
        this.context = context;
        this.metrics = metrics;
        this.now = nowNanos;
        this.random = random;
        MediaInterfaceAddress iface = stream.sockets.address();
        this.host = new InetSocketAddress(iface.advertised(), stream.sockets.rtp().port());
        this.ice = agent(plan);
        this.plan = plan.withRemoteFingerprints(List.of()).withRole(null).withRemoteCandidates(List.of());
        update(plan, nowNanos);
    }

    /**
     * The agent the plan asks for: lite, full in the role offer/answer gave us (RFC 8445 §6.1.1), or none for a peer
     * without ICE (the address its SDP signalled).
     */
    private IceAgent agent(WebRtcPlan p) {
        if (p.ice() == IceMode.NONE) {
            return new SignalledAddressAgent(stream.rtpSource);
        }
        if (p.lite()) {
            return new IceLiteAgent(1, List.of(host), random, IceLiteAgent.DEFAULT_SOFTWARE, p.localIce());
        }
        IceRole role = p.iceRole() == null ? IceRole.CONTROLLED : p.iceRole();
        return new FullIceAgent(role, 1, List.of(host), random.nextLong(), random, IceTiming.DEFAULT,
                IceLiteAgent.DEFAULT_SOFTWARE, p.localIce());
    }

    /** Takes a committed plan: the browser's credentials, candidates and keys, an ICE restart, our DTLS role. */
    void update(WebRtcPlan next, long nowNanos) {
        now = nowNanos;
        if (next.ice() != plan.ice()) {
            ice = agent(next); // the flags moved this leg between lite and full: start ICE over
            lastChecked = null;
        } else if (!next.localIce().equals(plan.localIce())) {
            ice.restart(next.localIce()); // RFC 8445 §9: checks with the old credentials work until new ones do
        }
        if (next.remoteIce() != null) {
            ice.setRemoteCredentials(next.remoteIce());
        }
        for (IceCandidate candidate : next.remoteCandidates()) {
            ice.addRemoteCandidate(candidate); // a full agent checks them; known ones and a lite agent say no
        }
        runIce(nowNanos);
        boolean newPeer = !plan.remoteFingerprints().isEmpty()
                && !plan.remoteFingerprints().equals(next.remoteFingerprints());
        if (newPeer && dtls != null) {
            dtls.close(); // another certificate: a new DTLS association (RFC 8842 §5)
            dtls = null;
            role = null;
            stream.keys.clear();
        }
        if (dtls != null) {
            dtls.setPeerFingerprints(next.remoteFingerprints(), nowNanos);
        }
        plan = next;
        if (next.role() != null) {
            becomes(next.role());
        }
    }

    /** The role this transport took, which an early ClientHello may have decided before the plan did. */
    DtlsRole role() {
        return role;
    }

    private void becomes(DtlsRole newRole) {
        if (role == newRole && dtls != null) {
            return;
        }
        if (dtls != null) {
            dtls.close();
            stream.keys.clear();
        }
        role = newRole;
        dtls = new DtlsSrtpEndpoint(newRole, plan.certificate(), plan.remoteFingerprints(), context.options,
                context.threads, this::sendDtls, this);
        if (newRole == DtlsRole.SERVER) {
            dtls.start(now); // RFC 5763 §5: the passive side waits for the ClientHello
        } else if (peerReachable()) {
            dtls.start(now);
        }
    }

    // --- packets ---

    /**
     * A STUN binding request (answered) or, for a full agent, the answer to one of our checks; then the checks that
     * became due. DTLS starts as client once a pair works.
     */
    void onStun(byte[] buf, int off, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        stream.lastPacketNanos = nowNanos;
        int n = ice.handleStun(buf, off, len, from, host, nowNanos, stunOut, 0);
        if (n > 0) {
            stream.sockets.rtp().send(stunOut, 0, n, from);
        }
        StunOutcome outcome = ice.lastOutcome();
        if (outcome != null && outcome.isRejected()) {
            metrics.drop(DropReason.STUN_REJECTED);
        }
        if (outcome == StunOutcome.CHECK_ANSWERED || outcome == StunOutcome.CHECK_NOMINATED
                || outcome == StunOutcome.RESPONSE_ACCEPTED && ice.acceptsFrom(from)) {
            lastChecked = from;
        }
        runIce(nowNanos); // a check from the browser triggers ours at once (RFC 8445 §7.3.1.4)
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
    @Override
    public InetSocketAddress current() {
        if (ice.selectedRemote() == null) {
            return lastChecked;
        }
        return ice.maySend(now) ? ice.selectedRemote() : null;
    }

    void tick(long nowNanos) {
        now = nowNanos;
        runIce(nowNanos);
        if (dtls != null && nowNanos - dtls.nextTimeoutNanos() >= 0) {
            dtls.onTimeout(nowNanos);
        }
    }

    /** A full agent's timers and the checks they made due, sent from the stream's RTP socket; nothing for lite. */
    private void runIce(long nowNanos) {
        ice.handleTimeout(nowNanos);
        int n;
        while ((n = ice.pollTransmit(stunOut, 0)) > 0) {
            stream.sockets.rtp().send(stunOut, 0, n, ice.transmitDestination());
        }
        InetSocketAddress selected = ice.selectedRemote();
        if (selected != null && !selected.equals(stream.rtpSource.current())) {
            stream.rtpSource.signal(selected, false);
            stream.rtpSource.confirm(selected);
        }
        if (peerReachable() && role == DtlsRole.CLIENT && dtls != null
                && dtls.state() == DtlsSrtpEndpoint.State.NEW) {
            dtls.start(nowNanos);
        }
    }

    /**
     * Whether a ClientHello would reach the peer: a browser once one of its checks got through; a peer without ICE
     * once its SDP named an address (RFC 5763 §5: the active side starts when it has the answer).
     */
    private boolean peerReachable() {
        return plan.ice() == IceMode.NONE ? current() != null : lastChecked != null;
    }

    void close() {
        if (dtls != null) {
            dtls.close(); // close_notify (RFC 5246 §7.2.1)
            dtls = null;
        }
        stream.keys.clear();
    }

    private void sendDtls(byte[] buf, int off, int len) {
        InetSocketAddress to = dtlsPeer != null ? dtlsPeer : current();
        if (to != null && stream.sockets != null) {
            stream.sockets.rtp().send(buf, off, len, to);
        }
    }

    // --- DTLS events (called on the loop, inside receive/start/onTimeout) ---

    @Override
    public void handshakeCompleted(DtlsSrtpKeys keys) {
        stream.keys.toParty = keys.newLocalTransform();
        stream.keys.fromParty = keys.newRemoteTransform();
        stream.keys.suite = keys.suite().sdpName();
        fingerprintVerified = true;
        metrics.dtlsHandshakes.increment();
        if (plan.ice() == IceMode.NONE && dtlsPeer != null) {
            stream.rtpSource.confirm(dtlsPeer); // the peer proved its certificate from there: its address holds
        }
    }

    @Override
    public void handshakeFailed(DtlsFailure failure) {
        metrics.dtlsFailed(failure.reason().label());
        stream.log().warning(LOG, () -> "DTLS with " + (dtlsPeer == null ? "browser" : dtlsPeer)
                + " failed, no media: " + failure.detail());
    }

    @Override
    public void closedByPeer(String reason) {
        stream.log().fine(LOG, () -> "DTLS closed by peer: " + reason);
    }

    // --- report ---

    boolean fingerprintVerified() {
        return fingerprintVerified;
    }

    String dtlsRole() {
        return role == null ? null : role == DtlsRole.SERVER ? "passive" : "active";
    }

    boolean iceSelected() {
        return ice.selectedRemote() != null;
    }

    /** {@code lite}, or {@code full} with our role, for query and /sessions; null for a leg without ICE. */
    String iceMode() {
        if (plan.ice() == IceMode.NONE) {
            return null;
        }
        return plan.lite() ? "lite" : "full " + ice.role().name().toLowerCase(java.util.Locale.ROOT);
    }
}
