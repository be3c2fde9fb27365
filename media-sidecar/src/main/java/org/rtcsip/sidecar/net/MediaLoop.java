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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.LogThrottle;

/**
 * One media thread: the UDP sockets of the calls it owns, a task queue through which control code reaches those
 * calls, and a periodic tick for timeouts. Every packet of a call and every change to it runs here, so the packet
 * path takes no lock; the receive buffer is reused for every packet. The sockets are read either through an
 * io_uring ({@link UringDatagrams}: one system call per turn of the loop) or through the JDK's selector (about
 * three per packet), as {@link MediaTransport} chose; the selector also serves other channels (WebSocket legs)
 * and wakes the loop for tasks in both cases.
 */
public final class MediaLoop implements Runnable, UringDatagrams.Events {
    private static final Logger LOG = Logger.getLogger(MediaLoop.class.getName());
    /** Room for a jumbo-ish datagram plus SRTP/SRTCP trailer growth on the way out. */
    static final int BUFFER_SIZE = 2048;
    /** Packets read from one socket before the loop moves on, so one busy stream cannot starve the rest. */
    private static final int READS_PER_WAKEUP = 16;
    private static final long TICK_NANOS = 200_000_000L;
    /**
     * The frame clock's period: the frame time of clocked receivers (Asterisk's chan_websocket plays one frame per
     * 20 ms tick and nothing when we sent none), which the calls on this loop keep fed.
     */
    static final long FRAME_NANOS = 20_000_000L;
    /**
     * Packets one socket may hand over per tick (200 ms), on either transport: 20,000 a second, some five times a 4K
     * video stream. Above that it is a flood: the socket is not read again before the next tick, and the kernel
     * drops what it cannot queue, instead of this thread spending itself reading and dropping a stranger's packets.
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
    private final LongConsumer onFrame;
    /** Whether anything on this loop needs the frame clock now; when not, the loop sleeps until packets or its tick. */
    private final BooleanSupplier framesWanted;
    private long nextFrame;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextTick;
    private volatile long lastTickNanos;
    private final boolean wantUring;
    /** The ring, once this loop's thread has made it; null on the JDK transport. */
    private UringDatagrams uring;
    private volatile String uringFailure;
    private boolean selectorReady;
    private final CountDownLatch transportReady = new CountDownLatch(1);
    private long tick;
    /** Sockets over their read budget until the next tick: on io_uring, and on the selector (their keys). */
    private final List<UdpMediaSocket> paused = new ArrayList<>();
    private final List<SelectionKey> pausedKeys = new ArrayList<>();
    /** Written by this loop only; read by /metrics and tests. */
    private volatile long readPauses;
    private final LogThrottle pauseLog = new LogThrottle(ERROR_LOG_INTERVAL_NANOS);
    private final LongAdder[] internalErrors = new LongAdder[Where.values().length];
    private final LogThrottle[] errorLogs = new LogThrottle[Where.values().length];

    /** A loop without a frame clock (it never wakes for one). */
    public MediaLoop(int index, LongConsumer onTick) throws IOException {
        this(index, onTick, now -> { }, () -> false, false);
    }

    /** A loop without a frame clock, on io_uring if {@code uring}. */
    public MediaLoop(int index, LongConsumer onTick, boolean uring) throws IOException {
        this(index, onTick, now -> { }, () -> false, uring);
    }

