package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Runs Bouncy Castle's blocking DTLS handshake as if it were a sans-IO state machine. BC's handshake runs on a
 * thread of {@link DtlsHandshakeThreads} and pulls datagrams from this transport; the caller's thread and that
 * thread take turns, never running at once: the caller queues an input and hands the turn over
 * ({@link #step()}); the handshake thread runs BC until BC asks for a datagram that is not there, then hands the
 * turn back and parks. So every output and event of an input exists when the caller's call returns, and the
 * caller sees a single-threaded object.
 *
 * <p>Virtual time: BC resends a flight whenever a receive returns "nothing" (-1). The endpoint keeps BC's own
 * resend timer permanently expired (resend time 0) and, when its own timer in the caller's time fires,
 * makes receive return -1 ({@link #requestTimeout()}). BC's record layer loops for up to its 1 ms wait before
 * passing the -1 up, so receive sleeps out that millisecond once: the only real time in a retransmission.
 * Because the timer is always expired, BC also resends after any record that yields no handshake message
 * (a ChangeCipherSpec, a duplicate): the endpoint drops those resends (see DtlsSrtpEndpoint#forward).
 *
 * <p>After the handshake, {@link #enterAfterHandshake()}: the caller's thread calls BC's DTLSTransport itself
 * and receive hands over the queued datagrams, then throws {@link InterruptedIOException}, which BC passes up
 * without failing the association: "nothing more now".
 *
 * <p>Two real-time guards, neither protocol timing: the caller waits at most {@code stallNanos} for one step
 * (a wedged handshake thread fails the endpoint), and a parked handshake thread gives up after
 * {@code idleNanos} without a call (an endpoint dropped without {@code close()} frees its thread).
 */
final class LockstepTransport implements DatagramTransport {
    /** Larger than any DTLS record: 2^14 + 2048 plus the header (RFC 6347 §4.1). */
    static final int RECEIVE_LIMIT = DtlsRecords.MAX_RECORD_BODY + DtlsRecords.HEADER;

    enum Step {
        /** BC wants a datagram it does not have (or waits for the fingerprint): the caller's turn. */
        PARKED,
        /** The handshake ended (either way): the thread is gone. */
        EXITED,
        /** No handshake thread was free: nothing ran. */
        NO_THREAD,
        /** The handshake thread did not hand back the turn in time, or gave up: it must not be used again. */
        ABANDONED
    }

    private enum TimeoutPhase { NONE, REQUESTED, RETURNED, SLEPT }

    private final int sendLimit;
    private final long stallNanos;
    private final long idleNanos;
    private final Object lock = new Object();

    // All guarded by lock.
    private boolean workerTurn;
    private boolean workerStarted;
    private boolean workerExited;
    private boolean abandoned;
    private boolean callerBusy;
    private boolean awaitingFingerprints;
    private boolean afterHandshake;
    private String abortReason;
    private TimeoutPhase timeoutPhase = TimeoutPhase.NONE;
    private boolean sentSinceTimeout;
    private final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
    private List<byte[]> outbox = new ArrayList<>();

    LockstepTransport(int sendLimit, long stallNanos, long idleNanos) {
        this.sendLimit = sendLimit;
        this.stallNanos = stallNanos;
        this.idleNanos = idleNanos;
    }

    // ---- caller's side ----

    /** Starts the handshake on a pool thread and waits for its first step. */
    Step start(DtlsHandshakeThreads threads, Runnable handshake) {
        synchronized (lock) {
            if (workerStarted) {
                throw new IllegalStateException("handshake already started");
            }
            workerTurn = true;
            Runnable body = () -> {
                try {
                    handshake.run();
                } finally {
                    synchronized (lock) {
                        workerExited = true;
                        workerTurn = false;
                        lock.notifyAll();
                    }
                }
            };
            if (!threads.tryStart(body)) {
                workerTurn = false;
                return Step.NO_THREAD;
            }
            workerStarted = true;
            return awaitWorker();
        }
    }

    /** Gives the turn to the parked handshake thread and waits until it parks again or ends. */
    Step step() {
        synchronized (lock) {
            if (abandoned) {
                return Step.ABANDONED;
            }
            if (workerExited || !workerStarted) {
                return Step.EXITED;
            }
            workerTurn = true;
            lock.notifyAll();
            return awaitWorker();
        }
    }

    private Step awaitWorker() {
        long deadline = System.nanoTime() + stallNanos;
        boolean interrupted = false;
        try {
            while (workerTurn && !workerExited) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandoned = true;
                    return Step.ABANDONED;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    interrupted = true; // finish the step: BC state must not be left half-stepped
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (abandoned) {
            return Step.ABANDONED;
        }
        return workerExited ? Step.EXITED : Step.PARKED;
    }

    void queue(byte[] datagram) {
        synchronized (lock) {
            inbox.add(datagram);
        }
    }

    int queued() {
        synchronized (lock) {
            return inbox.size();
        }
    }

    void clearQueue() {
        synchronized (lock) {
            inbox.clear();
        }
    }

    /** The next step makes BC's pending receive time out, so it resends its last flight. */
    void requestTimeout() {
        synchronized (lock) {
            timeoutPhase = TimeoutPhase.REQUESTED;
        }
    }

    /** The next step makes the handshake thread throw out of BC with this reason. */
    void abort(String reason) {
        synchronized (lock) {
            abortReason = reason;
        }
    }

    List<byte[]> takeOutbox() {
        synchronized (lock) {
            List<byte[]> out = outbox;
            outbox = new ArrayList<>();
            return out;
        }
    }

    boolean awaitingFingerprints() {
        synchronized (lock) {
            return awaitingFingerprints;
        }
    }

    /**
     * Runs BC code on the caller's thread while the handshake thread is parked (closing during the handshake).
     * Skipped if the handshake thread is gone or running.
     */
    void whileParked(Runnable action) {
        synchronized (lock) {
            if (abandoned || workerExited || workerTurn || !workerStarted) {
                return;
            }
            callerBusy = true;
        }
        try {
            action.run();
        } finally {
            synchronized (lock) {
                callerBusy = false;
            }
        }
    }

    void enterAfterHandshake() {
        synchronized (lock) {
            afterHandshake = true;
            inbox.clear();
        }
    }

    // ---- Bouncy Castle's side ----

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long sleepMillis;
        synchronized (lock) {
            if (afterHandshake) {
                return takeQueued(buf, off, len);
            }
            for (;;) {
                checkAbort();
                if (timeoutPhase == TimeoutPhase.REQUESTED) {
                    timeoutPhase = TimeoutPhase.RETURNED;
                    sentSinceTimeout = false;
                    return -1;
                }
                if (timeoutPhase == TimeoutPhase.RETURNED && !sentSinceTimeout) {
                    // BC's record layer is still inside its own wait: let that wait end, then it resends.
                    timeoutPhase = TimeoutPhase.SLEPT;
                    sleepMillis = Math.max(1, waitMillis) + 1L;
                    break;
                }
                timeoutPhase = TimeoutPhase.NONE;
                byte[] d = inbox.poll();
                if (d != null) {
                    if (d.length <= len) {
                        System.arraycopy(d, 0, buf, off, d.length);
                        return d.length;
                    }
                    continue; // larger than BC's buffer: cannot be a valid record
                }
                yieldToCaller();
            }
        }
        try {
            Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during DTLS handshake");
        }
        return -1;
    }

    private int takeQueued(byte[] buf, int off, int len) throws InterruptedIOException {
        for (;;) {
            byte[] d = inbox.poll();
            if (d == null) {
                throw new InterruptedIOException("no datagram queued"); // BC: "nothing now", not a failure
            }
            if (d.length <= len) {
                System.arraycopy(d, 0, buf, off, d.length);
                return d.length;
            }
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        synchronized (lock) {
            if (!abandoned) {
                outbox.add(Arrays.copyOfRange(buf, off, off + len));
                sentSinceTimeout = true;
            }
        }
    }

    /** Called by BC when it closes the association; the socket is the caller's, so nothing to do. */
    @Override
    public void close() {
    }

    /** On the handshake thread: parks until the caller has supplied the peer's fingerprints (or aborts). */
    void awaitFingerprints() throws IOException {
        synchronized (lock) {
            awaitingFingerprints = true;
            try {
                yieldToCaller();
            } finally {
                awaitingFingerprints = false;
            }
        }
    }

    /** Holding the lock, on the handshake thread. */
    private void yieldToCaller() throws IOException {
        workerTurn = false;
        lock.notifyAll();
        long deadline = System.nanoTime() + idleNanos;
        while (!workerTurn) {
            long left = deadline - System.nanoTime();
            if (left <= 0 && !callerBusy) {
                abandoned = true;
                workerTurn = true;
                throw new IOException("DTLS endpoint abandoned: no call for "
                        + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, Math.max(left, TimeUnit.MILLISECONDS.toNanos(10)));
            } catch (InterruptedException e) {
                abandoned = true; // the pool is shutting down
                workerTurn = true;
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("DTLS handshake thread interrupted");
            }
        }
        checkAbort();
    }

    private void checkAbort() throws IOException {
        if (abandoned) {
            throw new IOException("DTLS endpoint abandoned");
        }
        if (abortReason != null) {
            throw new IOException(abortReason);
        }
    }
}
