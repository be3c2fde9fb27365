package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;

/**
 * Takes a datagram that arrived on a {@link LocalSocket}. The buffer belongs to the calling loop and is reused
 * after the call returns; bytes after {@code off + len} up to the end of the array may be written (room for SRTP
 * tags).
 */
public interface PacketReceiver {
    void onPacket(byte[] buf, int off, int len, InetSocketAddress from, long nowNanos);
}
