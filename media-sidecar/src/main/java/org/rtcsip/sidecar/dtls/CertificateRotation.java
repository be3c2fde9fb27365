package org.rtcsip.sidecar.dtls;

import java.util.Objects;

/**
 * The certificate new DTLS sessions get. {@link #rotate} swaps it without a restart: sessions already built
 * keep the certificate they were given (their fingerprint is in an SDP the peer holds), new ones take the new
 * one. Thread-safe: the control thread rotates while session threads read.
 */
public final class CertificateRotation {
    private volatile DtlsCertificate current;

    public CertificateRotation(DtlsCertificate initial) {
        this.current = Objects.requireNonNull(initial, "initial certificate");
    }

    /** The certificate to put in a new session's SDP and hand to its endpoint. */
    public DtlsCertificate current() {
        return current;
    }

    /** @return the certificate it replaces */
    public DtlsCertificate rotate(DtlsCertificate next) {
        DtlsCertificate previous = current;
        current = Objects.requireNonNull(next, "next certificate");
        return previous;
    }
}
