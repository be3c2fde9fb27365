package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the real programs and the shipped kamailio.cfg are. A missing program FAILS the test with
 * the Debian package that brings it: a skipped interop test looks green while proving nothing.
 */
public final class RealPrograms {

    private static final String INSTALL_HINT = "install the real peers (Debian bookworm, as root): apt-get install -y "
            + "kamailio kamailio-websocket-modules kamailio-json-modules kamailio-extra-modules rtpengine-daemon "
            + "(or run .ci/run, which does it)";

    private RealPrograms() {
    }

    /** The Kamailio binary (package kamailio, 5.6 in bookworm). */
    public static Path kamailio() {
        return require("kamailio", "kamailio");
    }

    /** The rtpengine daemon, the reference ng server Kamailio's rtpengine module pings. */
    public static Path rtpengine() {
        return require("rtpengine", "rtpengine-daemon");
    }

    /** conf-samples/kamailio/kamailio.cfg, run in place (never copied). */
    public static Path kamailioConfig() {
        Path config = projectRoot().resolve("conf-samples/kamailio/kamailio.cfg");
        if (!Files.isRegularFile(config)) {
            fail("missing shipped file " + config);
        }
        return config;
    }

    /**
     * The repository root: the {@code project.root} system property the kamailio-rpc pom passes to
     * Surefire, else the nearest parent of the working directory holding conf-samples/.
     */
    public static Path projectRoot() {
        String property = System.getProperty("project.root");
        if (property != null && !property.isBlank()) {
            Path root = Paths.get(property).toAbsolutePath().normalize();
            if (Files.isDirectory(root.resolve("conf-samples"))) {
                return root;
            }
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int depth = 0; dir != null && depth < 8; depth++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf-samples/kamailio/kamailio.cfg"))) {
                return dir;
            }
        }
        return fail("cannot find the repository root: set -Dproject.root=<repo> or run inside the repository; "
                + "project.root=" + property);
    }

    private static Path require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        String searched = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/usr/bin" + File.pathSeparator + "/sbin";
        for (String dir : searched.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("real program '" + program + "' not found (Debian package " + debianPackage + "); " + INSTALL_HINT);
    }
}
