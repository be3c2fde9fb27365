package org.rtcsip.sidecar.net.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.SplittableRandom;

import org.rtcsip.sidecar.net.MediaLoop;

/**
 * An RFC 6455 WebSocket client on a media loop: a non-blocking {@link SocketChannel} registered with the loop's
 * selector, the HTTP/1.1 upgrade (§4.1) with the Sec-WebSocket-Accept check, masked frames out (§5.3), ping
 * answered with pong (§5.5.2), the close handshake (§5.5.1, §7), fragmented messages gathered (§5.4) up to a size
 * limit. Made for Asterisk's chan_websocket ExternalMedia legs ({@code ws://HOST:8088/media/<id>}): one codec frame
 * per binary message, every 20 ms. The receive and send buffers are allocated once per connection; a binary message
 * is handed to the handler in place and a frame is written straight into the send buffer, so the steady path
 * allocates nothing. Every method runs on the loop's thread; {@code now} is {@link System#nanoTime()}.
 */
public final class WebSocketClient implements MediaLoop.ReadyHandler {
    /** Send buffer: several seconds of 20 ms Opus or G.711 frames if the peer stalls; beyond it frames are dropped. */
    static final int SEND_BUFFER = 64 * 1024;
    private static final int READS_PER_WAKEUP = 8;
    private static final long CLOSE_WAIT_NANOS = 2_000_000_000L;

    enum State { IDLE, CONNECTING, HANDSHAKING, OPEN, CLOSING, ENDED }

    private final MediaLoop loop;
    private final URI uri;
    private final WebSocketHandler handler;
    private final WebSocketHandshake handshake;
    private final WebSocketFrameReader reader;
    private final long openTimeoutNanos;
    private final byte[] in;
    private final ByteBuffer inBuffer;
    private final byte[] out = new byte[SEND_BUFFER];
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /**
     * Masking keys (§5.3) come from a generator seeded per connection from SecureRandom. §10.3 asks for keys an
     * attacker cannot predict so that script-chosen payloads cannot steer a proxy; ours are codec frames we
     * produce, and a SecureRandom call per frame would take a lock on the media path.
     */
    private final SplittableRandom masks;
    private final Sink sink = new Sink();
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.IDLE;
    private int inLength;
    private int outStart;
    private int outEnd;
    private long deadline;
    private boolean closeSent;
    private long messagesIn;
    private long messagesOut;
    private long bytesIn;
    private long bytesOut;
    private long sendsDropped;

