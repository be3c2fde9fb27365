package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;

/**
 * What a stream's transport asks of its ICE agent, lite ({@link IceLiteAgent}) or full ({@link FullIceAgent}): fed
 * datagrams and time, sans-IO. A lite agent only answers; a full one also checks the peer's candidates, so it has
 * timers ({@link #handleTimeout}) and checks of its own to send ({@link #pollTransmit}).
 */
public interface IceAgent {

    /**
     * One received STUN datagram from {@code source} on the socket advertised as {@code local}: the length of the
     * answer written at {@code out[outOff]} for {@code source}, or 0. Never throws on content; see
     * {@link #lastOutcome()}.
     */
    int handleStun(byte[] buf, int off, int len, InetSocketAddress source, InetSocketAddress local, long nowNanos,
            byte[] out, int outOff);

    StunOutcome lastOutcome();

    /** The peer's {@code a=ice-ufrag}/{@code a=ice-pwd} of the newest generation. */
    void setRemoteCredentials(IceCredentials remote);

    /**
     * A candidate from the peer's SDP; false when this agent does not check candidates (the default: a lite agent's
     * checks arrive from the peer's candidates) or cannot check this one.
     */
    default boolean addRemoteCandidate(IceCandidate candidate) {
        return false;
    }

    /** RFC 8445 §9: new local credentials; the selected pair carries media until the new generation has one. */
    IceCredentials restart(IceCredentials local);

    /** Timers up to {@code nowNanos}: checks due, retransmissions, nomination, consent; none by default. */
    default void handleTimeout(long nowNanos) {
    }

    /** The next check to send, written at {@code out[outOff]}; its length, or 0 when none is due (always, by default). */
    default int pollTransmit(byte[] out, int outOff) {
        return 0;
    }

    /** Where the last polled check goes; null for an agent that sends none. */
    default InetSocketAddress transmitDestination() {
        return null;
    }

    /** The nominated pair's remote address, null before. */
    InetSocketAddress selectedRemote();

    /** Whether media from {@code source} is taken: the selected address and addresses that proved themselves. */
    boolean acceptsFrom(InetSocketAddress source);

    /** Selected, and consent (RFC 7675) still holds. */
    boolean maySend(long nowNanos);

    /** This agent's role, RFC 8445 §6.1.1: a lite agent is always controlled (the default). */
    default IceRole role() {
        return IceRole.CONTROLLED;
    }
}
