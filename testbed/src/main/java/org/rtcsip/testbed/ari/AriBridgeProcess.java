package org.rtcsip.testbed.ari;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.repo.Repository;

/**
 * ari-bridge as its own process, as an operator runs it, in a {@link Network}: {@code java -cp <the test's class
 * path> org.rtcsip.ari.Main --config-file=<file>} (the test must have ari-bridge on its class path) with the config
 * text the test gives. Ready once its {@code /health} answers 200: the ARI events WebSocket is open and FastAGI
 * listens. Its ops port is the config's {@code listen-http}.
 */
public final class AriBridgeProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String MAIN = "org.rtcsip.ari.Main";
    private static final Pattern LISTEN_HTTP = Pattern.compile("(?m)^listen-http\\s*=\\s*[^:\\s]+:(\\d+)\\s*$");

    private final Network network;
    private final LoggedProcess process;
    private final int httpPort;

    private AriBridgeProcess(Network network, LoggedProcess process, int httpPort) {
        this.network = network;
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * The shipped conf-samples/ari-bridge/ari-bridge.conf with {@code key = value} for each of {@code values}, as an
     * operator edits it (each key's shipped line must still be there, so a test notices when the file changes under
     * it), then {@code extra} (routes) appended.
     */
    public static String shippedConfig(Map<String, String> values, String extra) {
        Path file = Repository.existing(Repository.root().resolve("conf-samples/ari-bridge/ari-bridge.conf"));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String line = text.lines().filter(l -> l.startsWith(key + " = ")).findFirst()
                    .orElseGet(() -> fail("the shipped ari-bridge.conf no longer has a line " + key + " = ..."));
            text = text.replace(line, key + " = " + e.getValue());
        }
        return text + extra;
    }

    /** Writes {@code configText} to a file, starts ari-bridge on it in {@code network} and waits until healthy. */
    public static AriBridgeProcess start(Network network, String configText) {
        Matcher listen = LISTEN_HTTP.matcher(configText);
        int httpPort = listen.find() ? Integer.parseInt(listen.group(1)) : 2227;
        Path dir;
        Path config;
        try {
            dir = Files.createTempDirectory("ari-bridge-");
            config = Files.writeString(dir.resolve("ari-bridge.conf"), configText);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an ari-bridge config", e);
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        LoggedProcess process = network.start("ari-bridge", List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), MAIN, "--config-file=" + config), dir, dir.resolve(
                "ari-bridge.log"));
        AriBridgeProcess bridge = new AriBridgeProcess(network, process, httpPort);
        bridge.awaitHealthy();
        return bridge;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Network.HttpReply health = new Network.HttpReply(-1, "no attempt");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("ari-bridge exited during start-up; " + process.describe() + "\n" + process.logTail(30));
            }
            health = get("/health");
            if (health.statusCode() == 200) {
                return;
            }
            Poll.pause(100);
        }
        close();
        fail("ari-bridge not healthy within " + READY_TIMEOUT.toSeconds() + " s (last: " + health.statusCode() + " "
                + health.body() + "); " + process.describe() + "\n" + process.logTail(30));
    }

    /** GET {@code path} on its ops port from inside its network; status -1 when nothing answered. */
    public Network.HttpReply get(String path) {
        return network.http("GET", httpPort, path, null, Duration.ofSeconds(5));
    }

    /** The value of one Prometheus sample, e.g. {@code ari_bridge_active_calls}; NaN if absent. */
    public double metric(String sample) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** SIGTERM (ari-bridge stops serving, calls stay in Asterisk), then SIGKILL after a short grace. */
    @Override
    public void close() {
        process.close();
    }
}
