package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.util.Locale;

/**
 * Why a media socket could not be opened or bound, other than its port being taken (which just means: try the
 * next one). Each has the ng error text Kamailio logs, a metric label, and an operator's explanation. The JDK
 * reports errno only as the C library's message, so that is what is read.
 */
public enum BindFailure {
    /** EADDRNOTAVAIL: the interface address is not (or no longer) on this host. */
    ADDRESS_UNAVAILABLE("address_unavailable", "Cannot bind media port: local address not available",
            "the address is not on this host (removed, or a typo in interface)"),
    /** EMFILE / ENFILE: the process or the system is out of file descriptors. */
    DESCRIPTORS_EXHAUSTED("descriptors_exhausted", "Cannot open media socket: out of file descriptors",
            "out of file descriptors (raise LimitNOFILE / ulimit -n)"),
    /** Anything else the kernel refused (EACCES, ENOBUFS...). */
    OTHER("other", "Cannot bind media port", "the kernel refused the socket");

    private final String label;
    private final String reason;
    private final String explanation;

    BindFailure(String label, String reason, String explanation) {
        this.label = label;
        this.reason = reason;
        this.explanation = explanation;
    }

    /** The failure {@code e} stands for, or null when the port is merely taken (EADDRINUSE). */
    static BindFailure of(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("address already in use")) {
            return null;
        }
        if (message.contains("cannot assign requested address")) {
            return ADDRESS_UNAVAILABLE;
        }
        if (message.contains("too many open files")) {
            return DESCRIPTORS_EXHAUSTED;
        }
        return OTHER;
    }

    /** For {@code sidecar_media_bind_failures_total{reason}}. */
    public String label() {
        return label;
    }

    /** The ng {@code error-reason}. */
    public String reason() {
        return reason;
    }

    /** What it means, for the log and /health. */
    public String explanation() {
        return explanation;
    }
}
