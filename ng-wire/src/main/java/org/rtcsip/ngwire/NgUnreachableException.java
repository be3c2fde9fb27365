package org.rtcsip.ngwire;

import java.io.IOException;
import java.net.PortUnreachableException;

/**
 * No ng reply: every send went unanswered, the host said nothing listens on the port (ICMP port unreachable), or
 * the socket failed. {@link #attempts} says how many sends it took to know.
 */
public final class NgUnreachableException extends IOException {
    private final int attempts;

    NgUnreachableException(String message, int attempts, IOException cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** Sends made, the last one included. */
    public int attempts() {
        return attempts;
    }

    /** True when the host answered with ICMP port unreachable: nothing listens there, no use waiting. */
    public boolean nothingListens() {
        return getCause() instanceof PortUnreachableException;
    }

    /** True when every send went unanswered (no error from the network either). */
    public boolean silent() {
        return getCause() == null;
    }
}
