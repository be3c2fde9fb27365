package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;

/**
 * A bound UDP port of the sidecar, owned by one media loop. The net layer implements it; session code only sends
 * through it and tells it where received packets go, so the relay logic can be tested without sockets.
 */
public interface LocalSocket {
    int port();

    /** Sends from this port; false when the datagram could not be handed to the kernel. */
    boolean send(byte[] buf, int off, int len, InetSocketAddress to);

    void setReceiver(PacketReceiver receiver);
}
