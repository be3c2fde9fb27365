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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.ng.NgPing;
import org.rtcsip.testbed.ng.NgPorts;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.ShortCommand;

/**
 * media-sidecar as its own process, as an operator runs it, in a {@link Network}: {@code java -cp <the test's class
 * path> org.rtcsip.sidecar.Main} (target/classes and every dependency, so no packaged jar is needed; the test must
 * have media-sidecar on its class path) on 127.0.0.1 with ports picked for the test and rtpengine-style options.
 * An option the test gives replaces the default of that name ({@code --listen-ng=10.99.0.1:2223} instead of the
 * picked 127.0.0.1 one), and {@link #ports()} then names the test's ports; JVM options ({@code -Xmx128m},
 * {@code -XX:...}, {@code -D...}) go to the JVM. Ready once it answers /health and an ng
 * ping, asked from inside its network; when the test chose where ng listens (an address or an allow-list a
 * loopback ping cannot reach), once it answers /health and has logged that it is ready.
 */
public final class SidecarProcess implements NgMediaServer {
    /** A JVM start, the AES benchmarks of jitsi-srtp and libopus loading: 25 s seen on a loaded 2-core CI host. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final int MEDIA_PORTS = 200;
    private static final String MAIN = "org.rtcsip.sidecar.Main";
    private static final String READY_LINE = "media-sidecar ready";
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Network network;
    private final LoggedProcess process;
    private final NgPorts ports;
    private final int httpPort;
    private final boolean pingable;
    private final Picked picked;
    private boolean released;

    private SidecarProcess(String name, Network network, LoggedProcess process, NgPorts ports, int httpPort,
            boolean pingable, Picked picked) {
        this.name = name;
        this.network = network;
        this.process = process;
        this.ports = ports;
        this.httpPort = httpPort;
        this.pingable = pingable;
        this.picked = picked;
    }

    /** The ports FreePorts gave for the defaults (used or replaced by the test's), given back once it exited. */
    private record Picked(NgPorts ng, int http) {
        static Picked pick(int mediaPorts) {
            return new Picked(NgPorts.pick(mediaPorts), FreePorts.tcp());
        }

        void release() {
            ng.release();
            FreePorts.release(http, 1);
        }
    }

    /**
     * Starts sidecar {@code name} in {@code network} with more rtpengine-style options (e.g. {@code --log-level=7},
     * {@code --codec-warmup=0}) and waits until it serves. An {@code --interface=...} among them replaces the default
     * {@code --interface=127.0.0.1} (e.g. {@code --interface=pub/127.0.0.1!10.0.0.1} behind a 1:1 NAT).
     */
    public static SidecarProcess start(Network network, String name, String... extraOptions) {
        return start(network, name, MEDIA_PORTS, extraOptions);
    }

    /** The same with a media port range of {@code mediaPorts} ports (at most 2000). */
    public static SidecarProcess start(Network network, String name, int mediaPorts, String... extraOptions) {
        Path dir = runDirectory(name);
        Picked picked = Picked.pick(mediaPorts);
        List<String> command = commandLine(dir, picked, extraOptions);
        NgPorts ports = new NgPorts(port(command, "listen-ng"), Integer.parseInt(value(command, "port-min")),
                Integer.parseInt(value(command, "port-max")));
        // a loopback ping cannot reach an ng socket the test put elsewhere or behind its own allow-list
        boolean pingable = !given(extraOptions, "listen-ng") && !given(extraOptions, "ng-allow");
        LoggedProcess process = network.start("media-sidecar " + name, command, dir, dir.resolve("sidecar.log"));
        SidecarProcess sidecar = new SidecarProcess(name, network, process, ports, port(command, "listen-http"),
                pingable, picked);
        sidecar.awaitReady();
        return sidecar;
    }

    /**
     * Runs the sidecar with these options where it is expected to stop by itself (a start-up error): its exit code
     * and everything it printed; exit code -1 if it still ran after {@code timeout} (then killed).
     */
    public static ShortCommand.Output runToExit(Network network, Duration timeout, String... options) {
        Picked picked = Picked.pick(MEDIA_PORTS);
        ShortCommand.Output output = network.run(commandLine(runDirectory("exit"), picked, options), timeout);
        picked.release();
        return output;
    }

    private static Path runDirectory(String name) {
        try {
            return Files.createTempDirectory("sidecar-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sidecar run directory", e);
        }
    }

