package org.rtcsip.sidecar.config;

/**
 * A value that does not parse, with the reason only ("is not an IP address"). Whoever knows the key
 * and the origin turns it into a {@link ConfigException}.
 */
final class InvalidValue extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidValue(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
