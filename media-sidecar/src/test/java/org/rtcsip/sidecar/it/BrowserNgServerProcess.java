package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An ng media server started from a command line inside the browser test bed's {@link BrowserNetworkNamespace}:
 * Debian's rtpengine (the reference) or media-sidecar as its own JVM (an in-process sidecar cannot join the
 * namespace). Ready once it answers an ng ping with pong, probed from inside the namespace; Kamailio must start
 * after that (it disables an ng server that misses its start-up ping for rtpengine_disable_tout seconds).
 */
public final class BrowserNgServerProcess implements NgMediaServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final int MEDIA_PORTS = 200;

    private final LoggedProcess process;
    private final BrowserNetworkNamespace namespace;
    private final int ngPort;
    private final int portMin;
    private final int portMax;
    private final int httpPort;

    private BrowserNgServerProcess(LoggedProcess process, BrowserNetworkNamespace namespace, Ports ports,
            int httpPort) {
        this.process = process;
        this.namespace = namespace;
        this.ngPort = ports.ng();
        this.portMin = ports.mediaMin();
        this.portMax = ports.mediaMax();
        this.httpPort = httpPort;
    }

    /** The ports a server is given: ng control and its media range. */
    public record Ports(int ng, int mediaMin, int mediaMax) {
        public static Ports pick() {
            int min = FreePorts.udpBlock(MEDIA_PORTS);
            return new Ports(FreePorts.udp(), min, min + MEDIA_PORTS - 1);
        }
    }

    /** Debian's rtpengine, userspace only, on 127.0.0.1 inside the namespace (as {@link RtpengineProcess} outside). */
    public static BrowserNgServerProcess rtpengine(BrowserNetworkNamespace namespace) {
        Path rtpengine = RealPeers.rtpengine();
        Path dir = createDir("rtpengine-browser-");
        Ports ports = Ports.pick();
        List<String> command = List.of(rtpengine.toString(),
                "--config-file=none",        // ignore /etc/rtpengine/rtpengine.conf
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ports.ng(),
                "--port-min=" + ports.mediaMin(),
                "--port-max=" + ports.mediaMax(),
                "--table=-1",                // no kernel forwarding: userspace relay only
                "--foreground",
                "--log-stderr",
                "--log-level=7",             // debug: ICE, DTLS and codec decisions, for failure messages
                "--delete-delay=0",
                "--pidfile=" + dir.resolve("rtpengine.pid"));
        return start(namespace, "rtpengine", command, dir, ports, -1);
    }

    /**
     * media-sidecar in a JVM of its own inside the namespace: the test JVM's java and class path (target/classes and
     * every dependency, so no packaged jar is needed before {@code mvn package}), main class
     * {@code org.rtcsip.sidecar.Main}, on 127.0.0.1 with picked ports; {@code extraOptions} are more rtpengine-style
     * options (e.g. {@code --log-level=7}). Its ops HTTP port is {@link #httpPort} (read it with
     * {@code namespace.run(List.of("curl", "-s", "http://127.0.0.1:<port>/metrics"), ...)}).
     */
    public static BrowserNgServerProcess sidecar(BrowserNetworkNamespace namespace, String... extraOptions) {
        Path dir = createDir("sidecar-browser-");
        Ports ports = Ports.pick();
        int httpPort = FreePorts.tcp();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.rtcsip.sidecar.Main",
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ports.ng(),
                "--listen-http=127.0.0.1:" + httpPort,
                "--port-min=" + ports.mediaMin(),
                "--port-max=" + ports.mediaMax(),
                "--num-threads=2",
                "--log-level=6"));
        command.addAll(List.of(extraOptions));
        return start(namespace, "media-sidecar", command, dir, ports, httpPort);
    }

    /** The sidecar's ops HTTP port inside the namespace; -1 for rtpengine. */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Starts {@code command} (which must use {@code ports}, and {@code httpPort} if it has ops HTTP, else -1)
     * inside the namespace and waits for its pong.
     */
    public static BrowserNgServerProcess start(BrowserNetworkNamespace namespace, String name, List<String> command,
            Path dir, Ports ports, int httpPort) {
        LoggedProcess process = namespace.start(name, command, dir, dir.resolve(name + ".log"));
        BrowserNgServerProcess server = new BrowserNgServerProcess(process, namespace, ports, httpPort);
        server.awaitPong(name);
        return server;
    }

    private void awaitPong(String name) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                fail(name + " exited during startup; " + process.describe() + "\n" + process.logTail(30));
            }
            String cookie = "browser_ready_" + attempt;
            // ng ping exactly as Kamailio sends it: cookie, space, bencode {command: ping}
            String reply = namespace.udpExchange(ngPort, cookie + " d7:command4:pinge", Duration.ofMillis(300));
            if (reply.contains(cookie + " d6:result4:ponge")) {
                return;
            }
            BrowserNetworkNamespace.pause(100);
        }
        close();
        fail(name + " did not answer ng ping on 127.0.0.1:" + ngPort + " (inside the namespace) within "
                + READY_TIMEOUT.toSeconds() + " s; " + process.describe() + "\n" + process.logTail(30));
    }

    private static Path createDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a media server run directory", e);
        }
    }

    @Override
    public String ngUrl() {
        return "udp:127.0.0.1:" + ngPort;
    }

    @Override
    public boolean ownsMediaPort(int port) {
        return port >= portMin && port <= portMax;
    }

    @Override
    public String portRange() {
        return portMin + "-" + portMax;
    }

    @Override
    public String logText() {
        return process.logText();
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
