package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace that holds only a loopback interface, where the whole browser test bed runs: Kamailio, the
 * media server, sipp, tcpdump and Chromium. Chromium gathers ICE candidates and sends checks on every interface it
 * sees; in here it sees only lo, so every packet of the call stays on 127.0.0.1.
 *
 * <p>How: {@code unshare --net} starts a holder process (a shell that brings lo up, then sleeps) in a new
 * namespace; every program of the test is then started with {@code nsenter --target <holder> --net}, so it is a
 * child of this JVM (logs, exit codes and kill work as for {@link LoggedProcess}) but lives in the namespace. The
 * JVM itself stays outside and cannot open a socket in there: readiness probes (ng ping, SIP OPTIONS, bound
 * ports) run as short commands inside ({@link #udpExchange}, {@link #udpBound}). Needs root (CAP_SYS_ADMIN).
 */
public final class BrowserNetworkNamespace implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final String READY_LINE = "loopback-up";

    private final LoggedProcess holder;
    private final Path dir;

    private BrowserNetworkNamespace(LoggedProcess holder, Path dir) {
        this.holder = holder;
        this.dir = dir;
    }

    /** Creates the namespace and brings its loopback up; fails (with unshare's words) when not root. */
    public static BrowserNetworkNamespace create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("browser-netns-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a namespace work directory", e);
        }
        // the holder lives at most 15 minutes: a JVM killed without cleanup does not leave it forever
        String script = BrowserPeers.ip() + " link set lo up && echo " + READY_LINE + " && exec sleep 900";
        LoggedProcess holder = LoggedProcess.start("network namespace",
                List.of(BrowserPeers.unshare().toString(), "--net", "--", "/bin/sh", "-c", script),
                dir, dir.resolve("namespace.log"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!holder.logText().contains(READY_LINE)) {
            if (!holder.isAlive() || System.nanoTime() > deadline) {
                holder.close();
                fail("cannot create a loopback-only network namespace (unshare --net needs root, CAP_SYS_ADMIN): "
                        + holder.describe() + "\n" + holder.logTail(10));
            }
            pause(20);
        }
        BrowserNetworkNamespace namespace = new BrowserNetworkNamespace(holder, dir);
        namespace.checkIsolated();
        return namespace;
    }

    private void checkIsolated() {
        try {
            Path ours = Files.readSymbolicLink(Paths.get("/proc/self/ns/net"));
            Path theirs = Files.readSymbolicLink(Paths.get("/proc/" + holder.pid() + "/ns/net"));
            if (ours.equals(theirs)) {
                close();
                fail("unshare --net did not give a new network namespace (" + theirs + ")");
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("reading /proc/<pid>/ns/net", e);
        }
        String links = run(List.of(BrowserPeers.ip().toString(), "-o", "link", "show"), Duration.ofSeconds(5)).text();
        if (!links.contains("lo:") || links.strip().split("\n").length != 1 || !links.contains("UP")) {
            close();
            fail("the namespace must hold exactly one interface, lo, up; ip link shows:\n" + links);
        }
    }

    /** {@code command} prefixed so that it runs inside the namespace. */
    public List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of(BrowserPeers.nsenter().toString(),
                "--target", Long.toString(holder.pid()), "--net", "--"));
        full.addAll(command);
        return full;
    }

    /** Starts {@code command} inside the namespace, its output to {@code log}. */
    LoggedProcess start(String name, List<String> command, Path workDir, Path log) {
        checkAlive();
        return LoggedProcess.start(name, inside(command), workDir, log);
    }

    /** What a short command printed (stdout and stderr) and its exit code; -1 if it ran out of time and was killed. */
    public record Output(int exitCode, String text) {
    }

    /** Runs a short command inside the namespace and returns what it printed; kills it after {@code timeout}. */
    public Output run(List<String> command, Duration timeout) {
        checkAlive();
        Process process;
        try {
            process = new ProcessBuilder(inside(command)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " in the namespace", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), out), "netns-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
                reader.join(1000);
                return new Output(-1, out.toString(StandardCharsets.ISO_8859_1));
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        synchronized (out) {
            return new Output(process.exitValue(), out.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process died: keep what was read
        }
    }

    /**
     * Sends one UDP datagram to 127.0.0.1:{@code port} inside the namespace and returns whatever came back within
     * {@code wait} (empty if nothing, or if the port is closed). bash's /dev/udp gives a connected socket, so
     * replies go to its source port: a SIP request needs {@code ;rport} in its Via.
     */
    public String udpExchange(int port, String request, Duration wait) {
        // coreutils printf, not bash's builtin: the builtin writes each line as a datagram of its own
        String script = "exec 3<>/dev/udp/127.0.0.1/\"$1\" || exit 3; /usr/bin/printf '%s' \"$2\" >&3 || exit 4; "
                + "exec timeout \"$3\" cat <&3";
        String seconds = String.format(Locale.ROOT, "%.3f", wait.toMillis() / 1000.0);
        return run(List.of("/bin/bash", "-c", script, "udp-probe", Integer.toString(port), request, seconds),
                wait.plusSeconds(5)).text();
    }

    /** True if some program in the namespace has bound UDP port {@code port}. */
    public boolean udpBound(int port) {
        return !run(List.of(BrowserPeers.ss().toString(), "-H", "-u", "-a", "-n", "sport = :" + port),
                Duration.ofSeconds(5)).text().isBlank();
    }

    /** True if some program in the namespace listens on TCP port {@code port}. */
    public boolean tcpListening(int port) {
        return !run(List.of(BrowserPeers.ss().toString(), "-H", "-t", "-l", "-n", "sport = :" + port),
                Duration.ofSeconds(5)).text().isBlank();
    }

    /** The holder's process id: {@code /proc/<pid>/ns/net} is the namespace. */
    public long holderPid() {
        return holder.pid();
    }

    public Path dir() {
        return dir;
    }

    private void checkAlive() {
        if (!holder.isAlive()) {
            fail("the network namespace holder died: " + holder.describe() + "\n" + holder.logTail(10));
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the holder; the namespace goes away with the last program in it (stop those first). */
    @Override
    public void close() {
        holder.stop(Duration.ofSeconds(2));
    }
}
