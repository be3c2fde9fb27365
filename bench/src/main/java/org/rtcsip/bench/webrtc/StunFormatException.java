package org.rtcsip.bench.webrtc;

/** A datagram that looked like STUN (RFC 7983: first byte 0..3) but is not a well-formed message; says why. */
public final class StunFormatException extends Exception {
    public StunFormatException(String reason) {
        super(reason);
    }
}
