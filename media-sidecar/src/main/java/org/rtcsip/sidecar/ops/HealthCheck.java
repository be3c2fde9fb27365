package org.rtcsip.sidecar.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * What /health says, worst first: {@code draining} (503), {@code unavailable} (503, not started), {@code failing}
 * (503: media sockets cannot be bound, or the ng thread or a media loop has stopped or stalled, so every new call
 * would fail), else {@code ok} (200) with the codecs' warm-up state and the media transport.
 */
public final class HealthCheck implements OpsHttpServer.HealthView {
    /** A control or media thread that has not gone round its loop for this long is reported. */
    static final long STALLED_NANOS = 5_000_000_000L;

    /** The running process's threads, as /health looks at them. */
    public interface Threads {
        /** Nanoseconds since the ng control thread last turned, -1 if it has stopped. */
        long ngNanosSinceLastTurn(long nowNanos);

        /** The first media loop that has stopped or not ticked for {@code stalledNanos}, or -1. */
        int firstStalledLoop(long nowNanos, long stalledNanos);

        /** What the media loops read and send through: {@code io_uring} or {@code jdk} (and why not io_uring). */
        String mediaTransport();
    }

    private final DrainControl drain;
    private final IntSupplier calls;
    private final BooleanSupplier ready;
    private final BooleanSupplier codecsWarm;
    private final Threads threads;
    private final Supplier<List<String>> bindProblems;

    /**
     * @param bindProblems media addresses no socket can be bound to now, described (checked afresh on each call)
     */
    public HealthCheck(DrainControl drain, IntSupplier calls, BooleanSupplier ready, BooleanSupplier codecsWarm,
                       Threads threads, Supplier<List<String>> bindProblems) {
        this.drain = drain;
        this.calls = calls;
        this.ready = ready;
        this.codecsWarm = codecsWarm;
        this.threads = threads;
        this.bindProblems = bindProblems;
    }

    @Override
    public OpsHttpServer.Health health() {
        Map<String, Object> document = new LinkedHashMap<>();
        if (drain.phase() != Drain.Phase.SERVING) {
            document.put("status", "draining");
            document.put("sessions", calls.getAsInt());
            document.put("seconds_left", drain.secondsLeft());
            return new OpsHttpServer.Health(503, document);
        }
        if (!ready.getAsBoolean()) {
            document.put("status", "unavailable");
            return new OpsHttpServer.Health(503, document);
        }
        List<String> problems = bindProblems.get();
        if (!problems.isEmpty()) {
            // every new call fails: Kamailio should stop sending them here, an operator should look
            return failing(document, problems.get(0));
        }
        long now = System.nanoTime();
        long ngSince = threads.ngNanosSinceLastTurn(now);
        int stalledLoop = threads.firstStalledLoop(now, STALLED_NANOS);
        if (ngSince < 0 || ngSince > STALLED_NANOS || stalledLoop >= 0) {
            // Kamailio would still send calls to a sidecar whose threads are gone: say so, so it gets restarted
            return failing(document, ngSince < 0 ? "the ng control thread has stopped"
                    : ngSince > STALLED_NANOS ? "the ng control thread has not turned for " + ngSince / 1_000_000 + " ms"
                    : "media loop " + stalledLoop + " has stopped or stalled");
        }
        document.put("status", "ok");
        document.put("codecs", codecsWarm.getAsBoolean() ? "warm" : "warming up");
        document.put("media_transport", threads.mediaTransport());
        return new OpsHttpServer.Health(200, document);
    }

    private static OpsHttpServer.Health failing(Map<String, Object> document, String problem) {
        document.put("status", "failing");
        document.put("problem", problem);
        return new OpsHttpServer.Health(503, document);
    }
}
