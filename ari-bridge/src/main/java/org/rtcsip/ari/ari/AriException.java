package org.rtcsip.ari.ari;

/**
 * An ARI request that did not succeed: {@code status} is the HTTP status (4xx, 5xx) with Asterisk's
 * {@code message}, or 0 when no answer came (connection refused, timeout, reset).
 */
public final class AriException extends Exception {
    private final int status;

    public AriException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The metrics label: {@code ari_4xx}, {@code ari_5xx} or {@code ari_unreachable}. */
    public String kind() {
        if (status >= 500) {
            return "ari_5xx";
        }
        return status >= 400 ? "ari_4xx" : "ari_unreachable";
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
