package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.sidecar.testing.NgClient;

/**
 * media-sidecar as its own process, as an operator runs it: {@code java -cp <the test's class path>
 * org.rtcsip.sidecar.Main} (target/classes and every dependency, so no packaged jar is needed) on 127.0.0.1
 * with ports picked for the test. Ready once it answers an ng ping and /health.
 */
final class SidecarProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final int MEDIA_PORTS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final LoggedProcess process;
    private final int ngPort;
    private final int httpPort;
    private final int portMin;
    private final int portMax;

    private SidecarProcess(String name, LoggedProcess process, int ngPort, int httpPort, int portMin, int portMax) {
        this.name = name;
        this.process = process;
        this.ngPort = ngPort;
        this.httpPort = httpPort;
        this.portMin = portMin;
        this.portMax = portMax;
    }

    /** Starts sidecar {@code name} with more rtpengine-style options and waits until it serves. */
    static SidecarProcess start(String name, String... extraOptions) {
        return start(name, MEDIA_PORTS, extraOptions);
    }

    /** The same with {@code mediaPorts} media ports (at most 2000). */
    static SidecarProcess start(String name, int mediaPorts, String... extraOptions) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sidecar-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sidecar run directory", e);
        }
        int ngPort = FreePorts.udp();
        int httpPort = FreePorts.tcp();
        int portMin = FreePorts.udpBlock(mediaPorts);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.rtcsip.sidecar.Main",
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ngPort,
                "--listen-http=127.0.0.1:" + httpPort,
                "--port-min=" + portMin,
                "--port-max=" + (portMin + mediaPorts - 1),
                "--num-threads=2",
                "--log-level=6",
                // no start-up warm-up: these tests time Kamailio's enable and drain, not the first calls
                "--codec-warmup=0",
                "--pidfile=" + dir.resolve("sidecar.pid")));
        command.addAll(List.of(extraOptions));
        LoggedProcess process = LoggedProcess.start("media-sidecar " + name, command, dir, dir.resolve("sidecar.log"));
        SidecarProcess sidecar = new SidecarProcess(name, process, ngPort, httpPort, portMin,
                portMin + mediaPorts - 1);
        sidecar.awaitReady();
        return sidecar;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("sidecar " + name + " exited during startup; " + process.describe() + "\n" + process.logTail(30));
            }
            try {
                // /health first: it refuses at once while the JVM starts, an ng ping would wait for its timeout
                if (health().statusCode() == 200) {
                    try (NgClient ng = new NgClient(ngAddress())) {
                        if ("pong".equals(ng.request(NgClient.dict("command", "ping")).get("result"))) {
                            return;
                        }
                    }
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        close();
        fail("sidecar " + name + " did not answer ng ping and /health within " + READY_TIMEOUT.toSeconds() + " s (last: "
                + last + "); " + process.describe() + "\n" + process.logTail(30));
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** {@code udp:127.0.0.1:<ng port>}, as kamailio.cfg's rtpengine_sock names it. */
    String ngUrl() {
        return "udp:127.0.0.1:" + ngPort;
    }

    InetSocketAddress ngAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    boolean ownsMediaPort(int port) {
        return port >= portMin && port <= portMax;
    }

    String portRange() {
        return portMin + "-" + portMax;
    }

    HttpResponse<String> health() throws IOException, InterruptedException {
        return get("/health");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample, e.g. {@code sidecar_sessions} or {@code x{a="b"}}; NaN if absent. */
    double metric(String sample) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /** ok ng offers so far: the calls Kamailio gave this sidecar. */
    double offers() throws IOException, InterruptedException {
        double offers = metric("sidecar_ng_requests_total{command=\"offer\",result=\"ok\"}");
        return Double.isNaN(offers) ? 0 : offers;
    }

    /** SIGTERM, without waiting: the sidecar drains. */
    void sigterm() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    }

    /** Sends {@code signal} (TERM, INT...) with kill(1), without waiting. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            fail("kill -s " + signal + " " + process.pid() + ": " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** Runs {@code action} when the process has ended. */
    void onExit(Runnable action) {
        ProcessHandle.of(process.pid()).ifPresentOrElse(h -> h.onExit().thenRun(action), action);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 if still running after {@code timeout}. */
    int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    String logText() {
        return process.logText();
    }

    /** Waits up to 5 s for {@code text} to appear in the log; fails the test with the log's tail otherwise. */
    void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!logText().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no '" + text + "' in the log of sidecar " + name + ":\n" + logTail(20));
            }
            Thread.sleep(50);
        }
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops it if it still runs: SIGTERM (a drain), then SIGKILL after a short grace. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.stop(Duration.ofSeconds(5));
        }
    }
}
