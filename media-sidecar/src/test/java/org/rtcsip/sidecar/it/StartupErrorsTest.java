package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator sees when media-sidecar cannot start: the process exits non-zero and says why in one line
 * starting {@code media-sidecar: }, naming the option and the value.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupErrorsTest {

    /** The exit code and what the process wrote to stderr. */
    record Exit(int code, List<String> stderr) {
        /** The lines that say why it stopped. */
        List<String> errors() {
            return stderr.stream().filter(l -> l.startsWith("media-sidecar: ")).toList();
        }
    }

    @Test
    void anInterfaceAddressNotOnThisHostStopsTheStart() throws Exception {
        Exit exit = run("--interface=192.0.2.1");
        assertNotEquals(0, exit.code());
        assertEquals(List.of("media-sidecar: interface default/192.0.2.1: cannot bind a media socket to 192.0.2.1: the"
                + " address is not on this host (removed, or a typo in interface) (Cannot assign requested address)"),
                exit.errors(), String.join("\n", exit.stderr()));
    }

    /** Runs the sidecar with loopback listeners on free ports and {@code options}; it must exit within 30 s. */
    static Exit run(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.rtcsip.sidecar.Main",
                "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + FreePorts.udp(),
                "--listen-http=127.0.0.1:" + FreePorts.tcp(), "--codec-warmup=0"));
        command.addAll(List.of(options));
        Path errors = Files.createTempFile("sidecar-startup-", ".stderr");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 30 s: " + command);
            }
            return new Exit(process.exitValue(), Files.readAllLines(errors, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
