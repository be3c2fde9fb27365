package org.rtcsip.sidecar.config;

/**
 * The configuration cannot start the sidecar. The message names the key, the offending value and
 * where it came from, so an operator can fix the right line:
 * {@code port-max: "abc" is not a number (config file /etc/x.conf line 7)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** {@code key: "value" reason (origin)}. */
    static ConfigException badValue(String key, String value, String reason, Origin origin) {
        return new ConfigException(key + ": \"" + value + "\" " + reason + " (" + origin + ")");
    }

    /** {@code key: reason (origin)}, for problems that are not about one value's spelling. */
    static ConfigException about(String key, String reason, Origin origin) {
        return new ConfigException(key + ": " + reason + " (" + origin + ")");
    }
}
