package org.rtcsip.ngwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client as Kamailio's worker behaves, step by step against a socket the test plays the server with: the
 * same datagram again after each timeout, a stale cookie's reply dropped, and what each failure looks like.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NgClientTest {
    private DatagramSocket server;
    private SocketAddress client;

    @BeforeEach
    void openServer() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(5000);
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The next datagram the server gets, as text; remembers where it came from. */
    private String receive() throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        server.receive(packet);
        client = packet.getSocketAddress();
        return new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    private void reply(String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(StandardCharsets.ISO_8859_1);
        server.send(new DatagramPacket(bytes, bytes.length, client));
    }

    private static String cookie(String datagram) {
        return datagram.substring(0, datagram.indexOf(' '));
    }

    @Test
    void sendsCookieSpaceBencodeAndReadsTheReplyAsText() throws Exception {
        try (NgClient ng = new NgClient(address(), Duration.ofSeconds(2), 1, "worker_7_")) {
            CompletableFuture<Map<String, Object>> pong = CompletableFuture.supplyAsync(() -> call(ng::exchange,
                    dict("command", "ping")));
            String sent = receive();
            assertEquals("worker_7_1 d7:command4:pinge", sent);
            reply("worker_7_1 d6:result4:pong4:listl1:aee");
            assertEquals(Map.of("result", "pong", "list", List.of("a")), pong.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLostRequestIsSentAgainAsTheSameDatagramAndAStaleReplyIsDropped() throws Exception {
        try (NgClient ng = new NgClient(address(), Duration.ofMillis(300), 3)) {
            CompletableFuture<Map<String, Object>> answer = CompletableFuture.supplyAsync(() -> call(ng::exchange,
                    dict("command", "query", "call-id", "c1")));
            String first = receive();
            String again = receive(); // 300 ms later, unanswered
            assertEquals(first, again, "a retransmission is the identical datagram");
            reply("0_1_99 d6:result2:oke"); // another cookie: a late reply to an earlier request
            reply(cookie(first) + " d6:result2:ok7:createdi5ee");
            assertEquals(Map.of("result", "ok", "created", 5L), answer.get(5, TimeUnit.SECONDS));
            assertEquals(1, ng.retransmissions());
            assertTrue(ng.lastRoundTripNanos() >= 300_000_000L, ng.lastRoundTripNanos() + " ns");
        }
    }

    @Test
    void requestRefusesAnErrorWithTheServersReasonAndNamesACapacityLimit() throws Exception {
        try (NgClient ng = new NgClient(address(), Duration.ofSeconds(2), 1)) {
            CompletableFuture<NgRefusedException> refused = CompletableFuture.supplyAsync(() -> refusal(ng));
            reply(cookie(receive()) + " d6:result5:error12:error-reason16:Ran out of portse");
            NgRefusedException e = refused.get(5, TimeUnit.SECONDS);
            assertEquals("Ran out of ports", e.getMessage());
            assertEquals("error", e.result());
            assertTrue(e.isCapacityLimit());

            CompletableFuture<NgRefusedException> limit = CompletableFuture.supplyAsync(() -> refusal(ng));
            reply(cookie(receive()) + " d6:result10:load limit7:message4:fulle");
            assertEquals("full", limit.get(5, TimeUnit.SECONDS).getMessage());
            assertTrue(limit.get().isCapacityLimit());
        }
    }

    @Test
    void aSilentServerIsUnreachableAfterEverySend() throws Exception {
        try (NgClient ng = new NgClient(address(), Duration.ofMillis(100), 3)) {
            long start = System.nanoTime();
            NgUnreachableException e = assertThrows(NgUnreachableException.class, () -> ng.exchange(dict("command",
                    "ping")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.silent());
            assertEquals(3, e.attempts());
            assertTrue(millis >= 300 && millis < 2000, millis + " ms");
            assertTrue(e.getMessage().startsWith("no ng reply from " + address() + " to cookie "), e.getMessage());
        }
    }

    @Test
    void aClosedPortIsUnreachableAtOnce() throws Exception {
        InetSocketAddress closed = address();
        server.close();
        try (NgClient ng = new NgClient(closed, Duration.ofSeconds(2), 3)) {
            long start = System.nanoTime();
            NgUnreachableException e = assertThrows(NgUnreachableException.class, () -> ng.exchange(dict("command",
                    "ping")));
            assertTrue(e.nothingListens(), e.toString());
            assertEquals(1, e.attempts());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500, "no waiting for a timeout");
        }
    }

    @Test
    void anUndecodableReplyNamesWhatIsWrongWithIt() throws Exception {
        try (NgClient ng = new NgClient(address(), Duration.ofSeconds(2), 1)) {
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    ng.exchange(dict("command", "ping"));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            reply(cookie(receive()) + " d6:result");
            NgMalformedReplyException e = assertInstanceOf(NgMalformedReplyException.class,
                    failure.get(5, TimeUnit.SECONDS));
            assertEquals("undecodable ng reply from " + address() + ": unexpected end of data at byte 9",
                    e.getMessage());
        }
    }

    private interface Exchange {
        Map<String, Object> run(Map<String, Object> request) throws IOException;
    }

    private static Map<String, Object> call(Exchange exchange, Map<String, Object> request) {
        try {
            return exchange.run(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NgRefusedException refusal(NgClient ng) {
        try {
            ng.request(dict("command", "offer"));
            return null;
        } catch (NgRefusedException e) {
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
