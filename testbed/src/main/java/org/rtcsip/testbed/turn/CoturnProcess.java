package org.rtcsip.testbed.turn;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.tls.GeneratedCertificates;

/**
 * coturn's turnserver (Debian's coturn 4.6) in a {@link Network}: TURN over UDP and TCP on one port and TURN over
 * TLS (1.2 or newer) on another, both on 127.0.0.1, long-term credentials for one user (RFC 8489 §9.2), relayed
 * addresses on {@value #RELAY_IP} from a small port range picked for the test, so that a peer seeing traffic from
 * {@value #RELAY_IP} knows it was relayed. That address is not a loopback one, as a TURN server's relayed addresses on
 * the internet are not: Firefox pairs no loopback candidate with a remote candidate that is not loopback (with a
 * 127/8 relay address its relayed candidates never connect). Loopback peers are allowed (coturn refuses them by default: the media
 * server of a test bed is one). Started without a config file ({@code -n}) and with its user database in the run
 * directory: nothing of the machine's /etc/turnserver.conf or /var/lib/turn is read or written.
 */
public final class CoturnProcess implements AutoCloseable {

    /** The address coturn relays from, added to the namespace's lo (TEST-NET-2, RFC 5737: routed nowhere else). */
    public static final String RELAY_IP = "198.51.100.5";
    public static final String USER = "webrtc";
    public static final String PASSWORD = "turn-secret";
    public static final String REALM = "rtc-sip-sidecar";
    private static final String LISTEN_IP = "127.0.0.1";
    private static final int RELAY_PORTS = 20;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final LoggedProcess process;
    private final int port;
    private final int tlsPort;
    private final int relayPortMin;
    private final int relayPortMax;

    private CoturnProcess(LoggedProcess process, int port, int tlsPort, int relayPortMin, int relayPortMax) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
        this.relayPortMin = relayPortMin;
        this.relayPortMax = relayPortMax;
    }

    /**
     * Starts turnserver in {@code network} with the edge certificate of {@code certs} for TURN over TLS, adding
     * {@value #RELAY_IP} to the namespace's lo.
     */
    public static CoturnProcess start(LoopbackNamespace network, GeneratedCertificates certs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("coturn-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a coturn run directory", e);
        }
        network.addLoopbackAddress(RELAY_IP + "/32");
        int port = FreePorts.udpAndTcp();
        int tlsPort = FreePorts.udpAndTcp();
        int relayMin = FreePorts.udpBlock(RELAY_PORTS);
        int relayMax = relayMin + RELAY_PORTS - 1;
        List<String> command = new ArrayList<>(List.of(Programs.turnserver().toString(),
                "-n",                                  // no config file
                "--listening-ip=" + LISTEN_IP,
                "--listening-port=" + port,
                "--tls-listening-port=" + tlsPort,
                "--relay-ip=" + RELAY_IP,
                "--min-port=" + relayMin,
                "--max-port=" + relayMax,
                "--lt-cred-mech",
                "--user=" + USER + ":" + PASSWORD,
                "--realm=" + REALM,
                "--fingerprint",
                "--allow-loopback-peers",
                "--no-multicast-peers",
                "--cert=" + certs.edgeFullchain(),
                "--pkey=" + certs.edgeKey(),
                "--no-tlsv1", "--no-tlsv1_1",          // TLS 1.2 or newer, as everywhere on the edge
                "--no-dtls",                           // browsers speak TURN over UDP, TCP or TLS, not DTLS
                "--no-cli",
                "--db=" + dir.resolve("turndb"),
                "--pidfile=" + dir.resolve("turnserver.pid"),
                "--log-file=stdout", "--simple-log", "--verbose"));
        LoggedProcess process = network.start("coturn", command, dir, dir.resolve("turnserver.log"));
        CoturnProcess coturn = new CoturnProcess(process, port, tlsPort, relayMin, relayMax);
        coturn.awaitReady(network);
        return coturn;
    }

    private void awaitReady(Network network) {
        Poll.until("coturn listening on " + LISTEN_IP + ":" + port + " and " + tlsPort + " (" + network.describe()
                        + ")", READY_TIMEOUT,
                () -> {
                    if (!process.isAlive()) {
                        fail("coturn exited during startup; " + process.describe() + "\n" + process.logTail(30));
                    }
                    return network.udpBound(port) && network.tcpListening(port) && network.tcpListening(tlsPort)
                            && process.logText().contains("relay " + RELAY_IP + " initialization done");
                },
                () -> "\n" + process.describe() + "\n" + process.logTail(30));
    }

    /** {@code turn:HOST:PORT?transport=udp}: TURN over UDP, for a client that reaches coturn at {@code host}. */
    public String udpUrl(String host) {
        return "turn:" + host + ":" + port + "?transport=udp";
    }

    /** {@code turn:HOST:PORT?transport=tcp}: TURN over TCP. */
    public String tcpUrl(String host) {
        return "turn:" + host + ":" + port + "?transport=tcp";
    }

    /** {@code turns:HOST:TLSPORT?transport=tcp}: TURN over TLS. */
    public String tlsUrl(String host) {
        return "turns:" + host + ":" + tlsPort + "?transport=tcp";
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** True if {@code port} is one coturn relays from. */
    public boolean ownsRelayPort(int relayPort) {
        return relayPort >= relayPortMin && relayPort <= relayPortMax;
    }

    public String relayPortRange() {
        return relayPortMin + "-" + relayPortMax;
    }

    /** Everything coturn logged (allocations, permissions, sessions with their byte counts). */
    public String logText() {
        return process.logText();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
