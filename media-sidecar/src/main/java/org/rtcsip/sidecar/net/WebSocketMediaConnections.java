package org.rtcsip.sidecar.net;

import java.net.URI;
import java.net.URISyntaxException;

import org.rtcsip.sidecar.net.websocket.WebSocketClient;
import org.rtcsip.sidecar.net.websocket.WebSocketHandler;
import org.rtcsip.sidecar.session.MediaConnection;
import org.rtcsip.sidecar.session.MediaConnections;
import org.rtcsip.sidecar.session.SignallingException;

/** External media legs over WebSocket (Asterisk's chan_websocket), each a {@link WebSocketClient} on the call's loop. */
public final class WebSocketMediaConnections implements MediaConnections {
    /** chan_websocket frames are a few hundred bytes; a 20 ms Opus frame at 510 kbit/s is 1275. */
    private static final int MAX_MESSAGE = 4096;
    private static final long OPEN_TIMEOUT_NANOS = 5_000_000_000L;

    private final MediaLoops loops;

    public WebSocketMediaConnections(MediaLoops loops) {
        this.loops = loops;
    }

    @Override
    public MediaConnection open(String uri, MediaConnection.Events events, long now) throws SignallingException {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new SignallingException("Bad external media URI '" + uri + "'");
        }
        WebSocketClient client;
        try {
            client = new WebSocketClient(loops.current(), parsed, null, MAX_MESSAGE, OPEN_TIMEOUT_NANOS, new Handler(events));
        } catch (IllegalArgumentException e) {
            throw new SignallingException("Unsupported external media URI '" + uri + "': ws://HOST:PORT/... is needed");
        }
        client.connect(now);
        return new Connection(client);
    }

    private record Connection(WebSocketClient client) implements MediaConnection {
        @Override
        public boolean send(byte[] buf, int off, int len) {
            return client.send(buf, off, len);
        }

        @Override
        public boolean sendText(String text) {
            return client.sendText(text);
        }

        @Override
        public void close(long now) {
            client.close(1000, "call ended", now);
        }

        @Override
        public void poll(long now) {
            client.poll(now);
        }

        @Override
        public String uri() {
            return client.uri().toString();
        }

        @Override
        public boolean isEnded() {
            return client.isEnded();
        }
    }

    private record Handler(MediaConnection.Events events) implements WebSocketHandler {
        @Override
        public void opened(long now) {
            events.opened(now);
        }

        @Override
        public void binary(byte[] buf, int off, int len, long now) {
            events.frame(buf, off, len, now);
        }

        @Override
        public void text(String text, long now) {
            events.text(text, now);
        }

        @Override
        public void closed(int code, String reason, long now) {
            events.closed("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason), now);
        }

        @Override
        public void failed(String reason, long now) {
            events.failed(reason, now);
        }
    }
}
