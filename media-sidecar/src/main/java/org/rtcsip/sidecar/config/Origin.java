package org.rtcsip.sidecar.config;

import java.util.Objects;

/**
 * Where a setting came from, in the words an operator needs to find it:
 * {@code command line}, {@code config file /etc/x.conf line 7} or
 * {@code embedded defaults sidecar-defaults.conf line 4}.
 */
public record Origin(String description) {

    private static final Origin COMMAND_LINE = new Origin("command line");

    public Origin {
        Objects.requireNonNull(description, "description");
    }

    public static Origin commandLine() {
        return COMMAND_LINE;
    }

    /** A line of an INI file; {@code fileLabel} already says what kind of file it is. */
    public static Origin line(String fileLabel, int line) {
        return new Origin(fileLabel + " line " + line);
    }

    @Override
    public String toString() {
        return description;
    }
}
