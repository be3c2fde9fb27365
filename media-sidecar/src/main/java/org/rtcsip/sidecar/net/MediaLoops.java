package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

import org.rtcsip.sidecar.session.CallExecutor;

/** The fixed set of media loops (about one per core) that calls are spread over. */
public final class MediaLoops implements CallExecutor {
    private final List<MediaLoop> loops = new ArrayList<>();
    private final MediaTransport.Choice transport;

    /** Loops on the JDK's selector. @param onTick called on each loop about every 200 ms with its index and the time */
    public MediaLoops(int count, TickHandler onTick) throws IOException {
        this(count, new MediaTransport.Choice(MediaTransport.JDK, "not asked for"), onTick);
    }

    /** @param transport how the loops move datagrams, as {@link MediaTransport#choose} resolved it */
    public MediaLoops(int count, MediaTransport.Choice transport, TickHandler onTick) throws IOException {
        this.transport = transport;
        for (int i = 0; i < count; i++) {
            int index = i;
            LongConsumer tick = now -> onTick.tick(index, now);
            LongConsumer frame = now -> onTick.frame(index, now);
            loops.add(new MediaLoop(i, tick, frame, () -> onTick.framesWanted(index),
                    transport.transport() == MediaTransport.IO_URING));
        }
    }

    /**
     * The transport the loops use, for the start-up line and /health: {@code io_uring}, or {@code jdk} with why
     * io_uring is not used; a loop that could not make its ring after all says so.
     */
    public String transport() {
        for (MediaLoop loop : loops) {
            if (transport.transport() == MediaTransport.IO_URING && !loop.transport().equals("io_uring")) {
                return "media loop " + loop.index() + ": " + loop.transport();
            }
        }
        return transport.describe();
    }

    /** Timeout handling per loop, and the loop's frame clock. */
    public interface TickHandler {
        /** About every 200 ms. */
        void tick(int loop, long nowNanos);

        /** Every 20 ms (the media frame time), for what must be fed in real time. */
        default void frame(int loop, long nowNanos) {
        }

        /** Whether {@code loop} needs its frame clock now (asked on the loop, every turn); without it, it sleeps. */
        default boolean framesWanted(int loop) {
            return false;
        }
    }

    public void start() {
        loops.forEach(MediaLoop::start);
    }

    /**
     * The index of a loop whose thread ended or whose last tick is older than {@code stalledNanos}, or -1 when
     * every loop is turning: what /health checks.
     */
    public int firstStalled(long nowNanos, long stalledNanos) {
        for (MediaLoop loop : loops) {
            long since = loop.nanosSinceLastTick(nowNanos);
            if (since < 0 || since > stalledNanos) {
                return loop.index();
            }
        }
        return -1;
    }

    /** Unexpected exceptions caught at {@code where}, over every loop. */
    public long internalErrors(MediaLoop.Where where) {
        long n = 0;
        for (MediaLoop loop : loops) {
            n += loop.internalErrors(where);
        }
        return n;
    }

    /** Times a socket on any loop was paused for a flood ({@link MediaLoop#READS_PER_TICK}). */
    public long readPauses() {
        long n = 0;
        for (MediaLoop loop : loops) {
            n += loop.readPauses();
        }
        return n;
    }

    public int size() {
        return loops.size();
    }

    @Override
    public void execute(int loop, Runnable task) {
        loops.get(loop).execute(task);
    }

    /** Runs {@code work} on every loop and collects the results (for /sessions and shutdown). */
    public <T> List<T> onEveryLoop(Function<Integer, T> work, long timeoutMillis) throws Exception {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (MediaLoop loop : loops) {
            CompletableFuture<T> f = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    f.complete(work.apply(loop.index()));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            futures.add(f);
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            results.add(f.get(timeoutMillis, TimeUnit.MILLISECONDS));
        }
        return results;
    }

    /** The loop whose thread is calling; socket allocation happens there. */
    MediaLoop current() {
        for (MediaLoop loop : loops) {
            if (loop.inLoop()) {
                return loop;
            }
        }
        throw new IllegalStateException("not on a media loop thread: " + Thread.currentThread().getName());
    }

    public void stop() throws InterruptedException {
        for (MediaLoop loop : loops) {
            loop.stop();
        }
        for (MediaLoop loop : loops) {
            loop.join(2000);
        }
    }
}
