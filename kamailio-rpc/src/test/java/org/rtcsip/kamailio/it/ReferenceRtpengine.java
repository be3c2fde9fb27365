package org.rtcsip.kamailio.it;

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
 * Debian's rtpengine 10.5 as the ng server in Kamailio's rtpengine set: it answers the pings
 * Kamailio sends at startup and before {@code rtpengine.enable}. Userspace only, on loopback.
 */
public final class ReferenceRtpengine implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final int MEDIA_PORTS = 20;

    private final ChildProcess process;
    private final int ngPort;

    private ReferenceRtpengine(ChildProcess process, int ngPort) {
        this.process = process;
        this.ngPort = ngPort;
    }

    /** Starts rtpengine and waits until it answers an ng ping with pong. */
    public static ReferenceRtpengine start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("kamailio-rpc-rtpengine-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an rtpengine run directory", e);
        }
        int ngPort = FreePorts.udp();
        int portMin = FreePorts.udpBlock(MEDIA_PORTS);
        List<String> command = List.of(RealPrograms.rtpengine().toString(),
                "--config-file=none", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort,
                "--port-min=" + portMin, "--port-max=" + (portMin + MEDIA_PORTS - 1), "--table=-1",
                "--foreground", "--log-stderr", "--log-level=5", "--pidfile=" + dir.resolve("rtpengine.pid"));
        ReferenceRtpengine started = new ReferenceRtpengine(ChildProcess.start("rtpengine", command, dir), ngPort);
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
                String cookie = "ready_" + attempt;
                byte[] ping = (cookie + " d7:command4:pinge").getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(ping, ping.length, loopback, ngPort));
                try {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    if (new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII)
                            .equals(cookie + " d6:result4:ponge")) {
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

    /** {@code udp:127.0.0.1:<ng port>}, as written in rtpengine_sock. */
    public String ngUrl() {
        return "udp:127.0.0.1:" + ngPort;
    }

    @Override
    public void close() {
        process.close();
    }
}
