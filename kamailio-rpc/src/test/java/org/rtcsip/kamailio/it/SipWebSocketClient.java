package org.rtcsip.kamailio.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser's SIP stack reduced to what the tests need: a WebSocket with subprotocol {@code sip}
 * (RFC 7118) that sends a REGISTER and records what Kamailio does to the connection (messages,
 * Pings, the Close frame).
 */
public final class SipWebSocketClient implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final String instance = Long.toHexString(System.nanoTime());
    private int cseq;

    private SipWebSocketClient(URI uri) {
        Listener listener = new Listener();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("sip")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, listener)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    public static SipWebSocketClient connect(URI uri) {
        return new SipWebSocketClient(uri);
    }

    /** The subprotocol Kamailio agreed to (Sec-WebSocket-Protocol). */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /**
     * Registers {@code user} at {@code domain} with a browser-style Contact ({@code *.invalid} host,
     * transport=ws) and returns Kamailio's final reply.
     */
    public String register(String user, String domain) throws InterruptedException {
        cseq++;
        String host = instance + ".invalid";
        String register = "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/WS " + host + ";branch=z9hG4bK-" + instance + "-" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=t" + instance + "\r\n"
                + "To: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: reg-" + instance + "@" + host + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + host + ";transport=ws>;expires=600\r\n"
                + "User-Agent: kamailio-rpc-it\r\n"
                + "Content-Length: 0\r\n\r\n";
        socket.sendText(register, true).orTimeout(5, TimeUnit.SECONDS).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String reply = messages.poll(100, TimeUnit.MILLISECONDS);
            if (reply != null && reply.startsWith("SIP/2.0 ") && !reply.startsWith("SIP/2.0 1")) {
                return reply;
            }
        }
        throw new AssertionError("no final reply to REGISTER over " + socket + " within 5 s");
    }

    /** How many WebSocket Ping frames arrived. */
    public int pings() {
        return pings.get();
    }

    /** Waits until at least {@code count} Pings arrived; false on timeout. */
    public boolean awaitPings(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pings.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pings.get() >= count;
    }

    /** The close code Kamailio sent, or -1 if no Close frame came within {@code timeout}. */
    public int awaitClose(Duration timeout) throws InterruptedException {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(failed -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // the JDK answers with a Pong by itself
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-2);
        }
    }
}
