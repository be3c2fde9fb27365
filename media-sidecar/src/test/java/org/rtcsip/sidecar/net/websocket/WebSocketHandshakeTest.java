package org.rtcsip.sidecar.net.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {
    /** RFC 6455 §1.3's example nonce and its accept value. */
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    void acceptKeyIsTheRfcExample() {
        assertEquals(RFC_ACCEPT, WebSocketHandshake.acceptFor(RFC_KEY));
    }

    @Test
    void requestCarriesPathQueryHostAndKey() {
        String request = new String(new WebSocketHandshake(RFC_KEY, null)
                .request(URI.create("ws://127.0.0.1:8088/media/abc-123?x=1")), StandardCharsets.US_ASCII);
        assertTrue(request.startsWith("GET /media/abc-123?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8088\r\n"), request);
        assertTrue(request.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"), request);
        assertTrue(request.contains("\r\nSec-WebSocket-Key: " + RFC_KEY + "\r\nSec-WebSocket-Version: 13\r\n"));
        assertTrue(request.endsWith("\r\n\r\n"));
        assertTrue(!request.contains("Sec-WebSocket-Protocol"), "no subprotocol asked for");
    }

    @Test
    void acceptsAsterisksUpgrade() {
        // the head chan_websocket's HTTP server sent on a real Asterisk 22.10.1 (Server/Date lines as it sends them)
        String head = "HTTP/1.1 101 Switching Protocols\r\nServer: Asterisk/22.10.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + RFC_ACCEPT;
        assertNull(new WebSocketHandshake(RFC_KEY, null).check(head));
    }

    @Test
    void refusalsSayWhy() {
        WebSocketHandshake h = new WebSocketHandshake(RFC_KEY, null);
        assertEquals("HTTP 404 Not found", h.check("HTTP/1.1 404 Not found\r\nContent-Length: 0"));
        assertEquals("HTTP 409 Conflict", h.check("HTTP/1.1 409 Conflict"));
        assertTrue(h.check("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: AAAA").startsWith("bad Sec-WebSocket-Accept AAAA"));
        assertEquals("101 without Upgrade: websocket", h.check("HTTP/1.1 101 Switching Protocols\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + RFC_ACCEPT));
        assertTrue(h.check("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + RFC_ACCEPT + "\r\nSec-WebSocket-Protocol: media")
                .contains("subprotocol media we did not ask for"));
        assertTrue(h.check("SSH-2.0-OpenSSH").startsWith("not an HTTP response"));
    }
}
