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
 * inside. Needs root (CAP_SYS_ADMIN). {@link OneToOneNat} joins two of them by a link (a browser host in front of an
 * edge published at a public address).
 */
public final class LoopbackNamespace implements Network, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final String READY_LINE = "loopback-up";
    /** TEST-NET-1 (RFC 5737): never routed anywhere; the dead-end interface's address and its "gateway". */
    public static final String DEAD_END_ADDRESS = "192.0.2.10";
    private static final String DEAD_END_GATEWAY = "192.0.2.1";

    private final LoggedProcess holder;
    private final Path dir;
    private final boolean deadEnd;

    private LoopbackNamespace(LoggedProcess holder, Path dir, boolean deadEnd) {
        this.holder = holder;
        this.dir = dir;
        this.deadEnd = deadEnd;
    }

    /** Creates the namespace and brings its loopback up; fails (with unshare's words) when not root. */
    public static LoopbackNamespace create() {
        return create(false);
    }

    /**
     * As {@link #create()}, plus a veth pair whose one end holds {@value #DEAD_END_ADDRESS}/24 and a default route
     * through it to a gateway that does not exist: Firefox gathers host candidates only on an interface with a
     * default route, never on lo. Packets between {@value #DEAD_END_ADDRESS} and 127.0.0.1 are local deliveries
     * inside the namespace; anything sent toward the route ends unanswered on the other veth end, which has no
     * address and nothing behind it.
     */
    public static LoopbackNamespace createWithDeadEndRoute() {
        return create(true);
    }

    private static LoopbackNamespace create(boolean deadEnd) {
        Path dir;
        try {
            dir = Files.createTempDirectory("netns-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a namespace work directory", e);
        }
        // the holder lives at most 15 minutes: a JVM killed without cleanup does not leave it forever
        String ip = Programs.ip().toString();
        String route = !deadEnd ? "" : ip + " link add veth0 type veth peer name veth1 && " + ip + " addr add "
                + DEAD_END_ADDRESS + "/24 dev veth0 && " + ip + " link set veth0 up && " + ip + " link set veth1 up && "
                + ip + " route add default via " + DEAD_END_GATEWAY + " dev veth0 && ";
        String script = ip + " link set lo up && " + route + "echo " + READY_LINE + " && exec sleep 900";
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
        LoopbackNamespace namespace = new LoopbackNamespace(holder, dir, deadEnd);
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
        int expected = deadEnd ? 3 : 1;
        if (!links.contains("lo:") || links.strip().split("\n").length != expected || !links.contains("UP")) {
            close();
            fail("the namespace must hold exactly " + (deadEnd ? "lo and the veth pair" : "one interface, lo")
                    + ", up; ip link shows:\n" + links);
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
        return (deadEnd ? "the loopback + dead-end-route" : "the loopback-only") + " network namespace of pid "
                + holder.pid();
    }

    /** True for 127.0.0.0/8 and, in a namespace with the dead-end route, {@value #DEAD_END_ADDRESS}. */
    public boolean isInside(String address) {
        return address.startsWith("127.") || deadEnd && address.equals(DEAD_END_ADDRESS);
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
