package org.rtcsip.sidecar.dtls;

/**
 * Why a DTLS handshake failed. {@link #reason()} is the label to count by; {@link #detail()} is the line to log,
 * e.g. "peer certificate sha-256 AB:.. does not match a=fingerprint sha-256 CD:..".
 */
public record DtlsFailure(Reason reason, String detail) {

    public enum Reason {
        /** The peer's certificate is not the one its SDP declared (RFC 5763 §5): no media. */
        FINGERPRINT_MISMATCH("fingerprint_mismatch"),
        /** The peer presented no certificate, so it cannot be matched to its SDP. */
        NO_PEER_CERTIFICATE("no_peer_certificate"),
        /** The peer's a=fingerprint did not arrive by signalling in time. */
        NO_FINGERPRINT("no_fingerprint"),
        /** No DTLS-SRTP protection profile in common (RFC 5764 §4.1.2), or the peer negotiated none. */
        NO_COMMON_SRTP_PROFILE("no_common_srtp_profile"),
        /** The peer sent a fatal alert. */
        ALERT_RECEIVED("alert_received"),
        /** The peer broke the protocol and this side sent a fatal alert (bad message, no common cipher...). */
        PROTOCOL_ERROR("protocol_error"),
        /** The retransmission budget ran out without an answer (RFC 6347 §4.2.4). */
        TIMEOUT("timeout"),
        /** A fault in this side: a bug, or the handshake thread stalled. */
        INTERNAL_ERROR("internal_error");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** A metric label value. */
        public String label() {
            return label;
        }
    }

    @Override
    public String toString() {
        return reason.label + ": " + detail;
    }
}
