package org.rtcsip.sidecar.session;

/** Opens {@link MediaConnection}s on the calling media loop; implemented by the net layer. */
public interface MediaConnections {
    /** For a sidecar (or a test) that has no such transport: every open is refused. */
    MediaConnections NONE = (uri, events, now) -> {
        throw new SignallingException("External media is not available here");
    };

    /** @throws SignallingException when {@code uri} cannot be used (unsupported scheme, no host) */
    MediaConnection open(String uri, MediaConnection.Events events, long now) throws SignallingException;
}
