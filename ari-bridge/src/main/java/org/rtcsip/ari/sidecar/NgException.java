package org.rtcsip.ari.sidecar;

/**
 * An ng request that failed: media-sidecar answered {@code result: error} ({@link #refused()}, with its
 * {@code error-reason}), or no decodable answer came.
 */
public final class NgException extends Exception {
    private final boolean refused;

    public NgException(String message) {
        this(message, false);
    }

    public NgException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** media-sidecar answered and said no (as opposed to: it did not answer). */
    public boolean refused() {
        return refused;
    }

    /** The metrics label. */
    public String kind() {
        return refused ? "ng_refused" : "ng_no_answer";
    }
}
