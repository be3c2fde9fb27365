package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * What an operator sees when media-sidecar cannot start: the process exits non-zero and says why in one line
 * starting {@code media-sidecar: }, naming the option and the value: exit 2 for a configuration that cannot be
 * read, 1 for a host that does not let it run (a port in use, an address not on this host, an unwritable pid file).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupErrorsTest {

    /** The exit code and what the process printed. */
    record Exit(int code, List<String> output) {
        /** The lines that say why it stopped. */
        List<String> errors() {
            return output.stream().filter(l -> l.startsWith("media-sidecar: ")).toList();
        }
    }

    @Test
    void anInterfaceAddressNotOnThisHostStopsTheStart() throws Exception {
        assertOneLine(1, "media-sidecar: interface default/192.0.2.1: cannot bind a media socket to 192.0.2.1: the"
                + " address is not on this host (removed, or a typo in interface) (Cannot assign requested address)",
                run("--interface=192.0.2.1"));
    }

    @Test
    void anNgPortInUseStopsTheStart() throws Exception {
        int port = FreePorts.udp();
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertOneLine(1, "media-sidecar: cannot listen for ng on 127.0.0.1:" + port + ": Address already in use",
                    run("--listen-ng=127.0.0.1:" + port));
        }
    }

    @Test
    void anHttpPortInUseStopsTheStart() throws Exception {
        int port = FreePorts.tcp();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(1, "media-sidecar: cannot listen for HTTP on 127.0.0.1:" + port + ": Address already in use",
                    run("--listen-http=127.0.0.1:" + port));
        }
    }

    @Test
    void anUnknownOptionOrABadValueStopsTheStart() throws Exception {
        assertOneLine(2, "media-sidecar: unknown option --listen-nq; did you mean --listen-ng? (command line)",
                run("--listen-nq=2223"));
        assertOneLine(2, "media-sidecar: port-min: \"abc\" is not a number (command line)", run("--port-min=abc"));
    }

    @Test
    void anUnreadableConfigFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.conf");
        assertOneLine(2, "media-sidecar: config-file: \"" + missing + "\" does not exist (command line)",
                run("--config-file=" + missing));
        Path binary = Files.write(dir.resolve("binary.conf"), new byte[] {'[', 's', ']', '\n', (byte) 0xff, '\n'});
        assertOneLine(2, "media-sidecar: config-file: \"" + binary + "\" is not UTF-8 text (command line)",
                run("--config-file=" + binary));
        assertOneLine(2, "media-sidecar: config-file: \"" + dir + "\" is a directory, not a config file (command line)",
                run("--config-file=" + dir));
    }

    @Test
    void aPidFileThatCannotBeWrittenStopsTheStart(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("no-such-dir/sidecar.pid");
        assertOneLine(1, "media-sidecar: pidfile: cannot write " + pid + ": the directory " + pid.getParent()
                + " does not exist", run("--pidfile=" + pid));
    }

    private static void assertOneLine(int code, String line, Exit exit) {
        assertEquals(List.of(line), exit.errors(), String.join("\n", exit.output()));
        assertEquals(code, exit.code(), String.join("\n", exit.output()));
    }

    /** Runs the sidecar with loopback listeners on free ports and {@code options}; it must exit within 30 s. */
    static Exit run(String... options) {
        List<String> all = new ArrayList<>(List.of("--codec-warmup=0"));
        all.addAll(List.of(options));
        ShortCommand.Output out = SidecarProcess.runToExit(Network.host(), Duration.ofSeconds(30),
                all.toArray(String[]::new));
        if (out.exitCode() == -1) {
            throw new AssertionError("still running after 30 s: " + all + "\n" + out.text());
        }
        return new Exit(out.exitCode(), out.text().lines().toList());
    }
}
