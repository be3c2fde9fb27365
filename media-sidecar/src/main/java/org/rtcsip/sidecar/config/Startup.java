package org.rtcsip.sidecar.config;

import java.util.Objects;

/**
 * What the start line asks for: run with a configuration, or print a text (--help, --version) and
 * exit. Config never prints or exits itself; Main does both, so tests can look at the text.
 */
public sealed interface Startup {

    /** Start the sidecar. */
    record Run(SidecarConfig config) implements Startup {
        public Run {
            Objects.requireNonNull(config, "config");
        }
    }

    /** Print {@code text} to stdout, then exit with {@code exitStatus} (0 for --help and --version). */
    record PrintAndExit(String text, int exitStatus) implements Startup {
        public PrintAndExit {
            Objects.requireNonNull(text, "text");
        }
    }
}
