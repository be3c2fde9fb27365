package org.rtcsip.kamailio.control;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Runs an {@link OpsController} on a daemon thread of its own: calls {@link OpsController#runDue}
 * when it asked to be called, or at once after {@link #ready()} or {@link #drain()}. The JSON-RPC
 * calls block this thread only, never the sidecar's media or ng threads.
 */
public final class OpsControllerLoop implements AutoCloseable {

    /** Upper bound of one wait, so a clock jump cannot park the loop for long. */
    private static final long MAX_WAIT_MILLIS = 5_000;

    private final OpsController controller;
    private final LongSupplier clockMillis;
    private final Thread thread;
    private final Object lock = new Object();
    private final OpsController.Log log;
    private boolean woken;
    private volatile boolean closed;

    private OpsControllerLoop(OpsController controller, LongSupplier clockMillis, OpsController.Log log) {
        this.controller = controller;
        this.clockMillis = clockMillis;
        this.log = log;
        this.thread = new Thread(this::run, "kamailio-control");
        this.thread.setDaemon(true);
    }

    /** Starts the thread; {@code clockMillis} is usually {@code System::currentTimeMillis}. */
    public static OpsControllerLoop start(OpsController controller, LongSupplier clockMillis, OpsController.Log log) {
        OpsControllerLoop loop = new OpsControllerLoop(controller, clockMillis, log);
        loop.thread.start();
        return loop;
    }

    public OpsController controller() {
        return controller;
    }

    /** {@link OpsController#ready()}, acted on at once. */
    public void ready() {
        controller.ready();
        wake();
    }

    /** {@link OpsController#drain()}, acted on at once. */
    public void drain() {
        controller.drain();
        wake();
    }

    private void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            long next;
            try {
                next = controller.runDue(clockMillis.getAsLong());
            } catch (RuntimeException bug) {
                log.warning("Kamailio controller: " + bug + " (retrying in 1 s)");
                next = clockMillis.getAsLong() + 1_000;
            }
            synchronized (lock) {
                long wait = Math.min(MAX_WAIT_MILLIS, next - clockMillis.getAsLong());
                if (!woken && !closed && wait > 0) {
                    try {
                        lock.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /**
     * Stops the thread, waiting at most {@code grace} for a JSON-RPC call in flight (it is not
     * interrupted: an interrupted call would be logged as Kamailio being unreachable).
     */
    public void close(Duration grace) {
        closed = true;
        wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}
