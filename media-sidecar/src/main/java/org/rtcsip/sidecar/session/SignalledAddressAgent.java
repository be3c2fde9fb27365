package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.ice.IceAgent;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.StunOutcome;

/**
 * The "agent" of a DTLS-SRTP leg without ICE ({@link org.rtcsip.sidecar.ice.IceMode#NONE}: a trunk or PBX that
 * speaks RFC 5763/5764 but not RFC 8445): no checks, no consent; the pair is the address the peer's SDP signalled,
 * held by the stream's latch, which also decides who may send (strict source, as for a plain RTP party). STUN on
 * such a leg is not ours to answer. No checks, no timers, controlled: {@link IceAgent}'s defaults.
 */
final class SignalledAddressAgent implements IceAgent {
    private final RemoteAddressLatch signalled;

    SignalledAddressAgent(RemoteAddressLatch signalled) {
        this.signalled = signalled;
    }

    @Override
    public int handleStun(byte[] buf, int off, int len, InetSocketAddress source, InetSocketAddress local,
                          long nowNanos, byte[] out, int outOff) {
        return 0;
    }

    @Override
    public StunOutcome lastOutcome() {
        return StunOutcome.DROPPED_UNSUPPORTED;
    }

    @Override
    public void setRemoteCredentials(IceCredentials remote) {
        // no ICE: nothing to authenticate
    }

    @Override
    public IceCredentials restart(IceCredentials local) {
        return local;
    }

    @Override
    public InetSocketAddress selectedRemote() {
        return signalled.destination();
    }

    /**
     * The signalled address; before the peer's SDP named one (we offered actpass, the answer is on its way), anyone:
     * RFC 5763 §5 wants the offerer to take a ClientHello that beats the answer, and the handshake it starts is
     * checked against the answer's fingerprint before any key is used.
     */
    @Override
    public boolean acceptsFrom(InetSocketAddress source) {
        return signalled.current() == null || signalled.admits(source);
    }

    @Override
    public boolean maySend(long nowNanos) {
        return signalled.destination() != null;
    }
}
