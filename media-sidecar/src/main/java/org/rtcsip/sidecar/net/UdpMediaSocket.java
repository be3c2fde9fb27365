package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

import org.rtcsip.sidecar.session.LocalSocket;
import org.rtcsip.sidecar.session.PacketReceiver;

/** A bound, non-blocking UDP port on one media loop; hands what it receives to the stream that owns it. */
final class UdpMediaSocket implements LocalSocket {
    private final DatagramChannel channel;
    private final int port;
    private final MediaLoop loop;
    private SelectionKey key;
    private PacketReceiver receiver;
    long receiveErrors;
    /** The loop's tick {@link #readsThisTick} counts for: a flood is cut at a budget per tick. */
    long readTick;
    int readsThisTick;

    UdpMediaSocket(DatagramChannel channel, int port, MediaLoop loop) {
        this.channel = channel;
        this.port = port;
        this.loop = loop;
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    DatagramChannel channel() {
        return channel;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void setReceiver(PacketReceiver receiver) {
        this.receiver = receiver;
    }

    void deliver(byte[] buf, int len, InetSocketAddress from, long now) {
        PacketReceiver r = receiver;
        if (r != null) {
            r.onPacket(buf, 0, len, from, now);
        }
    }

    @Override
    public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            return channel.send(loop.view(buf, off, len), to) == len;
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        receiver = null;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
