package org.rtcsip.sidecar.session;

import java.util.Locale;

/** Why a received datagram was not forwarded; the lower-case name is the {@code reason} label in /metrics. */
public enum DropReason {
    /** From an address other than the party's signalled or latched one (RTP Bleed protection). */
    STRICT_SOURCE,
    MALFORMED_RTP,
    MALFORMED_RTCP,
    SRTP_AUTH,
    SRTP_REPLAY,
    SRTP_OTHER,
    /** Far ahead of the sender's numbering: held until the next packet confirms the jump (a stray costs one). */
    SEQUENCE_JUMP,
    /** The other side has no usable address yet (not answered, or on hold with c=0.0.0.0). */
    NO_DESTINATION,
    /** STUN or DTLS arriving on a stream that does not run ICE or DTLS. */
    UNEXPECTED_PROTOCOL,
    /** A STUN request that failed ICE's checks (credentials, integrity, fingerprint). */
    STUN_REJECTED,
    /** SRTP from a browser before its DTLS handshake delivered keys. */
    DTLS_NOT_READY,
    /** The kernel refused the datagram on send (buffer full, unreachable). */
    SEND_FAILED,
    /** The stream or call is being torn down. */
    NO_STREAM,
    /**
     * Not sent to an ExternalMedia leg whose Asterisk queue holds more than it should (it missed timer ticks):
     * {@link PlayoutDepth}.
     */
    ASTERISK_QUEUE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
