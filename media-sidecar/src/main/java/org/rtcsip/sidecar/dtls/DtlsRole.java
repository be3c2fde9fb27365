package org.rtcsip.sidecar.dtls;

/** Which end of the DTLS handshake this side plays (RFC 5763 §5, RFC 4145 §4). */
public enum DtlsRole {
    /** {@code a=setup:active}: sends the ClientHello. */
    CLIENT,
    /** {@code a=setup:passive}: waits for the ClientHello. */
    SERVER;

    /**
     * The role for this side's own resolved {@code a=setup} value. {@code actpass} is an offer, not a role:
     * the answer settles it (RFC 5763 §5), so it is refused here.
     *
     * @throws IllegalArgumentException for anything but active or passive
     */
    public static DtlsRole forLocalSetup(String setup) {
        if ("active".equalsIgnoreCase(setup)) {
            return CLIENT;
        }
        if ("passive".equalsIgnoreCase(setup)) {
            return SERVER;
        }
        throw new IllegalArgumentException("a=setup:" + setup + " is not a DTLS role (need active or passive)");
    }
}
