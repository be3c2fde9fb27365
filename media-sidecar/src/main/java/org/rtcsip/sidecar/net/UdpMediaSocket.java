package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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

    // io_uring transport (UringDatagrams): the descriptor, the slot of the socket's multishot receive and the
    // number of its current one (a completion of an older receive, or of another socket's in this slot, is not
    // this socket's), and the last sender and destination, kept so that a packet from or to the same peer
    // allocates nothing
    int uringFd = -1;
    int uringIndex = -1;
    int uringGeneration;
    boolean uringArmed;
    boolean uringPaused;
    private InetSocketAddress lastFrom;
    private long lastFromHigh;
    private long lastFromLow;
    private int lastFromFamilyPort;
    private int lastFromScope;
    private InetSocketAddress lastTo;
    private int lastToLength;
    final byte[] destination = new byte[LinuxUring.SOCKADDR_SIZE];

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
        if (uringFd >= 0) {
            return loop.queueSend(this, buf, off, len, to);
        }
        try {
            return channel.send(loop.view(buf, off, len), to) == len;
        } catch (IOException e) {
            return false;
        }
    }

    /** The sender whose sockaddr is at {@code at}: the last one again when it has not changed. */
    InetSocketAddress sender(ByteBuffer mem, int at) {
        int familyPort = mem.getInt(at);
        long high;
        long low;
        int scope = 0;
        if (mem.getShort(at) == LinuxUring.AF_INET) {
            high = mem.getInt(at + 4);
            low = 0;
        } else {
            high = mem.getLong(at + 8);
            low = mem.getLong(at + 16);
            scope = mem.getInt(at + 24);
        }
        if (lastFrom != null && familyPort == lastFromFamilyPort && high == lastFromHigh && low == lastFromLow
                && scope == lastFromScope) {
            return lastFrom;
        }
        InetSocketAddress from = UringDatagrams.decode(mem, at);
        lastFrom = from;
        lastFromFamilyPort = familyPort;
        lastFromHigh = high;
        lastFromLow = low;
        lastFromScope = scope;
        return from;
    }

    /** {@code to} as a sockaddr in {@link #destination}; its length, or -1 when it has no address. */
    int encodeDestination(InetSocketAddress to) {
        if (to != lastTo) {
            lastToLength = UringDatagrams.encode(to, destination);
            lastTo = lastToLength < 0 ? null : to;
        }
        return lastToLength;
    }

    void close() {
        receiver = null;
        if (key != null) {
            key.cancel();
        }
        loop.unregister(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
