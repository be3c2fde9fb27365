package org.rtcsip.kamailio.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the client does on the wire and when the other end misbehaves, with loopback sockets of
 * the test's own standing in for what a real Kamailio cannot be made to do (refuse, hang, hang up,
 * answer garbage). What Kamailio answers is tested against the real one in the it package.
 */
class KamailioRpcClientTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsToAClosedPortAreRetriedWithBackoffThenFailInOneLine() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/RPC";
        try (KamailioRpcClient client = KamailioRpcClient.builder(url)
                .readRetries(4, Duration.ofMillis(100), Duration.ofMillis(250)).build()) {
            long start = System.nanoTime();
            KamailioUnreachableException failure = assertThrows(KamailioUnreachableException.class,
                    client::coreVersion);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4, failure.attempts());
            assertTrue(elapsedMillis >= 100 + 200 + 250, "backoffs 100, 200, 250 (capped) ms; took " + elapsedMillis);
            assertEquals("Kamailio unreachable at " + url + ": connection refused (core.version, 4 attempts)",
                    failure.getMessage());
            assertEquals(url, failure.url());
        }
    }

    @Test
    void writesToAClosedPortAreSentOnce() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/RPC";
        try (KamailioRpcClient client = KamailioRpcClient.builder(url)
                .readRetries(4, Duration.ofMillis(100), Duration.ofMillis(250)).build()) {
            KamailioUnreachableException failure = assertThrows(KamailioUnreachableException.class,
                    () -> client.rtpengineEnable("udp:127.0.0.1:2223", false));
            assertEquals(1, failure.attempts());
            assertEquals("rtpengine.enable", failure.method());
        }
    }

    @Test
    void aServerThatHangsUpIsCountedOncePerAttemptForReadsAndOnceForWrites() throws Exception {
        try (FakeServer server = FakeServer.hangingUp()) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url())
                    .readRetries(3, Duration.ofMillis(20), Duration.ofMillis(40)).build()) {
                KamailioUnreachableException read = assertThrows(KamailioUnreachableException.class, client::wsDump);
                assertEquals(3, read.attempts());
                assertEquals(3, server.awaitConnections(3), "connections the server saw for one read");

                assertThrows(KamailioUnreachableException.class, () -> client.wsClose(7));
                assertEquals(4, server.awaitConnections(4), "one more connection for one write");
                assertFalse(read.getMessage().contains("\n"), read.getMessage());
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndSaysAWriteMayHaveBeenApplied() throws Exception {
        try (FakeServer server = FakeServer.silent()) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url())
                    .readTimeout(Duration.ofMillis(300))
                    .readRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)).build()) {
                KamailioUnreachableException read = assertThrows(KamailioUnreachableException.class, client::tmStats);
                assertEquals("Kamailio unreachable at " + server.url() + ": no answer within 0.3 s (tm.stats, 2 attempts)",
                        read.getMessage());
                KamailioUnreachableException write = assertThrows(KamailioUnreachableException.class,
                        () -> client.htableSets("ops", "k", "v"));
                assertEquals("Kamailio unreachable at " + server.url() + ": no answer within 0.3 s (the request may "
                        + "still have been applied) (htable.sets, 1 attempt)", write.getMessage());
            }
        }
    }

    @Test
    void requestsAreJsonRpc20PostsWithPositionalParamsAndBasicAuth() throws Exception {
        try (FakeServer server = FakeServer.answering(request -> "{\"url\":\"udp:127.0.0.1:2223\",\"status\":\"disable\"}")) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url())
                    .basicAuth("admin", "secret").build()) {
                RtpengineReply reply = client.rtpengineEnable("udp:127.0.0.1:2223", false);
                assertEquals(new RtpengineReply("udp:127.0.0.1:2223", RtpengineReply.Status.DISABLE), reply);
            }
            String request = server.requests().get(0);
            assertTrue(request.startsWith("POST /RPC HTTP/1.1\r\n"), request);
            assertTrue(request.contains("\r\nAuthorization: Basic YWRtaW46c2VjcmV0\r\n"), request);
            assertTrue(request.toLowerCase().contains("\r\ncontent-type: application/json"), request);
            JsonNode body = JSON.readTree(request.substring(request.indexOf("\r\n\r\n") + 4));
            assertEquals("2.0", body.get("jsonrpc").asText());
            assertEquals("rtpengine.enable", body.get("method").asText());
            assertEquals(JSON.readTree("[\"udp:127.0.0.1:2223\",0]"), body.get("params"));
            assertTrue(body.get("id").isIntegralNumber());
        }
    }

    @Test
    void anAnswerThatIsNotJsonRpcIsAReplyException() throws Exception {
        try (FakeServer server = FakeServer.raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello")) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url()).build()) {
                KamailioReplyException failure = assertThrows(KamailioReplyException.class, client::coreVersion);
                assertEquals("unexpected reply to core.version: not a JSON-RPC object from " + server.url()
                        + ": \"hello\"", failure.getMessage());
            }
        }
    }

    @Test
    void anAnswerToAnotherRequestIdIsAReplyException() throws Exception {
        try (FakeServer server = FakeServer.raw(http200("{\"jsonrpc\":\"2.0\",\"result\":\"x\",\"id\":999999}"))) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url()).build()) {
                KamailioReplyException failure = assertThrows(KamailioReplyException.class, client::coreVersion);
                assertTrue(failure.getMessage().contains("does not match request id"), failure.getMessage());
            }
        }
    }

    @Test
    void anHttpRefusalWithoutJsonRpcBodyKeepsTheStatusAndExplainsIt() throws Exception {
        try (FakeServer server = FakeServer.raw("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
            try (KamailioRpcClient client = KamailioRpcClient.builder(server.url()).build()) {
                KamailioRpcException refused = assertThrows(KamailioRpcException.class, client::wsDump);
                assertEquals(403, refused.code());
                assertEquals("Forbidden", refused.kamailioMessage());
                assertEquals("ws.dump: HTTP 403 Forbidden from " + server.url() + ": kamailio.cfg's xhttp route "
                        + "refused this client (the shipped one answers only 127.0.0.1)", refused.getMessage());
            }
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedByTheBuilder() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> KamailioRpcClient.builder("ftp://127.0.0.1/RPC"));
        assertTrue(bad.getMessage().startsWith("not an http:// or https:// URL: ftp://127.0.0.1/RPC"), bad.getMessage());
    }

    private static String http200(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n" + json;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A loopback TCP server with one behaviour per connection, on its own daemon thread. */
    private static final class FakeServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread thread;

        private FakeServer(Behaviour behaviour) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> serve(behaviour), "fake-kamailio-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        /** Accepts and closes at once: "unexpected end of stream" for the client. */
        static FakeServer hangingUp() throws IOException {
            return new FakeServer((server, client) -> client.close());
        }

        /** Accepts and never answers. */
        static FakeServer silent() throws IOException {
            return new FakeServer((server, client) -> server.held.add(client));
        }

        /** Reads the request and sends {@code response} as is. */
        static FakeServer raw(String response) throws IOException {
            return new FakeServer((server, client) -> {
                server.requests.add(readRequest(client.getInputStream()));
                try (OutputStream out = client.getOutputStream()) {
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                }
                client.close();
            });
        }

        /** Answers each request with a JSON-RPC result (echoing its id) computed from the request. */
        static FakeServer answering(Function<String, String> result) throws IOException {
            return new FakeServer((server, client) -> {
                String request = readRequest(client.getInputStream());
                server.requests.add(request);
                long id = JSON.readTree(request.substring(request.indexOf("\r\n\r\n") + 4)).get("id").asLong();
                String json = "{\"jsonrpc\":\"2.0\",\"result\":" + result.apply(request) + ",\"id\":" + id + "}";
                try (OutputStream out = client.getOutputStream()) {
                    out.write(http200(json).getBytes(StandardCharsets.UTF_8));
                }
                client.close();
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/RPC";
        }

        List<String> requests() {
            return requests;
        }

        int awaitConnections(int expected) throws InterruptedException {
            for (int wait = 0; wait < 100 && connections.get() < expected; wait++) {
                Thread.sleep(10);
            }
            return connections.get();
        }

        private void serve(Behaviour behaviour) {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    behaviour.handle(this, client);
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // next connection
                }
            }
        }

        /** Request head plus a body of Content-Length bytes. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : held) {
                client.close();
            }
        }

        private interface Behaviour {
            void handle(FakeServer server, Socket client) throws IOException;
        }
    }
}
