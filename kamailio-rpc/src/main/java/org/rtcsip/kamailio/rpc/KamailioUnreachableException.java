package org.rtcsip.kamailio.rpc;

/**
 * No answer from Kamailio: connection refused, timeout, unknown host, TLS failure. The message
 * is one line naming the URL, the reason and how many attempts were made.
 */
public final class KamailioUnreachableException extends KamailioException {

    private final String url;
    private final int attempts;

    KamailioUnreachableException(String method, String url, String reason, int attempts, Throwable cause) {
        super(method, "Kamailio unreachable at " + url + ": " + reason + " (" + method + ", "
                + attempts + (attempts == 1 ? " attempt)" : " attempts)"), cause);
        this.url = url;
        this.attempts = attempts;
    }

    /** The JSON-RPC URL that did not answer. */
    public String url() {
        return url;
    }

    /** How many times the call was sent (reads are retried with backoff, writes are not). */
    public int attempts() {
        return attempts;
    }
}
