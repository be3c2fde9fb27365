package org.rtcsip.kamailio.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The ng client on the wire, against a loopback UDP socket of the test's own playing the sidecar:
 * framing, re-sending the same cookie, ignoring stale replies, and the one-line failures.
 */
class NgUdpClientTest {

    /** Answers each datagram with {@code reply.apply(text)} (null: stay silent), on its own thread. */
    private static final class FakeNgServer implements AutoCloseable {
        final DatagramSocket socket;
        final List<String> received = new CopyOnWriteArrayList<>();
        private final Thread thread;

        FakeNgServer(Function<String, List<String>> replies) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(100);
            thread = new Thread(() -> {
                byte[] buffer = new byte[65535];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException idle) {
                        continue;
                    } catch (IOException closed) {
                        return;
                    }
                    String text = new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1);
                    received.add(text);
                    List<String> answers = replies.apply(text);
                    for (String answer : answers == null ? List.<String>of() : answers) {
                        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
                        try {
                            socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                        } catch (IOException closed) {
                            return;
                        }
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "udp:127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }

    private static String cookie(String datagram) {
        return datagram.substring(0, datagram.indexOf(' '));
    }

    @Test
    void pingSendsCookieSpaceBencodeAndReadsThePong() throws Exception {
        try (FakeNgServer server = new FakeNgServer(d -> List.of(cookie(d) + " d6:result4:ponge"));
             NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(500), 3)) {
            Duration took = ng.ping();
            assertTrue(took.toMillis() < 500, took.toString());
            String sent = server.received.get(0);
            assertTrue(sent.matches("sidecarctl_\\d+_[0-9a-f]+_1 d7:command4:pinge"), sent);
        }
    }

    @Test
    void aLostRequestIsSentAgainWithTheSameCookie() throws Exception {
        List<String> seen = new ArrayList<>();
        try (FakeNgServer server = new FakeNgServer(d -> {
            seen.add(d);
            return seen.size() == 1 ? null : List.of(cookie(d) + " d6:result2:ok7:createdi5ee");
        }); NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(200), 3)) {
            assertEquals(Map.of("result", "ok", "created", 5L), ng.query("call-1"));
            assertEquals(2, server.received.size());
            assertEquals(server.received.get(0), server.received.get(1), "a retransmission is the same datagram");
        }
    }

    @Test
    void aReplyToAnotherCookieIsIgnored() throws Exception {
        try (FakeNgServer server = new FakeNgServer(d -> List.of("stale_cookie d6:result4:ponge",
                cookie(d) + " d6:result4:ponge"));
             NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(500), 1)) {
            ng.ping();
            assertEquals(1, server.received.size());
        }
    }

    @Test
    void deleteAsksForTheWholeCallAndFatalSoAnUnknownCallIsAnError() throws Exception {
        try (FakeNgServer server = new FakeNgServer(d -> List.of(cookie(d)
                + " d6:result5:error12:error-reason38:Call-ID not found or tags didn't matche"));
             NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(500), 1)) {
            SidecarRefusedException refused = assertThrows(SidecarRefusedException.class, () -> ng.delete("gone@x"));
            assertEquals("ng delete: Call-ID not found or tags didn't match", refused.getMessage());
            String sent = server.received.get(0);
            assertEquals("d7:call-id6:gone@x5:flagsl5:fatale7:command6:deletee", sent.substring(sent.indexOf(' ') + 1));
        }
    }

    @Test
    void anUndecodableReplyIsRefusedNamingTheProblem() throws Exception {
        try (FakeNgServer server = new FakeNgServer(d -> List.of(cookie(d) + " d6:result")); 
             NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(500), 1)) {
            SidecarRefusedException refused = assertThrows(SidecarRefusedException.class, ng::ping);
            assertEquals("ng ping: undecodable reply from " + server.url()
                    + ": bencode: truncated: a value was expected at byte 9", refused.getMessage());
        }
    }

    @Test
    void aSilentServerIsUnreachableAfterEveryAttemptInOneLine() throws Exception {
        try (FakeNgServer server = new FakeNgServer(d -> null);
             NgUdpClient ng = new NgUdpClient(server.url(), Duration.ofMillis(100), 3)) {
            long start = System.nanoTime();
            SidecarUnreachableException down = assertThrows(SidecarUnreachableException.class, ng::ping);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("sidecar unreachable at " + server.url() + ": no ng reply within 100 ms per attempt (ng ping)"
                    + " (3 attempts)", down.getMessage());
            assertEquals(3, server.received.size());
            assertTrue(millis >= 300 && millis < 2000, millis + " ms");
        }
    }

    @Test
    void aClosedPortIsUnreachableAtOnce() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        try (NgUdpClient ng = new NgUdpClient("udp:127.0.0.1:" + port, Duration.ofSeconds(2), 3)) {
            long start = System.nanoTime();
            SidecarUnreachableException down = assertThrows(SidecarUnreachableException.class, () -> ng.delete("x"));
            assertEquals("sidecar unreachable at udp:127.0.0.1:" + port + ": nothing listens there (ICMP port "
                    + "unreachable; ng delete) (1 attempt)", down.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500, "no waiting for a timeout");
        }
    }

    @Test
    void readsKamailiosUrlFormsAndNamesWhatIsWrongWithOthers() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 2223), NgUdpClient.address("udp:127.0.0.1:2223"));
        assertEquals(2223, NgUdpClient.address("udp6:[::1]:2223").getPort());
        assertTrue(NgUdpClient.address("udp6:[::1]:2223").getAddress().isLoopbackAddress());
        assertEquals(2225, NgUdpClient.address("127.0.0.1:2225").getPort());
        Map<String, String> bad = Map.of(
                "tcp:127.0.0.1:2223", "ng URL tcp:127.0.0.1:2223: only udp: and udp6: are supported",
                "udp:127.0.0.1", "ng URL udp:127.0.0.1 has no port; expected udp:IP:PORT",
                "udp:127.0.0.1:0", "ng URL udp:127.0.0.1:0: port 0 is out of range 1-65535",
                "udp:127.0.0.1:x", "ng URL udp:127.0.0.1:x: port x is not a number",
                "", "empty ng URL; expected udp:IP:PORT as in kamailio.cfg's rtpengine_sock");
        bad.forEach((url, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> NgUdpClient.address(url)).getMessage(), url));
    }
}
