package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.LogThrottle;

/**
 * One media thread: a selector over the UDP sockets of the calls it owns, a task queue through which control
 * code reaches those calls, and a periodic tick for timeouts. Every packet of a call and every change to it runs
 * here, so the packet path takes no lock; the receive buffer is reused for every packet.
 */
public final class MediaLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(MediaLoop.class.getName());
    /** Room for a jumbo-ish datagram plus SRTP/SRTCP trailer growth on the way out. */
    static final int BUFFER_SIZE = 2048;
    /** Packets read from one socket before the loop moves on, so one busy stream cannot starve the rest. */
    private static final int READS_PER_WAKEUP = 16;
    private static final long TICK_NANOS = 200_000_000L;
    /**
     * Packets one socket may hand over per tick (200 ms): 20,000 a second, some five times a 4K video stream. Above
     * that it is a flood: the socket is not read again before the next tick, and the kernel drops what it cannot
     * queue, instead of this thread spending itself reading and dropping a stranger's packets.
     */
    static final int READS_PER_TICK = 4000;
    /** A bug hit by every packet would otherwise write a stack trace per packet. */
    private static final long ERROR_LOG_INTERVAL_NANOS = 10_000_000_000L;

    /** Where on a loop an unexpected exception was caught, as {@code sidecar_internal_errors_total} labels it. */
    public enum Where {
        PACKET("media-packet"), TASK("media-task"), TICK("media-tick"), LOOP("media-loop");

        private final String label;

        Where(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int index;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(buffer);
    private final ByteBuffer sendBuffer = ByteBuffer.wrap(buffer);
    private final LongConsumer onTick;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextTick;
    private volatile long lastTickNanos;
    private final LongAdder[] internalErrors = new LongAdder[Where.values().length];
    /** Counts ticks: a socket's read budget is per tick. */
    private long tick;
    private final List<SelectionKey> paused = new ArrayList<>();
    private final LongAdder pauses = new LongAdder();
    private final LogThrottle pauseLog = new LogThrottle(ERROR_LOG_INTERVAL_NANOS);
    private final LogThrottle[] errorLogs = new LogThrottle[Where.values().length];

    public MediaLoop(int index, LongConsumer onTick) throws IOException {
        this.index = index;
        this.selector = Selector.open();
        this.onTick = onTick;
        this.thread = new Thread(this, "media-loop-" + index);
        this.thread.setDaemon(false);
        for (Where w : Where.values()) {
            internalErrors[w.ordinal()] = new LongAdder();
            errorLogs[w.ordinal()] = new LogThrottle(ERROR_LOG_INTERVAL_NANOS);
        }
    }

    /** Unexpected exceptions this loop caught (and survived) at {@code where}. */
    public long internalErrors(Where where) {
        return internalErrors[where.ordinal()].sum();
    }

    /** Counts an exception the loop survived and logs it, at most once per 10 s per kind. */
    private void caught(Where where, String what, Throwable t) {
        internalErrors[where.ordinal()].increment();
        long heldBack = errorLogs[where.ordinal()].admit(System.nanoTime());
        if (heldBack >= 0) {
            LOG.log(Level.SEVERE, what + LogThrottle.suffix(heldBack), t);
        }
    }

    public int index() {
        return index;
    }

    public void start() {
        lastTickNanos = System.nanoTime();
        thread.start();
    }

    /** Nanoseconds since this loop's last timer tick (every 200 ms when healthy), or -1 if its thread ended. */
    public long nanosSinceLastTick(long nowNanos) {
        return thread.isAlive() ? nowNanos - lastTickNanos : -1;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Queues a task for this loop's thread; runs it before the next packets are read. */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException("media loop " + index + " is stopped");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** A ByteBuffer over {@code buf[off, off+len)}: the loop's own buffer is reused rather than wrapped anew. */
    ByteBuffer view(byte[] buf, int off, int len) {
        if (buf == buffer) {
            sendBuffer.clear();
            sendBuffer.position(off).limit(off + len);
            return sendBuffer;
        }
        return ByteBuffer.wrap(buf, off, len);
    }

    /** Registers a socket for reading; must run on this loop. */
    SelectionKey register(DatagramChannel channel, UdpMediaSocket socket) throws ClosedChannelException {
        return channel.register(selector, SelectionKey.OP_READ, socket);
    }

    /**
     * A channel other than a UDP media socket (a WebSocket media leg's TCP connection): told when its key is
     * ready, on this loop's thread, with the time.
     */
    public interface ReadyHandler {
        void ready(SelectionKey key, long now);
    }

    /** Registers a channel with its own ready handling (OP_CONNECT, OP_READ, OP_WRITE); must run on this loop. */
    public SelectionKey register(SelectableChannel channel, int ops, ReadyHandler handler)
            throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    @Override
    public void run() {
        nextTick = System.nanoTime() + TICK_NANOS;
        while (running) {
            try {
                long wait = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                selector.select(wait);
                readReadySockets();
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    lastTickNanos = now;
                    tick++;
                    resumePaused();
                    try {
                        onTick.accept(now);
                    } catch (RuntimeException e) {
                        caught(Where.TICK, "timer tick on media loop " + index + " threw", e);
                    }
                }
            } catch (Throwable t) {
                // A bug in one packet's handling must not take the loop, and every call on it, down.
                caught(Where.LOOP, "media loop " + index + " caught", t);
            }
        }
        runTasks();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing on shutdown
        }
    }

    private void readReadySockets() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof ReadyHandler handler) {
                try {
                    handler.ready(key, System.nanoTime());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ready handler threw", e);
                }
                continue;
            }
            UdpMediaSocket socket = (UdpMediaSocket) key.attachment();
            if (socket.readTick != tick) {
                socket.readTick = tick;
                socket.readsThisTick = 0;
            }
            for (int i = 0; i < READS_PER_WAKEUP; i++) {
                if (++socket.readsThisTick > READS_PER_TICK) {
                    pause(key, socket);
                    break;
                }
                receiveBuffer.clear();
                SocketAddress from;
                try {
                    from = socket.channel().receive(receiveBuffer);
                } catch (IOException e) {
                    socket.receiveErrors++;
                    break;
                }
                if (from == null) {
                    break;
                }
                long now = System.nanoTime();
                try {
                    socket.deliver(buffer, receiveBuffer.position(), (InetSocketAddress) from, now);
                } catch (RuntimeException e) {
                    caught(Where.PACKET, "packet handler on port " + socket.port() + " threw", e);
                }
                if (!key.isValid()) {
                    break;
                }
            }
        }
    }

    /** A socket over its budget for this tick: not read again before the next one. */
    private void pause(SelectionKey key, UdpMediaSocket socket) {
        key.interestOps(0);
        paused.add(key);
        pauses.increment();
        long heldBack = pauseLog.admit(System.nanoTime());
        if (heldBack >= 0) {
            LOG.warning("port " + socket.port() + " received more than " + READS_PER_TICK * (1_000_000_000L / TICK_NANOS)
                    + " packets/s (a flood?): not read for the rest of " + TICK_NANOS / 1_000_000 + " ms; the kernel"
                    + " drops what it cannot queue" + LogThrottle.suffix(heldBack));
        }
    }

    private void resumePaused() {
        for (SelectionKey key : paused) {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        paused.clear();
    }

    /** Times a socket was paused for reading more than {@link #READS_PER_TICK} packets in one tick. */
    public long readPauses() {
        return pauses.sum();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                caught(Where.TASK, "task on media loop " + index + " threw", e);
            }
        }
    }

    /** Stops after queued tasks have run; {@code join} waits for the thread. */
    public void stop() {
        running = false;
        selector.wakeup();
    }

    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}
