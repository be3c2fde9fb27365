package org.rtcsip.bench.media;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * The generator's media sockets: even ports of a range, each bound on loopback, with the odd port above left
 * unbound, so the RTCP a server sends to port + 1 (RFC 3550 §11) never lands on another party's RTP socket.
 */
final class LocalPorts {
    private final InetAddress address;
    private final int first;
    private final int last;
    private int next;

    LocalPorts(InetAddress address, int first, int last) {
        this.address = address;
        this.first = first + (first & 1);
        this.last = last;
        this.next = this.first;
    }

    /** A non-blocking channel bound to the next free even port; the port is {@code channel.socket().getLocalPort()}. */
    DatagramChannel open() throws IOException {
        int span = (last - first) / 2 + 1;
        for (int tries = 0; tries < span; tries++) {
            int port = next;
            next = next + 2 > last ? first : next + 2;
            DatagramChannel channel = DatagramChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                channel.bind(new InetSocketAddress(address, port));
                channel.configureBlocking(false);
                return channel;
            } catch (BindException e) {
                channel.close(); // taken by someone else: try the next one
            }
        }
        throw new IOException("no free even UDP port in " + first + "-" + last + " on " + address.getHostAddress());
    }
}
