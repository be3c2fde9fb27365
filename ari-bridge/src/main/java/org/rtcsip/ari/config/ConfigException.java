package org.rtcsip.ari.config;

/** A configuration that cannot run: the message names the file, line, key and what is wrong. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
