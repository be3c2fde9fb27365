package org.rtcsip.testbed.repo;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The repository the tests run from, and the shipped files they run in place (never copied into test resources):
 * conf-samples/kamailio/kamailio.cfg, the sipp scenarios, the softphone page.
 */
public final class Repository {

    private Repository() {
    }

    /**
     * The repository root: the {@code project.root} system property the modules' poms pass to Surefire, else the
     * nearest parent of the working directory holding conf-samples/.
     */
    public static Path root() {
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
        return fail("cannot find the repository root: set -Dproject.root=<repo> (the poms do) or run from inside "
                + "the repository; project.root=" + property);
    }

    /** conf-samples/kamailio/kamailio.cfg: the configuration we ship, run in place. */
    public static Path kamailioConfig() {
        return existing(root().resolve("conf-samples/kamailio/kamailio.cfg"));
    }

    /** conf-samples/kamailio/tls.cfg: the tls module's profiles kamailio.cfg reads (define TLS_CONFIG). */
    public static Path kamailioTlsConfig() {
        return existing(root().resolve("conf-samples/kamailio/tls.cfg"));
    }

    /** deploy/gen-certs.sh: the test CA, the edge, trunk and STIR/SHAKEN certificates. */
    public static Path genCerts() {
        return existing(root().resolve("deploy/gen-certs.sh"));
    }

    /** conf-samples/{@code relative}: a shipped sample file or directory (e.g. an Asterisk configuration). */
    public static Path confSample(String relative) {
        return existing(root().resolve("conf-samples").resolve(relative));
    }

    /** conf-samples/sipp/{@code name}: a shipped sipp scenario or the media it plays. */
    public static Path sippFile(String name) {
        return existing(root().resolve("conf-samples/sipp").resolve(name));
    }

    /**
     * deploy/softphone/ with its npm packages installed ({@code npm ci}): the page, its server and the driver
     * (drive.mjs) that runs Chromium through playwright-core and Firefox through puppeteer-core.
     */
    public static Path softphone() {
        Path dir = root().resolve("deploy/softphone");
        for (String file : List.of("index.html", "softphone.js", "serve.mjs", "drive.mjs", "package-lock.json")) {
            existing(dir.resolve(file));
        }
        for (String module : List.of("jssip", "playwright-core", "puppeteer-core", "esbuild")) {
            if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
                fail("npm package " + module + " is not installed in " + dir + ": run (cd deploy/softphone && npm ci),"
                        + " or deploy/install-deps.sh --tests as root");
            }
        }
        return dir;
    }

    /** {@code file}, which must exist: a missing shipped file fails the test. */
    public static Path existing(Path file) {
        if (!Files.exists(file)) {
            fail("missing shipped file " + file);
        }
        return file;
    }
}
