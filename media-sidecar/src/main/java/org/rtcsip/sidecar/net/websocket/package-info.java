/**
 * An RFC 6455 WebSocket client that runs on a media loop, for Asterisk's chan_websocket ExternalMedia legs
 * (docs/ng-external-media.md). The session layer uses it as one more transport of a stream:
 * <ul>
 * <li>create a {@link org.rtcsip.sidecar.net.websocket.WebSocketClient} on the call's loop with the leg's
 *     {@code ws://HOST:PORT/media/<id>} and a {@link org.rtcsip.sidecar.net.websocket.WebSocketHandler}, then
 *     {@code connect(now)} (it registers its SocketChannel with
 *     {@link org.rtcsip.sidecar.net.MediaLoop#register(java.nio.channels.SelectableChannel, int,
 *     org.rtcsip.sidecar.net.MediaLoop.ReadyHandler)});</li>
 * <li>frames in: {@code binary(buf, off, len, now)}, one codec frame per message (valid during the call only);
 *     text in: {@code text(String, now)} ({@code MEDIA_START ... format:ulaw ...}, {@code STATUS},
 *     {@code MEDIA_XOFF}/{@code MEDIA_XON});</li>
 * <li>frames out: {@code send(buf, off, len)}; false when not open or the 64 KiB send buffer is full;</li>
 * <li>{@code poll(now)} on the loop's tick enforces the open timeout and the close wait;</li>
 * <li>{@code close(1000, reason, now)} on delete; the handler hears exactly one {@code closed} or {@code failed}.</li>
 * </ul>
 * Everything runs on the loop's thread; the steady path allocates nothing. {@code wss://} is not supported
 * (Asterisk's /media is on the same host, over loopback, in both deployments).
 */
package org.rtcsip.sidecar.net.websocket;
