package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.LogThrottle;
import org.rtcsip.sidecar.ng.NgCommands;

/**
 * The ng control sockets (UDP, IPv4 and IPv6). One thread reads requests and hands them to {@link NgCommands};
 * replies leave from the socket the request came in on, so they carry the address Kamailio sent to
 * (ng-protocol.md §1.1: each Kamailio worker connect()s its socket and would drop anything else).
 */
public final class NgUdpServer implements Runnable {
    private static final Logger LOG = Logger.getLogger(NgUdpServer.class.getName());
    /** The largest UDP payload; Kamailio never sends more. */
    private static final int MAX_DATAGRAM = 65_535;
    private static final long REFUSED_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final NgCommands commands;
    private final Selector selector;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Thread thread;
    private volatile long lastTurnNanos;
    private volatile boolean running = true;
    private final LongAdder unsentReplies = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LogThrottle refusedLog = new LogThrottle(REFUSED_LOG_INTERVAL_NANOS);
    private final Predicate<InetAddress> allowed;

    /**
     * @param bufferBytes receive and send buffer to ask for: the kernel's default receive buffer holds only 3
     *                    datagrams of 60 KB, so a burst of large offers from several Kamailio workers was dropped
     * @param allowed which source addresses requests are taken from ({@code ng-allow}); the ng protocol has no
     *                authentication, so the others are dropped unanswered (an answer would confirm a server is
     *                here) and counted
     */
    public NgUdpServer(List<InetSocketAddress> listen, int bufferBytes, Predicate<InetAddress> allowed,
                       NgCommands commands) throws IOException {
        this(listen, bufferBytes, allowed, commands, "ng-control", true);
    }

    /**
     * One with a thread name of its own that does not log its sockets: the start-up warm-up's (the log's ng sockets
     * are those Kamailio can use).
     */
    public static NgUdpServer forWarmup(InetSocketAddress listen, NgCommands commands) throws IOException {
        return new NgUdpServer(List.of(listen), 1 << 20, a -> true, commands, "ng-warmup", false);
    }

    private NgUdpServer(List<InetSocketAddress> listen, int bufferBytes, Predicate<InetAddress> allowed,
                        NgCommands commands, String threadName, boolean logSockets) throws IOException {
        this.thread = new Thread(this, threadName);
        this.commands = commands;
        this.allowed = allowed;
        this.selector = Selector.open();
        for (InetSocketAddress address : listen) {
            DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
                ch.bind(address);
                if (logSockets) {
                    logGranted(address, bufferBytes, ch.getOption(StandardSocketOptions.SO_RCVBUF),
                            ch.getOption(StandardSocketOptions.SO_SNDBUF));
                }
            } catch (IOException e) {
                ch.close();
                close();
                throw new IOException("cannot listen for ng on " + address.getAddress().getHostAddress() + ":"
                        + address.getPort() + ": " + e.getMessage(), e);
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            channels.add(ch);
        }
    }

    /** Linux doubles what it grants (bookkeeping overhead) and caps the request at net.core.rmem_max/wmem_max. */
    private static void logGranted(InetSocketAddress address, int asked, int receive, int send) {
        String line = "ng socket " + address + ": receive buffer " + receive + " bytes, send buffer " + send
                + " bytes (asked " + asked + ")";
        if (receive < asked || send < asked) {
            LOG.warning(line + "; the kernel capped it: raise net.core.rmem_max and net.core.wmem_max (sysctl) to at"
                    + " least " + asked + " for bursts of large requests not to be dropped");
        } else {
            LOG.info(line);
        }
    }

    public List<InetSocketAddress> boundAddresses() throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (DatagramChannel ch : channels) {
            out.add((InetSocketAddress) ch.getLocalAddress());
        }
        return out;
    }

    public void start() {
        lastTurnNanos = System.nanoTime();
        thread.start();
    }

    /**
     * Nanoseconds since the control thread last went round its loop (it does at least every 500 ms while idle),
     * or -1 if the thread is not running: what /health checks.
     */
    public long nanosSinceLastTurn(long nowNanos) {
        return thread.isAlive() ? nowNanos - lastTurnNanos : -1;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            try {
                selector.select(500);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    InetSocketAddress from;
                    while ((from = (InetSocketAddress) ch.receive(buffer.clear())) != null) {
                        if (!allowed.test(from.getAddress())) {
                            refuse(from);
                            continue;
                        }
                        byte[] data = new byte[buffer.position()];
                        buffer.flip().get(data);
                        InetSocketAddress peer = from;
                        commands.handle(data, data.length, peer, reply -> send(ch, reply, peer));
                    }
                }
            } catch (Throwable e) {
                // one bad request, or an Error such as a class that can no longer be loaded, must not end ng
                // control for every call; /health reports the thread if it stops or stalls anyway
                if (running) {
                    internalErrors.increment();
                    LOG.log(Level.WARNING, "ng control loop", e);
                }
            }
            lastTurnNanos = System.nanoTime();
        }
    }

    private void send(DatagramChannel ch, byte[] reply, InetSocketAddress to) {
        try {
            if (ch.send(ByteBuffer.wrap(reply), to) == 0) {
                // non-blocking and the socket's send buffer is full
                unsentReplies.increment();
                LOG.warning("cannot send ng reply to " + to + ": the socket's send buffer is full");
            }
        } catch (IOException e) {
            unsentReplies.increment();
            LOG.warning("cannot send ng reply to " + to + ": " + e.getMessage());
        }
    }

    private void refuse(InetSocketAddress from) {
        refused.increment();
        long heldBack = refusedLog.admit(System.nanoTime());
        if (heldBack >= 0) {
            LOG.warning("ng request from " + from + " dropped: not an allowed source (ng-allow)"
                    + LogThrottle.suffix(heldBack));
        }
    }

    /** Requests dropped unanswered because their source is not allowed ({@code ng-allow}). */
    public long refused() {
        return refused.sum();
    }

    /** Exceptions the control thread caught and survived, outside any one request's handling. */
    public long internalErrors() {
        return internalErrors.sum();
    }

    /** Replies the socket refused to send (send buffer full, unreachable peer...): counted, never silent. */
    public long unsentReplies() {
        return unsentReplies.sum();
    }

    public void close() {
        running = false;
        selector.wakeup();
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            thread.join(1000);
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // shutting down
        }
    }
}
