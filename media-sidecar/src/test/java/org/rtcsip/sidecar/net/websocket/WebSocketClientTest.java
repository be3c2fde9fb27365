package org.rtcsip.sidecar.net.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.net.MediaLoop;

/**
 * The client on a real media loop against a small blocking WebSocket server in the test (loopback): handshake,
 * binary both ways, ping, close handshake, and the failures a session must hear about. The test against a real
 * Asterisk's /media/<id> is ari-bridge's MediaWebSocketAsteriskTest.
 */
class WebSocketClientTest {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicReference<WebSocketClient> client = new AtomicReference<>();
    private MediaLoop loop;
    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        loop = new MediaLoop(0, now -> {
            WebSocketClient c = client.get();
            if (c != null) {
                c.poll(now);
            }
        });
        loop.start();
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        loop.stop();
        loop.join(2000);
    }

    private final WebSocketHandler handler = new WebSocketHandler() {
        @Override
        public void opened(long now) {
            events.add("opened");
        }

        @Override
        public void binary(byte[] buf, int off, int len, long now) {
            events.add("binary " + Arrays.toString(Arrays.copyOfRange(buf, off, off + len)));
        }

        @Override
        public void text(String text, long now) {
            events.add("text " + text);
        }

        @Override
        public void closed(int code, String reason, long now) {
            events.add("closed " + code + " " + reason);
        }

        @Override
        public void failed(String reason, long now) {
            events.add("failed " + reason);
        }
    };

    private void connect(String path, long timeoutMillis) {
        URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + path);
        loop.execute(() -> {
            WebSocketClient c = new WebSocketClient(loop, uri, null, 4096, timeoutMillis * 1_000_000L, handler);
            client.set(c);
            c.connect(System.nanoTime());
        });
    }

    private String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        return e == null ? "(nothing within 5 s)" : e;
    }

    /** Reads the request head and answers it; returns the key the client sent. */
    private static String answer(Socket s, String status, boolean goodAccept) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String key = head.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow().substring(19);
        String response = status.startsWith("101")
                ? "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + (goodAccept ? WebSocketHandshake.acceptFor(key) : "xxx") + "\r\n\r\n"
                : "HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n";
        s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        return key;
    }

    private static void serverSends(OutputStream out, int opcode, byte[] payload) throws IOException {
        byte[] frame = new byte[payload.length + 10];
        int n = WebSocketFrameWriter.write(opcode, payload, 0, payload.length, false, 0, frame, 0);
        out.write(frame, 0, n);
        out.flush();
    }

    /** Reads one client frame (masked) as a server would. */
    private static byte[] serverReads(InputStream in, int[] opcode) throws Exception {
        byte[] buf = new byte[4096];
        int len = 0;
        WebSocketFrameReader reader = new WebSocketFrameReader(true, 4096);
        AtomicReference<byte[]> got = new AtomicReference<>();
        while (got.get() == null) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                throw new IOException("client closed");
            }
            len += n;
            reader.read(buf, 0, len, new WebSocketFrameReader.Sink() {
                @Override
                public void message(int op, byte[] b, int off, int l) {
                    opcode[0] = op;
                    got.set(Arrays.copyOfRange(b, off, off + l));
                }

                @Override
                public void control(int op, byte[] b, int off, int l) {
                    opcode[0] = op;
                    got.set(Arrays.copyOfRange(b, off, off + l));
                }
            });
        }
        return got.get();
    }

    @Test
    void exchangesMessagesPingsAndClosesCleanly() throws Exception {
        connect("/media/abc", 3000);
        try (Socket s = server.accept()) {
            answer(s, "101", true);
            // chan_websocket's first message comes in the same segment as the 101 on a real Asterisk
            serverSends(s.getOutputStream(), WebSocketFrameReader.OP_TEXT,
                    "MEDIA_START connection_id:abc format:ulaw".getBytes(StandardCharsets.UTF_8));
            assertEquals("opened", next());
            assertEquals("text MEDIA_START connection_id:abc format:ulaw", next());
            serverSends(s.getOutputStream(), WebSocketFrameReader.OP_BINARY, new byte[] {1, 2, 3});
            assertEquals("binary [1, 2, 3]", next());

            loop.execute(() -> client.get().send(new byte[] {9, 8, 7}, 0, 3));
            int[] op = new int[1];
            assertArrayEquals(new byte[] {9, 8, 7}, serverReads(s.getInputStream(), op));
            assertEquals(WebSocketFrameReader.OP_BINARY, op[0]);

            serverSends(s.getOutputStream(), WebSocketFrameReader.OP_PING, new byte[] {42});
            assertArrayEquals(new byte[] {42}, serverReads(s.getInputStream(), op));
            assertEquals(WebSocketFrameReader.OP_PONG, op[0], "ping answered with pong (§5.5.2)");

            serverSends(s.getOutputStream(), WebSocketFrameReader.OP_CLOSE, new byte[] {0x03, (byte) 0xe8});
            assertArrayEquals(new byte[] {0x03, (byte) 0xe8}, serverReads(s.getInputStream(), op));
            assertEquals(WebSocketFrameReader.OP_CLOSE, op[0], "close echoed (§5.5.1)");
            assertEquals("closed 1000 ", next());
        }
    }

    @Test
    void clientInitiatedCloseEndsWhenTheServerAnswers() throws Exception {
        connect("/media/x", 3000);
        try (Socket s = server.accept()) {
            answer(s, "101", true);
            assertEquals("opened", next());
            loop.execute(() -> client.get().close(1000, "delete", System.nanoTime()));
            int[] op = new int[1];
            byte[] body = serverReads(s.getInputStream(), op);
            assertEquals(WebSocketFrameReader.OP_CLOSE, op[0]);
            assertEquals("delete", new String(body, 2, body.length - 2, StandardCharsets.UTF_8));
            serverSends(s.getOutputStream(), WebSocketFrameReader.OP_CLOSE, new byte[] {0x03, (byte) 0xe8});
            assertEquals("closed 1000 ", next());
        }
    }

    @Test
    void failuresSayWhat() throws Exception {
        connect("/media/unknown", 3000);
        try (Socket s = server.accept()) {
            answer(s, "404 Not found", true);
            String e = next();
            assertTrue(e.startsWith("failed ") && e.endsWith("HTTP 404 Not found"), e);
        }
        connect("/media/y", 3000);
        try (Socket s = server.accept()) {
            answer(s, "101", false);
            String e = next();
            assertTrue(e.contains("bad Sec-WebSocket-Accept xxx"), e);
        }
        connect("/media/z", 3000);
        try (Socket s = server.accept()) {
            answer(s, "101", true);
            assertEquals("opened", next());
            s.getOutputStream().write(new byte[] {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 5}); // masked: not from a server
            String e = next();
            assertTrue(e.contains("a masked frame from the server"), e);
        }
        connect("/media/silent", 400);
        try (Socket s = server.accept()) {
            String e = next(); // accepted, never answered: the poll on the loop's tick ends it
            assertTrue(e.startsWith("failed no WebSocket handshake") && e.contains("within 400 ms"), e);
        }
        int port = server.getLocalPort();
        server.close();
        loop.execute(() -> {
            WebSocketClient c = new WebSocketClient(loop, URI.create("ws://127.0.0.1:" + port + "/media/q"), null,
                    4096, 1_000_000_000L, handler);
            client.set(c);
            c.connect(System.nanoTime());
        });
        String e = next();
        assertTrue(e.startsWith("failed ") && e.toLowerCase().contains("refused"), e);
    }
}