    /** env, java, the class path, Main, the defaults the test did not name, then the test's options. */
    private static List<String> commandLine(Path dir, Picked picked, String... extraOptions) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("interface", "127.0.0.1");
        defaults.put("listen-ng", "127.0.0.1:" + picked.ng().ng());
        defaults.put("listen-http", "127.0.0.1:" + picked.http());
        defaults.put("port-min", Integer.toString(picked.ng().mediaMin()));
        defaults.put("port-max", Integer.toString(picked.ng().mediaMax()));
        defaults.put("num-threads", "2");
        defaults.put("log-level", "6");
        defaults.put("pidfile", dir.resolve("sidecar.pid").toString());
        List<String> command = new ArrayList<>(List.of(
                // the signals the sidecar handles, at their defaults: a JVM leaves a signal ignored at its start
                // ignored (as under nohup), and a build started in the background of a script (no job control)
                // hands SIGINT and SIGHUP down ignored; env execs java, so the pid stays java's
                "env", "--default-signal=HUP,INT,TERM",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // as the jar's manifest (Add-Opens) gives java -jar: the io_uring transport reads JDK descriptors
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
        for (String option : extraOptions) {
            if (isJvmOption(option)) {
                command.add(option);
            }
        }
        command.add(MAIN);
        // the test's value replaces the default, also of a repeatable option (interface, listen-ng)
        defaults.forEach((key, value) -> {
            if (!given(extraOptions, key)) {
                command.add("--" + key + "=" + value);
            }
        });
        for (String option : extraOptions) {
            if (!isJvmOption(option)) {
                command.add(option);
            }
        }
        return command;
    }

    /** {@code -Xmx128m}, {@code -XX:...}, {@code -Dname=value}: for the JVM, before the main class. */
    private static boolean isJvmOption(String option) {
        return option.startsWith("-X") || option.startsWith("-D");
    }

    private static boolean given(String[] options, String key) {
        for (String option : options) {
            if (option.equals("--" + key) || option.startsWith("--" + key + "=")) {
                return true;
            }
        }
        return false;
    }

    /** The first value of {@code --key=...} in {@code command}. */
    private static String value(List<String> command, String key) {
        for (String arg : command) {
            if (arg.startsWith("--" + key + "=")) {
                return arg.substring(key.length() + 3);
            }
        }
        throw new IllegalArgumentException("no --" + key + " in " + command);
    }

    /** The port of the first {@code --key=[host:]port}. */
    private static int port(List<String> command, String key) {
        String address = value(command, key);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
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
            if (health.statusCode() == 200 && pingable) {
                // /health answering means the ng socket is bound: give the ping a few seconds even at the deadline
                NgPing.awaitPong(network, ports.ng(), process, Duration.ofNanos(Math.max(5_000_000_000L,
                        deadline - System.nanoTime())));
                return;
            }
            if (health.statusCode() == 200 && process.logText().contains(READY_LINE)) {
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

    public long pid() {
        return process.pid();
    }

    /** The network it runs in, for probes from there. */
    public Network network() {
        return network;
    }

    /**
     * An ng client on the host's loopback that sends each request once and waits 3 s: a test that wants every
     * answer as it is, without Kamailio's retransmissions.
     */
    public NgClient ngClient() throws IOException {
        return new NgClient(ngAddress(), Duration.ofSeconds(3), 1);
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

    /** SIGHUP: the sidecar reads dtls-cert and dtls-key again. */
    public void sighup() {
        process.signal("HUP");
    }

    /** Sends {@code signal} ({@code TERM}, {@code INT}, {@code USR1}...) with kill(1), without waiting. */
    public void signal(String signal) {
        ShortCommand.Output kill = ShortCommand.run(List.of("kill", "-s", signal, Long.toString(process.pid())),
                Duration.ofSeconds(5));
        if (kill.exitCode() != 0) {
            fail("kill -s " + signal + " " + process.pid() + ": " + kill.text());
        }
    }

    /** Waits up to 5 s for {@code text} to appear in the log; fails the test with the log's tail otherwise. */
    public void awaitLog(String text) {
        Poll.until("'" + text + "' in the log of sidecar " + name, LOG_TIMEOUT, () -> logText().contains(text),
                () -> "\n" + logTail(20));
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

    /** Stops it if it still runs: SIGTERM (a drain), then SIGKILL after a short grace; its ports go back. */
    @Override
    public void close() {
        process.close();
        if (!process.isAlive() && !released) {
            released = true;
            picked.release();
        }
    }
}
