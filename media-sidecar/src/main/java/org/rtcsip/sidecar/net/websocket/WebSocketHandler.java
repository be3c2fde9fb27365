package org.rtcsip.sidecar.net.websocket;

/**
 * What a {@link WebSocketClient} tells its owner (a stream of the session layer), on the media loop's thread with
 * the time. Exactly one of {@link #closed} and {@link #failed} ends every connection.
 */
public interface WebSocketHandler {
    /** The opening handshake succeeded; {@link WebSocketClient#send} works from now on. */
    void opened(long now);

    /** A binary message (for Asterisk's chan_websocket: one codec frame). {@code buf} is valid only during the call. */
    void binary(byte[] buf, int off, int len, long now);

    /** A text message (chan_websocket control: {@code MEDIA_START ...}, {@code STATUS ...}). */
    void text(String text, long now);

    /** The connection ended with a close frame, or the server closed TCP after the handshake (code 1006). */
    void closed(int code, String reason, long now);

    /** The connection failed: refused, bad handshake (e.g. {@code HTTP 404}), protocol error, timeout. */
    void failed(String reason, long now);
}
