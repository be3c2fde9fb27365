package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.SignallingException;
import org.rtcsip.sidecar.session.SocketAllocator;
import org.rtcsip.sidecar.session.SocketPair;

/**
 * Binds RTP/RTCP socket pairs from a {@link PortPool} per local address and registers them with the media loop
 * that is asking (calls allocate on their own loop).
 */
public final class UdpSocketAllocator implements SocketAllocator {
    private static final Logger LOG = Logger.getLogger(UdpSocketAllocator.class.getName());
    /** How long a released port rests before reuse. */
    static final long QUARANTINE_NANOS = 2_000_000_000L;
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;

    private final MediaLoops loops;
    private final int portMin;
    private final int portMax;
    private final Map<InetAddress, PortPool> pools = new ConcurrentHashMap<>();

    public UdpSocketAllocator(MediaLoops loops, int portMin, int portMax) {
        this.loops = loops;
        this.portMin = portMin;
        this.portMax = portMax;
    }

    @Override
    public SocketPair allocate(MediaInterfaceAddress address) throws SignallingException {
        MediaLoop loop = loops.current();
        PortPool pool = pools.computeIfAbsent(address.local(), a -> new PortPool(portMin, portMax, QUARANTINE_NANOS));
        UdpMediaSocket[] bound = new UdpMediaSocket[2];
        int port = pool.acquire(System.nanoTime(), p -> bindPair(loop, address.local(), p, bound));
        if (port < 0) {
            throw new SignallingException("Ran out of ports");
        }
        return new SocketPair(bound[0], bound[1], address);
    }

    @Override
    public void release(SocketPair pair) {
        UdpMediaSocket rtp = (UdpMediaSocket) pair.rtp();
        ((UdpMediaSocket) pair.rtcp()).close();
        rtp.close();
        PortPool pool = pools.get(pair.address().local());
        if (pool != null) {
            pool.release(rtp.port(), System.nanoTime());
        }
    }

    /** Bound UDP ports (RTP and RTCP each count), for /metrics. */
    public int portsInUse() {
        int n = 0;
        for (PortPool p : pools.values()) {
            n += 2 * p.pairsInUse();
        }
        return n;
    }

    private static boolean bindPair(MediaLoop loop, InetAddress local, int port, UdpMediaSocket[] out) {
        UdpMediaSocket rtp = open(loop, local, port);
        if (rtp == null) {
            return false;
        }
        UdpMediaSocket rtcp = open(loop, local, port + 1);
        if (rtcp == null) {
            rtp.close();
            return false;
        }
        out[0] = rtp;
        out[1] = rtcp;
        return true;
    }

    private static UdpMediaSocket open(MediaLoop loop, InetAddress local, int port) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(local instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            ch.bind(new InetSocketAddress(local, port));
            ch.configureBlocking(false);
            UdpMediaSocket socket = new UdpMediaSocket(ch, port, loop);
            socket.registered(loop.register(ch, socket));
            return socket;
        } catch (IOException e) {
            LOG.fine(() -> "port " + port + " on " + local + " not usable: " + e.getMessage());
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return null;
        }
    }
}
