package org.rtcsip.sidecar.srtp;

/**
 * The {@code a=crypto} line names a suite the sidecar does not run. Unlike other parse failures this is not
 * the peer's mistake: an offer lists several lines and the answerer skips those it does not know
 * (RFC 4568 §7.1.2).
 */
public final class UnknownCryptoSuiteException extends SdesParseException {
    private final String suiteName;

    public UnknownCryptoSuiteException(String suiteName) {
        super("unknown crypto suite " + suiteName);
        this.suiteName = suiteName;
    }

    public String suiteName() {
        return suiteName;
    }
}