    /**
     * @param subprotocol {@code Sec-WebSocket-Protocol} to ask for, or null (chan_websocket needs none)
     * @param maxMessage  the largest message accepted; chan_websocket sends frames of a few hundred bytes
     */
    public WebSocketClient(MediaLoop loop, URI uri, String subprotocol, int maxMessage, long openTimeoutNanos,
                           WebSocketHandler handler) {
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a ws:// URI with a host: " + uri + " (wss is not supported)");
        }
        SecureRandom random = new SecureRandom();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        this.loop = loop;
        this.uri = uri;
        this.handler = handler;
        this.handshake = new WebSocketHandshake(Base64.getEncoder().encodeToString(nonce), subprotocol);
        this.reader = new WebSocketFrameReader(false, maxMessage);
        this.openTimeoutNanos = openTimeoutNanos;
        this.in = new byte[Math.max(WebSocketHandshake.MAX_RESPONSE_HEAD, maxMessage + 14)];
        this.inBuffer = ByteBuffer.wrap(in);
        this.masks = new SplittableRandom(random.nextLong());
    }

    /** Starts the TCP connect; the handler hears {@code opened} or {@code failed}. On the loop's thread. */
    public void connect(long now) {
        if (state != State.IDLE) {
            throw new IllegalStateException("connect() called twice");
        }
        state = State.CONNECTING;
        deadline = now + openTimeoutNanos;
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true); // one small frame every 20 ms: Nagle would hold them back
            boolean connected = channel.connect(new InetSocketAddress(uri.getHost(), port));
            key = loop.register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                sendRequest(now);
            }
        } catch (IOException | RuntimeException e) {
            fail("connect to " + uri.getHost() + ":" + port + ": " + e.getMessage(), now);
        }
    }

    public URI uri() {
        return uri;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Sends one binary message (one codec frame), masked. False when not open or when the send buffer is full
     * (the peer stopped reading): the frame is dropped and counted, the connection stays.
     */
    public boolean send(byte[] buf, int off, int len) {
        return state == State.OPEN && frame(WebSocketFrameReader.OP_BINARY, buf, off, len);
    }

    /** Sends a text message (chan_websocket control, e.g. {@code GET_STATUS}). */
    public boolean sendText(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return state == State.OPEN && frame(WebSocketFrameReader.OP_TEXT, b, 0, b.length);
    }

    /** Starts the close handshake (§7.1.2); {@code closed} follows when the server answers, or after 2 s. */
    public void close(int code, String reason, long now) {
        if (state == State.OPEN) {
            sendClose(code, reason);
            state = State.CLOSING;
            deadline = now + CLOSE_WAIT_NANOS;
        } else if (state != State.CLOSING && state != State.ENDED) {
            end(now);
            handler.closed(code, reason, now);
        }
    }

    /** Timeouts: call on the loop's tick. Fails a connect or handshake past its time; ends a close not answered. */
    public void poll(long now) {
        if ((state == State.CONNECTING || state == State.HANDSHAKING) && now - deadline > 0) {
            fail("no WebSocket handshake with " + uri + " within " + openTimeoutNanos / 1_000_000 + " ms", now);
        } else if (state == State.CLOSING && now - deadline > 0) {
            end(now);
            handler.closed(1006, "no close frame from the server within 2 s", now);
        }
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long sendsDropped() {
        return sendsDropped;
    }

    // ---- selector

    @Override
    public void ready(SelectionKey k, long now) {
        try {
            if (k.isValid() && k.isConnectable()) {
                if (!channel.finishConnect()) {
                    return;
                }
                sendRequest(now);
            }
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                read(now);
            }
        } catch (IOException e) {
            fail(describe(e), now);
        }
    }

    private void sendRequest(long now) throws IOException {
        state = State.HANDSHAKING;
        byte[] request = handshake.request(uri);
        System.arraycopy(request, 0, out, 0, request.length);
        outStart = 0;
        outEnd = request.length;
        flush();
    }

    private void read(long now) throws IOException {
        for (int i = 0; i < READS_PER_WAKEUP && state != State.ENDED; i++) {
            inBuffer.clear().position(inLength);
            int n = channel.read(inBuffer);
            if (n < 0) {
                serverClosedTcp(now);
                return;
            }
            if (n == 0) {
                return;
            }
            inLength += n;
            if (state == State.HANDSHAKING) {
                readResponse(now);
            }
            if (state == State.OPEN || state == State.CLOSING) {
                readFrames(now);
            }
        }
    }

    private void readResponse(long now) {
        int end = headEnd();
        if (end < 0) {
            if (inLength >= WebSocketHandshake.MAX_RESPONSE_HEAD) {
                fail("handshake response head longer than " + WebSocketHandshake.MAX_RESPONSE_HEAD + " bytes", now);
            }
            return;
        }
        String head = new String(in, 0, end, StandardCharsets.ISO_8859_1);
        String problem = handshake.check(head);
        if (problem != null) {
            fail(uri + ": " + problem, now);
            return;
        }
        consume(end + 4);
        state = State.OPEN;
        handler.opened(now);
    }

    private int headEnd() {
        for (int i = 0; i + 3 < inLength; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n' && in[i + 2] == '\r' && in[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void readFrames(long now) {
        sink.now = now;
        try {
            int used = reader.read(in, 0, inLength, sink);
            if (state != State.ENDED) {
                consume(used);
            }
        } catch (WebSocketFrameReader.ProtocolException e) {
            failWithClose(e.closeCode(), e.getMessage(), now);
        }
    }

    /** Drops the first {@code n} bytes of the receive buffer; what follows is the start of the next frame. */
    private void consume(int n) {
        System.arraycopy(in, n, in, 0, inLength - n);
        inLength -= n;
    }

    private void serverClosedTcp(long now) {
        boolean closing = state == State.CLOSING;
        State was = state;
        end(now);
        if (was == State.HANDSHAKING || was == State.CONNECTING) {
            handler.failed(uri + ": connection closed during the handshake", now);
        } else {
            handler.closed(closing ? 1000 : 1006, closing ? "" : "connection closed without a close frame", now);
        }
    }

    /** Whole messages from the reader. */
    private final class Sink implements WebSocketFrameReader.Sink {
        long now;

        @Override
        public void message(int opcode, byte[] buf, int off, int len) {
            if (state != State.OPEN) {
                return; // after our close frame, data is discarded (§5.5.1)
            }
            messagesIn++;
            bytesIn += len;
            if (opcode == WebSocketFrameReader.OP_BINARY) {
                handler.binary(buf, off, len, now);
                return;
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(buf, off, len)).toString();
            } catch (CharacterCodingException e) {
                failWithClose(1007, "a text message that is not UTF-8 (§8.1)", now);
                return;
            }
            handler.text(text, now);
        }

        @Override
        public void control(int opcode, byte[] buf, int off, int len) {
            if (opcode == WebSocketFrameReader.OP_PING) {
                if (state == State.OPEN) {
                    frame(WebSocketFrameReader.OP_PONG, buf, off, len);
                }
            } else if (opcode == WebSocketFrameReader.OP_CLOSE) {
                onCloseFrame(buf, off, len, now);
            }
            // pong: nothing to do, we send no pings
        }
    }

    private void onCloseFrame(byte[] buf, int off, int len, long now) {
        if (state == State.ENDED) {
            return;
        }
        if (len == 1) {
            failWithClose(1002, "a close frame with a 1-byte body (§5.5.1)", now);
            return;
        }
        int code = len >= 2 ? ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff) : 1005;
        String reason = "";
        if (len > 2) {
            try {
                reason = utf8.decode(ByteBuffer.wrap(buf, off + 2, len - 2)).toString();
            } catch (CharacterCodingException e) {
                reason = "(reason not UTF-8)";
            }
        }
        if (!closeSent) {
            // §5.5.1: answer with a close frame echoing the code
            sendClose(code == 1005 ? 1000 : code, "");
        }
        end(now);
        handler.closed(code, reason, now);
    }

    // ---- sending

    private boolean frame(int opcode, byte[] buf, int off, int len) {
        int need = WebSocketFrameWriter.headerLength(len, true) + len;
        if (outEnd + need > out.length && outStart > 0) {
            System.arraycopy(out, outStart, out, 0, outEnd - outStart);
            outEnd -= outStart;
            outStart = 0;
        }
        if (outEnd + need > out.length) {
            sendsDropped++;
            return false;
        }
        outEnd += WebSocketFrameWriter.write(opcode, buf, off, len, true, masks.nextInt(), out, outEnd);
        if (opcode == WebSocketFrameReader.OP_BINARY || opcode == WebSocketFrameReader.OP_TEXT) {
            messagesOut++;
            bytesOut += len;
        }
        try {
            flush();
        } catch (IOException e) {
            fail(describe(e), System.nanoTime());
            return false;
        }
        return true;
    }

    private void sendClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        byte[] body = new byte[2 + n];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(r, 0, body, 2, n);
        closeSent = true;
        frame(WebSocketFrameReader.OP_CLOSE, body, 0, body.length);
    }

    private void flush() throws IOException {
        if (channel == null || !channel.isOpen() || state == State.CONNECTING) {
            return;
        }
        if (outEnd > outStart) {
            outBuffer.clear().position(outStart).limit(outEnd);
            outStart += channel.write(outBuffer);
        }
        if (outStart == outEnd) {
            outStart = 0;
            outEnd = 0;
        }
        if (key != null && key.isValid()) {
            key.interestOps(outEnd > outStart ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    // ---- ending

    private void failWithClose(int code, String reason, long now) {
        if (state == State.OPEN) {
            sendClose(code, reason);
        }
        fail(uri + ": " + reason, now);
    }

    private void fail(String reason, long now) {
        if (state == State.ENDED) {
            return;
        }
        end(now);
        handler.failed(reason, now);
    }

    private void end(long now) {
        state = State.ENDED;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private String describe(IOException e) {
        return uri + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** For tests: the state name. */
    String stateName() {
        return state.name();
    }

}
