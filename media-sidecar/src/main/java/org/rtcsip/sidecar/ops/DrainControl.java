package org.rtcsip.sidecar.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * Runs a drain (SIGTERM, POST /drain): begins the {@link Drain}, takes the sidecar out of Kamailio's set when
 * there is a controller, watches the calls until the drain is over, and answers POST /drain. What happens after
 * (the process exits) is the owner's business.
 */
public final class DrainControl implements OpsHttpServer.DrainRequest {
    /** POST /drain waits this long at most for Kamailio's answer to the disable (the controller's timeout is 2 s). */
    private static final long ANSWER_WAIT_NANOS = 3_000_000_000L;
    private static final long CHECK_MILLIS = 100;
    private static final String NO_CONTROLLER = "no --kamailio-rpc, so new calls stop only once Kamailio's rtpengine"
            + " set no longer sends them here (sidecarctl kamailio rtpengine disable <this sidecar's ng URL>)";

    private final Drain drain;
    private final IntSupplier calls;
    private final Optional<KamailioSetMembership> kamailio;
    private volatile Thread watch;
    private volatile boolean closed;

    public DrainControl(Duration timeout, IntSupplier calls, Optional<KamailioSetMembership> kamailio) {
        this.drain = new Drain(timeout, calls, () -> kamailio.map(KamailioSetMembership::disableAttempted)
                .orElse(true));
        this.calls = calls;
        this.kamailio = kamailio;
    }

    /** The drain's state, for /metrics. */
    public Drain state() {
        return drain;
    }

    /**
     * Starts a drain: no new calls, the calls in progress are served until they end or the drain timeout. Returns
     * false if a drain was under way.
     *
     * @param trigger what asked, for the log: "SIGTERM", "POST /drain from 127.0.0.1"
     */
    public boolean begin(String trigger) {
        String newCalls = kamailio.map(KamailioSetMembership::howNewCallsStop).orElse(NO_CONTROLLER);
        if (!drain.begin(System.currentTimeMillis(), trigger, newCalls)) {
            return false;
        }
        kamailio.ifPresent(k -> {
            k.drain();
            drain.finished().thenRun(k::warnIfStillEnabled);
        });
        Thread t = new Thread(() -> {
            // bounded: the drain ends at its timeout at the latest
            while (!drain.finished().isDone() && !closed) {
                drain.check(System.currentTimeMillis());
                try {
                    Thread.sleep(CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drain");
        t.setDaemon(true);
        watch = t;
        t.start();
        return true;
    }

    /** POST /drain: begins (or joins) the drain and answers with its state and, with a controller, Kamailio's. */
    @Override
    public Map<String, Object> drain(String trigger) {
        boolean started = begin(trigger);
        if (kamailio.isPresent()) {
            // answer with what Kamailio said: its answer (or the failure to reach it) takes milliseconds to seconds
            long deadline = System.nanoTime() + ANSWER_WAIT_NANOS;
            while (!kamailio.get().disableAttempted() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "draining");
        answer.put("started", started);
        answer.put("sessions", calls.getAsInt());
        answer.put("drain_timeout_seconds", drain.timeoutSeconds());
        answer.put("seconds_left", secondsLeft());
        kamailio.ifPresent(k -> answer.put("kamailio", k.state()));
        return answer;
    }

    /** Completes when a drain is over: the last call ended, or the drain timeout passed. */
    public CompletableFuture<Drain.Outcome> finished() {
        return drain.finished();
    }

    public Drain.Phase phase() {
        return drain.phase();
    }

    /** Seconds until the drain timeout. */
    public long secondsLeft() {
        return drain.secondsLeft(System.currentTimeMillis());
    }

    /** Stops watching (on shutdown). */
    public void close() {
        closed = true;
        Thread t = watch;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }
}
