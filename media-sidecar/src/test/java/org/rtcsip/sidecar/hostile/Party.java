package org.rtcsip.sidecar.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.BiConsumer;

/**
 * A SIP phone's media end on loopback: an RTP socket on an even port and RTCP on the next (RFC 3550 §11),
 * non-blocking, so one thread can send and drain several calls every 20 ms.
 */
final class Party implements AutoCloseable {
    final DatagramChannel rtp;
    final DatagramChannel rtcp;
    private final ByteBuffer in = ByteBuffer.allocate(65_536);

    private Party(DatagramChannel rtp, DatagramChannel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    static Party open() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel r = DatagramChannel.open().bind(loopback(0));
            int port = ((InetSocketAddress) r.getLocalAddress()).getPort();
            if (port % 2 == 0) {
                try {
                    DatagramChannel c = DatagramChannel.open().bind(loopback(port + 1));
                    for (DatagramChannel ch : new DatagramChannel[] {r, c}) {
                        ch.configureBlocking(false);
                        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                    }
                    return new Party(r, c);
                } catch (IOException taken) {
                    // the odd port is in use: try another pair
                }
            }
            r.close();
        }
        throw new IOException("no even/odd port pair on loopback");
    }

    int port() throws IOException {
        return ((InetSocketAddress) rtp.getLocalAddress()).getPort();
    }

    void send(byte[] p, InetSocketAddress to) throws IOException {
        rtp.send(ByteBuffer.wrap(p), to);
    }

    /** Every datagram waiting on the RTP socket, to {@code each}; RTCP is read and dropped. */
    void drain(BiConsumer<byte[], Integer> each) throws IOException {
        while (rtp.receive(in.clear()) != null) {
            each.accept(in.array(), in.position());
        }
        while (rtcp.receive(in.clear()) != null) {
            // the sidecar's reports: not counted
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() throws IOException {
        rtp.close();
        rtcp.close();
    }
}
