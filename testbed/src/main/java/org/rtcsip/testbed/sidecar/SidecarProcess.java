package org.rtcsip.testbed.sidecar;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.ng.NgPing;
import org.rtcsip.testbed.ng.NgPorts;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;

/**
 * media-sidecar as its own process, as an operator runs it, in a {@link Network}: {@code java -cp <the test's class
 * path> org.rtcsip.sidecar.Main} (target/classes and every dependency, so no packaged jar is needed; the test must
 * have media-sidecar on its class path) on 127.0.0.1 with ports picked for the test and rtpengine-style options.
 * Ready once it answers /health and an ng ping, asked from inside its network.
 */
public final class SidecarProcess implements NgMediaServer {
    /** A JVM start, the AES benchmarks of jitsi-srtp and libopus loading: seconds, more on a machine shared by many. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final int MEDIA_PORTS = 200;
    private static final String MAIN = "org.rtcsip.sidecar.Main";

    private final String name;
    private final Network network;
    private final LoggedProcess process;
    private final NgPorts ports;
    private final int httpPort;

    private SidecarProcess(String name, Network network, LoggedProcess process, NgPorts ports, int httpPort) {
        this.name = name;
        this.network = network;
        this.process = process;
        this.ports = ports;
        this.httpPort = httpPort;
    }

    /**
     * Starts sidecar {@code name} in {@code network} with more rtpengine-style options (e.g. {@code --log-level=7},
     * {@code --codec-warmup=0}) and waits until it serves.
     */
    public static SidecarProcess start(Network network, String name, String... extraOptions) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sidecar-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sidecar run directory", e);
        }
        NgPorts ports = NgPorts.pick(MEDIA_PORTS);
        int httpPort = FreePorts.tcp();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-cp", System.getProperty("java.class.path"),
                MAIN,
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ports.ng(),
                "--listen-http=127.0.0.1:" + httpPort,
                "--port-min=" + ports.mediaMin(),
                "--port-max=" + ports.mediaMax(),
                "--num-threads=2",
                "--log-level=6",
                "--pidfile=" + dir.resolve("sidecar.pid")));
        command.addAll(List.of(extraOptions));
        LoggedProcess process = network.start("media-sidecar " + name, command, dir, dir.resolve("sidecar.log"));
        SidecarProcess sidecar = new SidecarProcess(name, network, process, ports, httpPort);
        sidecar.awaitReady();
        return sidecar;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // /health first: it refuses at once while the JVM starts, an ng ping would wait for its timeout
        Network.HttpReply health = new Network.HttpReply(-1, "no attempt");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("sidecar " + name + " exited during startup; " + process.describe() + "\n" + process.logTail(30));
            }
            health = network.http("GET", httpPort, "/health", null, Duration.ofSeconds(2));
            if (health.statusCode() == 200) {
                // /health answering means the ng socket is bound: give the ping a few seconds even at the deadline
                NgPing.awaitPong(network, ports.ng(), process, Duration.ofNanos(Math.max(5_000_000_000L,
                        deadline - System.nanoTime())));
                return;
            }
            Poll.pause(100);
        }
        close();
        fail("sidecar " + name + " did not answer /health within " + READY_TIMEOUT.toSeconds() + " s (last: "
                + health.statusCode() + " " + health.body() + "); " + process.describe() + "\n" + process.logTail(30));
    }

    public String name() {
        return name;
    }

    @Override
    public NgPorts ports() {
        return ports;
    }

    /** The ng socket, for a client in the test JVM (on the host's loopback only). */
    public InetSocketAddress ngAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.ng());
    }

    /** {@code http://127.0.0.1:<ops port>}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Network.HttpReply health() throws IOException {
        return get("/health");
    }

    /** GET {@code path} on the ops port, from inside the sidecar's network; IOException when nothing answers. */
    public Network.HttpReply get(String path) throws IOException {
        Network.HttpReply reply = network.http("GET", httpPort, path, null, HTTP_TIMEOUT);
        if (reply.statusCode() == -1) {
            throw new IOException("GET " + httpUrl() + path + ": " + reply.body());
        }
        return reply;
    }

    /** The value of one Prometheus sample, e.g. {@code sidecar_sessions} or {@code x{a="b"}}; NaN if absent. */
    public double metric(String sample) throws IOException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /**
     * The call-ids it holds: ng {@code list}, asked from inside its network; fails the test when it does not answer
     * or answers something else.
     */
    public List<String> ngList() {
        String cookie = "list_" + System.nanoTime();
        String reply = network.udpExchange(ports.ng(), cookie + " d7:command4:list5:limiti100000ee",
                Duration.ofMillis(700));
        if (!reply.startsWith(cookie + " ")) {
            fail("sidecar " + name + " did not answer ng list: '" + reply + "'\n" + process.logTail(20));
        }
        byte[] body = reply.substring(cookie.length() + 1).getBytes(StandardCharsets.ISO_8859_1);
        try {
            Map<String, Object> answer = Bencode.text(Bencode.decode(body, 0, body.length));
            List<String> calls = new ArrayList<>();
            if (answer.get("calls") instanceof List<?> ids) {
                ids.forEach(id -> calls.add(String.valueOf(id)));
            } else {
                fail("ng list of sidecar " + name + " has no calls list: " + answer);
            }
            return calls;
        } catch (BencodeException e) {
            return fail("ng list of sidecar " + name + " answered undecodable " + reply, e);
        }
    }

    /** ok ng offers so far: the calls Kamailio gave this sidecar. */
    public double offers() throws IOException {
        double offers = metric("sidecar_ng_requests_total{command=\"offer\",result=\"ok\"}");
        return Double.isNaN(offers) ? 0 : offers;
    }

    /** SIGTERM, without waiting: the sidecar drains. */
    public void sigterm() {
        process.sigterm();
    }

    /** SIGKILL: a crash, no drain; its sockets and WebSocket connections drop at once. */
    public void kill() {
        process.kill();
    }

    /** Runs {@code action} when the process has ended. */
    public void onExit(Runnable action) {
        process.onExit(action);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 if still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    @Override
    public String logText() {
        return process.logText();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public Path log() {
        return process.log();
    }

    /** Stops it if it still runs: SIGTERM (a drain), then SIGKILL after a short grace. */
    @Override
    public void close() {
        process.close();
    }
}
