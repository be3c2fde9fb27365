package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The shipped systemd unit gives a drain with the default timeout time to finish before it kills the process. */
class SystemdUnitTest {
    /** systemd's DefaultTimeoutStopSec: units and containers that do not set their own. */
    private static final long SYSTEMD_DEFAULT_STOP_SECONDS = 90;

    @Test
    void theDefaultDrainEndsBeforeSystemdStopsWaiting() throws Exception {
        long drain = SidecarConfig.load(new String[0]).drainTimeout().toSeconds();
        Matcher m = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(Files.readString(unit()));
        assertTrue(m.find(), "the unit sets TimeoutStopSec");
        long stop = Long.parseLong(m.group(1));
        assertTrue(drain < SYSTEMD_DEFAULT_STOP_SECONDS, "drain-timeout " + drain + " s");
        assertTrue(stop > drain + 5, "TimeoutStopSec " + stop + " s leaves time after a " + drain + " s drain");
        assertTrue(Files.readString(unit()).contains("SuccessExitStatus=143"), "a second SIGTERM is a clean stop");
    }

    private static Path unit() {
        String root = System.getProperty("project.root");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("deploy/systemd/media-sidecar.service");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("deploy/systemd/media-sidecar.service not found above " + start);
    }
}
