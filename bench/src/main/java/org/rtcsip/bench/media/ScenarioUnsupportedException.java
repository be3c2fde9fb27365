package org.rtcsip.bench.media;

/** The server's SDP shows it cannot run a scenario (for example it offers the callee Opus, not PCMU). */
public final class ScenarioUnsupportedException extends Exception {
    public ScenarioUnsupportedException(String reason) {
        super(reason);
    }
}
