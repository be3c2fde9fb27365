package org.rtcsip.sidecar.session;

/**
 * A media connection that is not a UDP socket pair: one of Asterisk's chan_websocket ExternalMedia legs, a stream
 * of codec frames without RTP headers (docs/ng-external-media.md). The net layer implements it; session code sends
 * through it and hears its events on the call's loop, with the time.
 */
public interface MediaConnection {
    /** Sends one frame as one message; false when not open or the peer is not reading. */
    boolean send(byte[] buf, int off, int len);

    /** Sends one control message (chan_websocket: {@code GET_STATUS}); false when not open. */
    boolean sendText(String text);

    /** Starts an orderly close (WebSocket close 1000); {@link Events#closed} follows. */
    void close(long now);

    /** Timers (connect and close waits); called on the loop's tick. */
    void poll(long now);

    String uri();

    /** The connection is closed or failed for good: nothing to poll any more. */
    boolean isEnded();

    /** What a connection tells the stream that owns it; exactly one of closed and failed ends it. */
    interface Events {
        void opened(long now);

        /** One codec frame; {@code buf} is valid only during the call. */
        void frame(byte[] buf, int off, int len, long now);

        /** A control message (chan_websocket: {@code MEDIA_START ...}, {@code MEDIA_XOFF}). */
        void text(String text, long now);

        void closed(String why, long now);

        void failed(String why, long now);
    }
}
