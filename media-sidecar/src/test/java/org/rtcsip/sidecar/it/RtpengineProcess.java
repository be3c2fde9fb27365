package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The reference ng server: Debian's rtpengine 10.5, userspace only (no kernel table), bound to
 * 127.0.0.1 with its own ng port and media port range, so it never collides with a system
 * rtpengine or with the sidecar's default 2223.
 */
public final class RtpengineProcess implements NgMediaServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final int MEDIA_PORTS = 200;

    private final LoggedProcess process;
    private final int ngPort;
    private final int portMin;
    private final int portMax;

    private RtpengineProcess(LoggedProcess process, int ngPort, int portMin, int portMax) {
        this.process = process;
        this.ngPort = ngPort;
        this.portMin = portMin;
        this.portMax = portMax;
    }

    /** Starts rtpengine and waits until it answers an ng ping with pong. */
    public static RtpengineProcess start() {
        Path rtpengine = RealPeers.rtpengine();
        Path dir;
        try {
            dir = Files.createTempDirectory("rtpengine-it-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an rtpengine run directory", e);
        }
        int ngPort = FreePorts.udp();
        int portMin = FreePorts.udpBlock(MEDIA_PORTS);
        int portMax = portMin + MEDIA_PORTS - 1;
        List<String> command = List.of(rtpengine.toString(),
                "--config-file=none",        // ignore /etc/rtpengine/rtpengine.conf
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ngPort,
                "--port-min=" + portMin,
                "--port-max=" + portMax,
                "--table=-1",                // no kernel forwarding: userspace relay only
                "--foreground",
                "--log-stderr",
                "--log-level=6",
                "--delete-delay=0",          // free ports at once on delete
                "--pidfile=" + dir.resolve("rtpengine.pid"));
        LoggedProcess process = LoggedProcess.start("rtpengine", command, dir, dir.resolve("rtpengine.log"));
        RtpengineProcess started = new RtpengineProcess(process, ngPort, portMin, portMax);
        started.awaitPong();
        return started;
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.setSoTimeout(200);
            byte[] buffer = new byte[512];
            for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
                if (!process.isAlive()) {
                    fail("rtpengine exited during startup; " + process.describe() + "\n" + process.logTail(30));
                }
                String cookie = "it_ready_" + attempt;
                // ng ping exactly as Kamailio sends it: cookie, space, bencode {command: ping}
                byte[] ping = (cookie + " d7:command4:pinge").getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(ping, ping.length, loopback, ngPort));
                try {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (text.equals(cookie + " d6:result4:ponge")) {
                        return;
                    }
                } catch (SocketTimeoutException | PortUnreachableException notYet) {
                    // not listening yet
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("pinging rtpengine on 127.0.0.1:" + ngPort, e);
        }
        close();
        fail("rtpengine did not answer ng ping on 127.0.0.1:" + ngPort + " within " + READY_TIMEOUT.toSeconds()
                + " s; " + process.describe() + "\n" + process.logTail(30));
    }

    /** The URL for Kamailio's rtpengine_sock, {@code udp:127.0.0.1:<ng port>}. */
    @Override
    public String portRange() {
        return portMin() + "-" + portMax();
    }

    @Override
    public String ngUrl() {
        return "udp:127.0.0.1:" + ngPort;
    }

    public int ngPort() {
        return ngPort;
    }

    /** True if {@code port} is one rtpengine may allocate for media. */
    public boolean ownsMediaPort(int port) {
        return port >= portMin && port <= portMax;
    }

    public int portMin() {
        return portMin;
    }

    public int portMax() {
        return portMax;
    }

    public Path log() {
        return process.log();
    }

    public String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
