package org.rtcsip.kamailio.sidecar;

/** No answer from the sidecar: connection refused, ICMP port unreachable, timeout. */
public final class SidecarUnreachableException extends SidecarException {

    private final int attempts;

    SidecarUnreachableException(String where, String reason, int attempts, Throwable cause) {
        super("sidecar unreachable at " + where + ": " + reason + " (" + attempts
                + (attempts == 1 ? " attempt)" : " attempts)"), cause);
        this.attempts = attempts;
    }

    /** How many times the request was sent. */
    public int attempts() {
        return attempts;
    }
}
