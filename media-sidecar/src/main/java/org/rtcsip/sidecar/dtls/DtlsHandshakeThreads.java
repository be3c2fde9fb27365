package org.rtcsip.sidecar.dtls;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded set of threads that run Bouncy Castle's blocking DTLS handshakes for every
 * {@link DtlsSrtpEndpoint}. A handshake holds one thread from its first flight until it completes or fails
 * (a few round trips; parked, not spinning, while it waits for the peer); after the handshake no thread is
 * held, and SRTP runs on the caller's loop. Threads are created on demand up to {@code maxThreads} and end
 * after {@value #IDLE_SECONDS} s idle. When all are busy, a new handshake waits (see
 * {@link DtlsSrtpEndpoint.State#WAITING_FOR_THREAD}), it is not refused.
 *
 * <p>Size it to the handshakes that may be in flight at once (call set-up bursts, not concurrent calls); the
 * threads are parked, not busy, while a handshake waits for its peer. 64 is plenty for a 2-core machine, where
 * one handshake costs about 0.5 ms of CPU per side with OpenSSL's public-key operations, 0.7 ms with Bouncy
 * Castle's (bench's {@code DtlsHandshakeBench.handshakePair}: 0.96 and 1.4 ms per in-memory pair).
 */
public final class DtlsHandshakeThreads implements AutoCloseable {
    static final int IDLE_SECONDS = 30;

    private final ThreadPoolExecutor pool;
    private final int maxThreads;

    public DtlsHandshakeThreads(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("need at least one DTLS handshake thread");
        }
        this.maxThreads = maxThreads;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dtls-handshake-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return false if every thread is busy (or the set is closed) */
    boolean tryStart(Runnable handshake) {
        try {
            pool.execute(handshake);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    public int maxThreads() {
        return maxThreads;
    }

    /** Threads running a handshake now. */
    public int busyThreads() {
        return pool.getActiveCount();
    }

    /** Interrupts running handshakes; their endpoints fail. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
