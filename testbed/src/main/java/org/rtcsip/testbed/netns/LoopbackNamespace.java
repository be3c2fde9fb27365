package org.rtcsip.testbed.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;

/**
 * A network namespace that holds only a loopback interface, where a whole test bed can run: Kamailio, the media
 * server, sipp, tcpdump and Chromium. Chromium gathers ICE candidates and sends checks on every interface it sees;
 * in here it sees only lo, so every packet of the call stays on 127.0.0.1.
 *
 * <p>How: {@code unshare --net} starts a holder process (a shell that brings lo up, then sleeps) in a new
 * namespace; every program is then started with {@code nsenter --target <holder> --net}, so it is a child of this
 * JVM (logs, exit codes and kill work as for {@link LoggedProcess}) but lives in the namespace. The JVM itself stays
 * outside and cannot open a socket in there: probes (ng ping, SIP OPTIONS, bound ports, HTTP) run as short commands
 * inside. Needs root (CAP_SYS_ADMIN).
 */
public final class LoopbackNamespace implements Network, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final String READY_LINE = "loopback-up";

    private final LoggedProcess holder;
    private final Path dir;

    private LoopbackNamespace(LoggedProcess holder, Path dir) {
        this.holder = holder;
        this.dir = dir;
    }

    /** Creates the namespace and brings its loopback up; fails (with unshare's words) when not root. */
    public static LoopbackNamespace create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("netns-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a namespace work directory", e);
        }
        // the holder lives at most 15 minutes: a JVM killed without cleanup does not leave it forever
        String script = Programs.ip() + " link set lo up && echo " + READY_LINE + " && exec sleep 900";
        LoggedProcess holder = LoggedProcess.start("network namespace",
                List.of(Programs.unshare().toString(), "--net", "--", "/bin/sh", "-c", script),
                dir, dir.resolve("namespace.log"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!holder.logText().contains(READY_LINE)) {
            if (!holder.isAlive() || System.nanoTime() > deadline) {
                holder.close();
                fail("cannot create a loopback-only network namespace (unshare --net needs root, CAP_SYS_ADMIN): "
                        + holder.describe() + "\n" + holder.logTail(10));
            }
            Poll.pause(20);
        }
        LoopbackNamespace namespace = new LoopbackNamespace(holder, dir);
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
        String links = links();
        if (!links.contains("lo:") || links.strip().split("\n").length != 1 || !links.contains("UP")) {
            close();
            fail("the namespace must hold exactly one interface, lo, up; ip link shows:\n" + links);
        }
    }

    /**
     * Adds {@code cidr} (e.g. {@code 10.255.0.1/32}) to lo: an address that is not 127/8 for a peer that leaves
     * loopback out of what it offers (Asterisk gathers no ICE host candidate on 127.0.0.0/8). Packets to it stay on
     * lo, inside the namespace.
     */
    public void addLoopbackAddress(String cidr) {
        ShortCommand.Output out = run(List.of(Programs.ip().toString(), "addr", "add", cidr, "dev", "lo"),
                Duration.ofSeconds(5));
        if (out.exitCode() != 0) {
            fail("ip addr add " + cidr + " dev lo in " + describe() + ": " + out.text());
        }
    }

    /** What {@code ip -o link show} prints in here: one line, lo, UP. */
    public String links() {
        return run(List.of(Programs.ip().toString(), "-o", "link", "show"), Duration.ofSeconds(5)).text();
    }

    /** {@code command} prefixed so that it runs inside the namespace. */
    public List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of(Programs.nsenter().toString(),
                "--target", Long.toString(holder.pid()), "--net", "--"));
        full.addAll(command);
        return full;
    }

    @Override
    public LoggedProcess start(String name, List<String> command, Path workDir, Path log) {
        checkAlive();
        return LoggedProcess.start(name, inside(command), workDir, log);
    }

    @Override
    public ShortCommand.Output run(List<String> command, Duration timeout) {
        checkAlive();
        return ShortCommand.run(inside(command), timeout);
    }

    @Override
    public String udpExchange(int port, String request, Duration wait) {
        // bash's /dev/udp gives a connected socket (cat says "Connection refused" to stderr when an ICMP port
        // unreachable came back: not a reply); coreutils printf, not bash's builtin: the builtin writes each line as
        // a datagram of its own
        String script = "exec 3<>/dev/udp/127.0.0.1/\"$1\" || exit 3; /usr/bin/printf '%s' \"$2\" >&3 || exit 4; "
                + "exec timeout \"$3\" cat <&3 2>/dev/null";
        return run(List.of("/bin/bash", "-c", script, "udp-probe", Integer.toString(port), request, seconds(wait)),
                wait.plusSeconds(5)).text();
    }

    @Override
    public boolean udpBound(int port) {
        return !run(List.of(Programs.ss().toString(), "-H", "-u", "-a", "-n", "sport = :" + port),
                Duration.ofSeconds(5)).text().isBlank();
    }

    @Override
    public boolean tcpListening(int port) {
        return !run(List.of(Programs.ss().toString(), "-H", "-t", "-l", "-n", "sport = :" + port),
                Duration.ofSeconds(5)).text().isBlank();
    }

    @Override
    public HttpReply http(String method, int port, String path, String body, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(Programs.curl().toString(), "-s", "-m", seconds(timeout),
                "-X", method, "-o", "-", "-w", "\n%{http_code}"));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body));
        }
        command.add("http://127.0.0.1:" + port + path);
        ShortCommand.Output out = run(command, timeout.plusSeconds(5));
        String text = out.text();
        int lastLine = text.lastIndexOf('\n');
        int status;
        try {
            status = Integer.parseInt(text.substring(lastLine + 1).trim());
        } catch (NumberFormatException e) {
            status = 0;
        }
        return status == 0 ? new HttpReply(-1, "curl exit " + out.exitCode() + ": " + text)
                : new HttpReply(status, text.substring(0, Math.max(0, lastLine)));
    }

    @Override
    public String describe() {
        return "the loopback-only network namespace of pid " + holder.pid();
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

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    /** Stops the holder; the namespace goes away with the last program in it (stop those first). */
    @Override
    public void close() {
        holder.stop(Duration.ofSeconds(2));
    }
}
