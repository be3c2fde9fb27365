package org.rtcsip.kamailio.asterisk;

/**
 * A read from Asterisk's ARI or ari-bridge's ops HTTP failed: it answered with an error or something that is not
 * JSON ({@link #answered()}), or it did not answer at all. One line an operator can act on.
 */
public final class AsteriskException extends RuntimeException {
    private final boolean answered;

    AsteriskException(String message, boolean answered, Throwable cause) {
        super(message, cause);
        this.answered = answered;
    }

    /** True when it answered (and said no); false when nothing answered (refused, timeout). */
    public boolean answered() {
        return answered;
    }
}
