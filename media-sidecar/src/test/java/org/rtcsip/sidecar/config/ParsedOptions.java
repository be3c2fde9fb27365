package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The command line of an option test, read as Main reads it (on a 2-processor host): a config, or its error. */
final class ParsedOptions {
    private ParsedOptions() {
    }

    static SidecarConfig load(String... args) throws ConfigException {
        return assertInstanceOf(Startup.Run.class, SidecarConfig.parse(args, 2)).config();
    }

    /** The message of the error these options stop the start with; fails the test if they start. */
    static String error(String... args) {
        return assertThrows(ConfigException.class, () -> load(args)).getMessage();
    }
}
