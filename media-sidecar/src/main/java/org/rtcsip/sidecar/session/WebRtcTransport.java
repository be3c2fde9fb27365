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
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.ice.StunOutcome;
import org.rtcsip.sidecar.session.path.Destination;

/**
 * The browser-facing transport of one stream (UDP/TLS/RTP/SAVPF), made at commit from its {@link WebRtcPlan}:
 * ICE-lite answering the browser's checks and DTLS-SRTP whose keys become the stream's SRTP contexts. Media goes
 * only to the ICE-selected address and only while the browser keeps consent (RFC 7675); packets are accepted only
 * from addresses that passed a check. Sans-IO like its parts: the stream feeds it datagrams and time; it sends
 * through the stream's RTP socket. Loop thread only.
 */
final class WebRtcTransport implements DtlsEvents, Destination {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());

    private final MediaStream stream;
    private final WebRtcContext context;
    private final RelayMetrics metrics;
    private final IceLiteAgent ice;
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
        MediaInterfaceAddress iface = stream.sockets.address();
        this.ice = new IceLiteAgent(1, List.of(new InetSocketAddress(iface.advertised(), stream.sockets.rtp().port())),
                random, IceLiteAgent.DEFAULT_SOFTWARE, plan.localIce());
        this.plan = plan.withRemoteFingerprints(List.of()).withRole(null); // as if nothing was known yet
        update(plan, nowNanos);
    }

    /** Takes a committed plan: the browser's credentials and keys, an ICE restart, our DTLS role. */
    void update(WebRtcPlan next, long nowNanos) {
        now = nowNanos;
        if (!next.localIce().equals(plan.localIce())) {
            ice.restart(next.localIce()); // RFC 8445 §9: checks with the old credentials work until new ones do
        }
        if (next.remoteIce() != null) {
            ice.setRemoteCredentials(next.remoteIce());
        }
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
        } else if (lastChecked != null) {
            dtls.start(now);
        }
    }

    // --- packets ---

    /** A STUN binding request: answer it, and start DTLS as client once a pair is selected. */
    void onStun(byte[] buf, int off, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        stream.lastPacketNanos = nowNanos;
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
    @Override
    public InetSocketAddress current() {
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
}
