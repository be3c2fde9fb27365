package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the real programs and the shipped configuration live. A missing program fails the
 * test with the Debian package that brings it: these tests never skip, because a skipped
 * interop test looks green while proving nothing.
 */
public final class RealPeers {

    private static final String INSTALL_HINT =
            "install the real peers (Debian bookworm, as root): apt-get install -y kamailio "
                    + "kamailio-websocket-modules kamailio-json-modules kamailio-extra-modules "
                    + "sip-tester rtpengine-daemon tcpdump ffmpeg   (or run .ci/run, which does it)";

    private RealPeers() {
    }

    /** The Kamailio binary (package kamailio, 5.6 in bookworm). */
    public static Path kamailio() {
        return require("kamailio", "kamailio");
    }

    /** The sipp binary (package sip-tester, 3.6.1 in bookworm). */
    public static Path sipp() {
        return require("sipp", "sip-tester");
    }

    /** The rtpengine daemon, the reference ng server (package rtpengine-daemon, 10.5). */
    public static Path rtpengine() {
        return require("rtpengine", "rtpengine-daemon");
    }

    /** tcpdump, which counts the RTP packets each sipp receives (needs root or CAP_NET_RAW). */
    public static Path tcpdump() {
        return require("tcpdump", "tcpdump");
    }

    /** ffmpeg, an Opus and G.711 implementation we did not write (package ffmpeg, 5.1 in bookworm). */
    public static Path ffmpeg() {
        return require("ffmpeg", "ffmpeg");
    }

    /**
     * The repository root: the {@code project.root} system property the media-sidecar pom passes
     * to Surefire, else the nearest parent of the working directory holding conf-samples/.
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
        return fail("cannot find the repository root: set -Dproject.root=<repo> (the media-sidecar "
                + "pom does) or run from inside the repository; project.root=" + property);
    }

    /** conf-samples/kamailio/kamailio.cfg: the configuration we ship, run in place. */
    public static Path kamailioConfig() {
        return existing(projectRoot().resolve("conf-samples/kamailio/kamailio.cfg"));
    }

    /** conf-samples/sipp/: the sipp scenarios and the tone they stream. */
    public static Path sippScenarios() {
        Path dir = projectRoot().resolve("conf-samples/sipp");
        existing(dir.resolve(SippProcess.UAC_SCENARIO));
        existing(dir.resolve(SippProcess.UAS_SCENARIO));
        existing(dir.resolve(SippProcess.TONE_FILE));
        return dir;
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            fail("missing shipped file " + file);
        }
        return file;
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
        return fail("real peer '" + program + "' not found (Debian package " + debianPackage + "); "
                + INSTALL_HINT);
    }
}
