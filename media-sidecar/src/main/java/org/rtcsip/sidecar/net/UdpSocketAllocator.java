package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.LogThrottle;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.SignallingException;
import org.rtcsip.sidecar.session.SocketAllocator;
import org.rtcsip.sidecar.session.SocketPair;

/**
 * Binds RTP/RTCP socket pairs from a {@link PortPool} per local address and registers them with the media loop
 * that is asking (calls allocate on their own loop). "No free port" ({@code Ran out of ports}) and "cannot bind
 * at all" ({@link BindFailure}: address gone, no file descriptors) are told apart: each has its own error text,
 * counter and log line, and the second makes /health fail until a socket can be bound again.
 */
public final class UdpSocketAllocator implements SocketAllocator {
    private static final Logger LOG = Logger.getLogger(UdpSocketAllocator.class.getName());
    /** How long a released port rests before reuse. */
    static final long QUARANTINE_NANOS = 2_000_000_000L;
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    /** A bind failure not yet followed by a successful bind on the same address: what /health reports. */
    public record Problem(BindFailure failure, InetAddress address, String detail, long sinceNanos) {
        public String describe() {
            return "cannot bind media sockets on " + address.getHostAddress() + ": " + failure.explanation() + " ("
                    + detail + ")";
        }
    }

    static {
        // the failure path's classes, loaded now: loading a class can take a file descriptor, which is what may be
        // missing when they are needed
        Problem.class.getName();
        BindFailure.values();
    }

    private final MediaLoops loops;
    private final int portMin;
    private final int portMax;
    private final Map<InetAddress, PortPool> pools = new ConcurrentHashMap<>();
    private final LongAdder exhausted = new LongAdder();
    private final LongAdder[] failures = new LongAdder[BindFailure.values().length];
    private final LogThrottle exhaustedLog = new LogThrottle(LOG_INTERVAL_NANOS);
    private final LogThrottle failureLog = new LogThrottle(LOG_INTERVAL_NANOS);
    private final Map<InetAddress, Problem> problems = new ConcurrentHashMap<>();

    public UdpSocketAllocator(MediaLoops loops, int portMin, int portMax) {
        this.loops = loops;
        this.portMin = portMin;
        this.portMax = portMax;
        for (BindFailure f : BindFailure.values()) {
            failures[f.ordinal()] = new LongAdder();
        }
    }

    /**
     * At start-up: every media address must be one a socket can be bound to, or calls would fail one by one later
     * with no clear cause.
     *
     * @throws IOException naming the interface and what the kernel said
     */
    public static void checkBindable(Map<String, InetAddress> interfaces) throws IOException {
        for (Map.Entry<String, InetAddress> i : interfaces.entrySet()) {
            InetAddress address = i.getValue();
            try (DatagramChannel ch = DatagramChannel.open(family(address))) {
                ch.bind(new InetSocketAddress(address, 0));
            } catch (IOException e) {
                BindFailure failure = BindFailure.of(e);
                throw new IOException("interface " + i.getKey() + ": cannot bind a media socket to "
                        + address.getHostAddress() + ": " + (failure == null ? e.getMessage()
                        : failure.explanation() + " (" + e.getMessage() + ")"), e);
            }
        }
    }

    @Override
    public SocketPair allocate(MediaInterfaceAddress address) throws SignallingException {
        MediaLoop loop = loops.current();
        PortPool pool = pools.computeIfAbsent(address.local(), a -> new PortPool(portMin, portMax, QUARANTINE_NANOS));
        UdpMediaSocket[] bound = new UdpMediaSocket[2];
        IOException[] error = new IOException[1];
        long now = System.nanoTime();
        int port = pool.acquire(now, p -> bindPair(loop, address.local(), p, bound, error));
        if (port == PortPool.BIND_FAILED) {
            BindFailure failure = BindFailure.of(error[0]);
            failures[failure.ordinal()].increment();
            Problem problem = new Problem(failure, address.local(), error[0].getMessage(), now);
            problems.put(address.local(), problem);
            long heldBack = failureLog.admit(now);
            if (heldBack >= 0) {
                LOG.severe(problem.describe() + "; answering '" + failure.reason() + "'" + LogThrottle.suffix(heldBack));
            }
            throw new SignallingException(failure.reason());
        }
        if (port < 0) {
            exhausted.increment();
            long heldBack = exhaustedLog.admit(now);
            if (heldBack >= 0) {
                LOG.warning("every media port of " + portMin + "-" + portMax + " on " + address.local().getHostAddress()
                        + " is in use; answering 'Ran out of ports'" + LogThrottle.suffix(heldBack));
            }
            throw new SignallingException("Ran out of ports");
        }
        problems.remove(address.local());
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

    /** Allocations refused because every port was in use ({@code Ran out of ports}). */
    public long exhausted() {
        return exhausted.sum();
    }

    /** Allocations refused because no socket could be bound, by why. */
    public long bindFailures(BindFailure failure) {
        return failures[failure.ordinal()].sum();
    }

    /**
     * The bind problems still standing: for each, a fresh socket is tried on that address first, and a problem
     * that is gone (address back, descriptors freed) is forgotten. For /health; never on a media loop.
     */
    public List<Problem> standingProblems() {
        problems.values().removeIf(p -> probe(p.address()));
        return List.copyOf(problems.values());
    }

    private static boolean probe(InetAddress address) {
        try (DatagramChannel ch = DatagramChannel.open(family(address))) {
            ch.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static PortPool.Bind bindPair(MediaLoop loop, InetAddress local, int port, UdpMediaSocket[] out,
                                          IOException[] error) {
        UdpMediaSocket rtp = open(loop, local, port, error);
        if (rtp == null) {
            return outcome(error[0]);
        }
        UdpMediaSocket rtcp = open(loop, local, port + 1, error);
        if (rtcp == null) {
            rtp.close();
            return outcome(error[0]);
        }
        out[0] = rtp;
        out[1] = rtcp;
        return PortPool.Bind.BOUND;
    }

    private static PortPool.Bind outcome(IOException e) {
        return BindFailure.of(e) == null ? PortPool.Bind.TAKEN : PortPool.Bind.FAILED;
    }

    private static UdpMediaSocket open(MediaLoop loop, InetAddress local, int port, IOException[] error) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(family(local));
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            ch.bind(new InetSocketAddress(local, port));
            ch.configureBlocking(false);
            UdpMediaSocket socket = new UdpMediaSocket(ch, port, loop);
            socket.registered(loop.register(ch, socket));
            return socket;
        } catch (IOException e) {
            LOG.fine(() -> "port " + port + " on " + local + " not usable: " + e.getMessage());
            error[0] = e;
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

    private static StandardProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }
}
