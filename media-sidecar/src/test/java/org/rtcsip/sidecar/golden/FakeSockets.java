package org.rtcsip.sidecar.golden;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.sidecar.session.LocalSocket;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.PacketReceiver;
import org.rtcsip.sidecar.session.SocketAllocator;
import org.rtcsip.sidecar.session.SocketPair;

/**
 * An in-memory {@link SocketAllocator}: hands out even/odd port pairs counting up from {@code firstPort} (never
 * reusing one, so a port in a test names one socket), records every datagram the session layer sends, and lets a
 * test deliver datagrams to a port as if they had arrived. No socket is opened.
 */
public final class FakeSockets implements SocketAllocator {
    /** A datagram the sidecar sent: from which of its sockets, to where, and the bytes. */
    public record Sent(InetSocketAddress from, InetSocketAddress to, byte[] data) {
        @Override
        public String toString() {
            return from + " -> " + to + " (" + data.length + " bytes)";
        }
    }

    private final Map<Integer, FakeSocket> open = new LinkedHashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private int nextPort;

    public FakeSockets(int firstPort) {
        this.nextPort = firstPort;
    }

    @Override
    public SocketPair allocate(MediaInterfaceAddress address) {
        FakeSocket rtp = new FakeSocket(address, nextPort);
        FakeSocket rtcp = new FakeSocket(address, nextPort + 1);
        nextPort += 2;
        open.put(rtp.port, rtp);
        open.put(rtcp.port, rtcp);
        return new SocketPair(rtp, rtcp, address);
    }

    @Override
    public void release(SocketPair pair) {
        if (open.remove(pair.rtp().port()) == null || open.remove(pair.rtcp().port()) == null) {
            throw new AssertionError("released a pair that was not open: " + pair);
        }
    }

    /** Ports currently bound (RTP and RTCP each count), as /metrics counts them. */
    public int portsInUse() {
        return open.size();
    }

    public boolean isOpen(int port) {
        return open.containsKey(port);
    }

    /** The local address a port is bound on. */
    public InetSocketAddress localAddress(int port) {
        FakeSocket s = open.get(port);
        if (s == null) {
            throw new AssertionError("port " + port + " is not open; open: " + open.keySet());
        }
        return new InetSocketAddress(s.address.local(), port);
    }

    /**
     * A datagram from {@code from} arriving on our {@code port}. Like a media loop's receive buffer, the array
     * has room after the packet (SRTP tags may be added in place).
     */
    public void deliver(int port, InetSocketAddress from, byte[] packet, long nowNanos) {
        FakeSocket s = open.get(port);
        if (s == null) {
            throw new AssertionError("nothing listens on port " + port + "; open: " + open.keySet());
        }
        if (s.receiver == null) {
            throw new AssertionError("port " + port + " has no receiver");
        }
        byte[] buf = Arrays.copyOf(packet, packet.length + 64);
        s.receiver.onPacket(buf, 0, packet.length, from, nowNanos);
    }

    /** Everything sent since the last call, oldest first. */
    public List<Sent> takeSent() {
        List<Sent> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    private final class FakeSocket implements LocalSocket {
        final MediaInterfaceAddress address;
        final int port;
        PacketReceiver receiver;

        FakeSocket(MediaInterfaceAddress address, int port) {
            this.address = address;
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
            sent.add(new Sent(new InetSocketAddress(address.local(), port), to,
                    Arrays.copyOfRange(buf, off, off + len)));
            return true;
        }

        @Override
        public void setReceiver(PacketReceiver receiver) {
            this.receiver = receiver;
        }
    }
}
