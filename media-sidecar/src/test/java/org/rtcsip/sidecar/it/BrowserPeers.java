package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Where the programs of the browser test bed live: Chromium, Node with the softphone's npm packages, and the
 * util-linux/iproute2 tools that build the loopback-only network namespace. Like {@link RealPeers}, a missing one
 * fails the test with what installs it: a skipped browser test would look green while proving nothing.
 */
public final class BrowserPeers {

    private static final String INSTALL_HINT = "run deploy/install-deps.sh --tests as root (it installs chromium, "
            + "iproute2 and the real peers from Debian and runs npm ci in deploy/softphone), or .ci/run";

    private BrowserPeers() {
    }

    /** Debian's Chromium launcher (package chromium); playwright-core drives it through this path. */
    public static Path chromium() {
        Path chromium = Paths.get("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            fail("Chromium not found at " + chromium + " (Debian package chromium); " + INSTALL_HINT);
        }
        return chromium;
    }

    /** Node.js 20 or newer (on the machine image; Debian's nodejs 18 is too old for the softphone driver). */
    public static Path node() {
        return require("node", "Node.js 20+ (machine image)");
    }

    /** unshare(1), which makes the network namespace (package util-linux; needs root). */
    public static Path unshare() {
        return require("unshare", "util-linux");
    }

    /** nsenter(1), which starts each program inside the namespace (package util-linux). */
    public static Path nsenter() {
        return require("nsenter", "util-linux");
    }

    /** ip(8), which brings the namespace's loopback up (package iproute2). */
    public static Path ip() {
        return require("ip", "iproute2");
    }

    /** ss(8), which tells whether a program in the namespace has bound its port (package iproute2). */
    public static Path ss() {
        return require("ss", "iproute2");
    }

    /**
     * deploy/softphone/ with its npm packages installed ({@code npm ci}): the page, its server and the driver
     * (drive.mjs) that runs Chromium through playwright-core.
     */
    public static Path softphone() {
        Path dir = RealPeers.projectRoot().resolve("deploy/softphone");
        for (String file : List.of("index.html", "softphone.js", "serve.mjs", "drive.mjs", "package-lock.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                fail("missing shipped file " + dir.resolve(file));
            }
        }
        for (String module : List.of("jssip", "playwright-core", "esbuild")) {
            if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
                fail("npm package " + module + " is not installed in " + dir + ": run (cd deploy/softphone && npm ci); "
                        + INSTALL_HINT);
            }
        }
        return dir;
    }

    private static Path require(String program, String from) {
        String path = System.getenv("PATH");
        String searched = (path == null ? "" : path) + File.pathSeparator + "/usr/local/bin" + File.pathSeparator
                + "/usr/sbin" + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/sbin" + File.pathSeparator
                + "/bin";
        for (String dir : searched.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("'" + program + "' not found (" + from + "); " + INSTALL_HINT);
    }
}