    /**
     * @param onTick       timeouts, every 200 ms
     * @param onFrame      the frame clock, every {@link #FRAME_NANOS} while {@code framesWanted} says so
     * @param framesWanted asked on every turn, on this loop: whether the frame clock must run now. A loop that nothing
     *                     clocked sleeps until its 200 ms tick instead of waking every 20 ms (on a VM each wake-up
     *                     costs tens of microseconds: at 2 transcoded calls those wake-ups were 8 % of the CPU)
     * @param uring        read and send through an io_uring ({@link MediaTransport#IO_URING} was chosen)
     */
    public MediaLoop(int index, LongConsumer onTick, LongConsumer onFrame, BooleanSupplier framesWanted, boolean uring)
            throws IOException {
        this.index = index;
        this.framesWanted = framesWanted;
        this.selector = Selector.open();
        this.onTick = onTick;
        this.onFrame = onFrame;
        this.wantUring = uring;
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

    /** Starts the thread and returns once it has its transport (its ring made, or the selector as the fallback). */
    public void start() {
        lastTickNanos = System.nanoTime();
        thread.start();
        try {
            if (!transportReady.await(10, TimeUnit.SECONDS)) {
                LOG.warning("media loop " + index + " did not set up its transport within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Registers a socket for reading; must run on this loop. Null on the io_uring transport (no selection key). */
    SelectionKey register(DatagramChannel channel, UdpMediaSocket socket) throws ClosedChannelException {
        if (uring != null) {
            uring.add(socket, JdkDescriptors.of(channel));
            return null;
        }
        return channel.register(selector, SelectionKey.OP_READ, socket);
    }

    /** Stops reading a socket that is being closed; must run on this loop. */
    void unregister(UdpMediaSocket socket) {
        if (uring != null && socket.uringIndex >= 0) {
            uring.remove(socket);
            paused.remove(socket);
        }
    }

    /** A send on the io_uring transport: queued, it leaves with this turn's system call. */
    boolean queueSend(UdpMediaSocket socket, byte[] buf, int off, int len, InetSocketAddress to) {
        return uring.send(socket, buf, off, len, to);
    }

    /** {@code io_uring}, or {@code jdk}: what this loop reads and sends through now. */
    public String transport() {
        String failure = uringFailure;
        return uring != null ? "io_uring" : failure != null ? "jdk (io_uring failed: " + failure + ")" : "jdk";
    }

    /** Times a socket was paused for reading more than {@link #READS_PER_TICK} packets in one tick. */
    public long readPauses() {
        return readPauses;
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
        nextFrame = System.nanoTime() + FRAME_NANOS;
        if (wantUring) {
            try {
                uring = new UringDatagrams(buffer);
            } catch (IOException | RuntimeException | LinkageError e) {
                // the probe at start-up worked, so this is unexpected: keep the calls flowing on the selector
                uringFailure = e.getMessage();
                LOG.log(Level.SEVERE, "media loop " + index + ": io_uring could not be set up, using the JDK's"
                        + " selector: " + e.getMessage());
            }
        }
        transportReady.countDown();
        if (uring != null) {
            runUring();
            return;
        }
        while (running) {
            try {
                // rounded up: rounded down, every deadline took two wake-ups (one early, one 1 ms select)
                long wait = Math.max(1, (nextDeadline() - System.nanoTime() + 999_999) / 1_000_000);
                selector.select(wait);
                readReadySockets();
                runTasks();
                tickIfDue();
                frameIfDue();
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

    /** The loop on the io_uring transport: one system call per turn submits the sends and waits for packets. */
    private void runUring() {
        int epollFd = JdkDescriptors.of(selector);
        int lastTurn = 0;
        while (running) {
            try {
                uring.armSelectorPoll(epollFd);
                long wait = Math.max(0, nextDeadline() - System.nanoTime());
                uring.enter(wait, true, lastTurn >= UringDatagrams.BUSY);
                int n;
                lastTurn = 0;
                while ((n = uring.complete(this)) == UringDatagrams.COMPLETIONS_PER_PASS) {
                    lastTurn += n;
                    uring.enter(0, false); // push this pass's sends out before the next pass needs their slots
                }
                lastTurn += n;
                if (selectorReady) {
                    selectorReady = false;
                    selector.selectNow();
                    readReadySockets();
                }
                runTasks();
                tickIfDue();
                frameIfDue();
                if (!selector.keys().isEmpty()) {
                    // The JDK's selector hands new registrations and interest changes (a WebSocket's OP_CONNECT,
                    // then OP_READ; OP_WRITE when its socket is full) to epoll only inside a select: without this
                    // one they waited until another of its channels happened to be ready, and an ExternalMedia leg
                    // on io_uring connected late or never (one-call latency step failed, ten calls p50 511 ms).
                    // The selector holds only TCP channels here (UDP sockets are on the ring): no cost without them.
                    if (selector.selectNow() > 0) {
                        readReadySockets();
                    }
                }
            } catch (Throwable t) {
                // A bug in one packet's handling must not take the loop, and every call on it, down.
                caught(Where.LOOP, "media loop " + index + " caught", t);
            }
        }
        runTasks();
        uring.enter(0, false);
        uring.close();
        uring = null;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing on shutdown
        }
    }

    /** The timer tick, every {@link #TICK_NANOS}: sockets paused in the last one are read again, then timeouts. */
    private void tickIfDue() {
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
    }

    private long nextDeadline() {
        return nextFrame - nextTick < 0 && framesWanted.getAsBoolean() ? nextFrame : nextTick;
    }

    /**
     * The frame clock, every {@link #FRAME_NANOS}: it keeps its schedule (a late turn does not shift the next one),
     * and after a stall (or a time nothing wanted it) it starts over from now instead of firing the missed frames in a
     * burst.
     */
    private void frameIfDue() {
        long now = System.nanoTime();
        if (now - nextFrame < 0 || !framesWanted.getAsBoolean()) {
            return;
        }
        nextFrame += FRAME_NANOS;
        if (now - nextFrame >= 0) {
            nextFrame = now + FRAME_NANOS;
        }
        try {
            onFrame.accept(now);
        } catch (RuntimeException e) {
            caught(Where.TICK, "frame clock on media loop " + index + " threw", e);
        }
    }

    @Override
    public void received(UdpMediaSocket socket, byte[] buf, int len, InetSocketAddress from) {
        if (socket.readTick != tick) {
            socket.readTick = tick;
            socket.readsThisTick = 0;
        }
        try {
            socket.deliver(buf, len, from, System.nanoTime());
        } catch (RuntimeException e) {
            caught(Where.PACKET, "packet handler on port " + socket.port() + " threw", e);
        }
        // the budget is checked after the packet in hand, which is read already: the one that reaches it is
        // delivered like the selector's last read (before, it was dropped: an echo at 20,000 a second lost one)
        if (++socket.readsThisTick >= READS_PER_TICK) {
            uring.pause(socket);
            paused.add(socket);
            pauseCounted(socket);
        }
    }

    /** Counts a socket paused for the rest of this tick, and says so at most once per 10 s. */
    private void pauseCounted(UdpMediaSocket socket) {
        readPauses++;
        long heldBack = pauseLog.admit(System.nanoTime());
        if (heldBack >= 0) {
            LOG.warning("port " + socket.port() + " received more than "
                    + READS_PER_TICK * (1_000_000_000L / TICK_NANOS) + " packets/s (a flood?): not read for the rest of " + TICK_NANOS / 1_000_000 + " ms; the kernel"
                    + " drops what it cannot queue" + LogThrottle.suffix(heldBack));
        }
    }

    @Override
    public void selectorReady() {
        selectorReady = true;
    }

    private void resumePaused() {
        for (int i = 0; i < paused.size(); i++) { // empty on the selector transport
            uring.resume(paused.get(i));
        }
        paused.clear();
        for (int i = 0; i < pausedKeys.size(); i++) {
            SelectionKey key = pausedKeys.get(i);
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        pausedKeys.clear();
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
                    key.interestOps(0);
                    pausedKeys.add(key);
                    pauseCounted(socket);
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
