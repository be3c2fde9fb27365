package org.rtcsip.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** /health's answer, worst first. */
class HealthCheckTest {
    private final DrainControl drain = new DrainControl(Duration.ofSeconds(60), () -> 2, Optional.empty());
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicBoolean warm = new AtomicBoolean(true);
    private final AtomicLong ngSince = new AtomicLong(100_000_000L);
    private final AtomicLong stalledLoop = new AtomicLong(-1);
    private List<String> bindProblems = List.of();
    private final HealthCheck health = new HealthCheck(drain, () -> 2, ready::get, warm::get,
            new HealthCheck.Threads() {
                @Override
                public long ngNanosSinceLastTurn(long nowNanos) {
                    return ngSince.get();
                }

                @Override
                public int firstStalledLoop(long nowNanos, long stalledNanos) {
                    return (int) stalledLoop.get();
                }

                @Override
                public String mediaTransport() {
                    return "jdk";
                }
            }, () -> bindProblems);

    @Test
    void okSaysWhetherTheCodecsAreWarm() {
        assertEquals(new OpsHttpServer.Health(200, Map.of("status", "ok", "codecs", "warm", "media_transport", "jdk")), health.health());
        warm.set(false);
        assertEquals(Map.of("status", "ok", "codecs", "warming up", "media_transport", "jdk"), health.health().document());
    }

    @Test
    void failingNamesTheFirstProblem() {
        stalledLoop.set(1);
        assertEquals(new OpsHttpServer.Health(503, Map.of("status", "failing", "problem",
                "media loop 1 has stopped or stalled")), health.health());
        ngSince.set(-1);
        assertEquals("the ng control thread has stopped", health.health().document().get("problem"));
        ngSince.set(HealthCheck.STALLED_NANOS + 1_000_000);
        assertEquals("the ng control thread has not turned for 5001 ms", health.health().document().get("problem"));
        bindProblems = List.of("cannot bind media sockets on 10.0.0.5: ...");
        assertEquals("cannot bind media sockets on 10.0.0.5: ...", health.health().document().get("problem"),
                "binding first: every new call fails");
    }

    @Test
    void notStartedThenDrainingComeBeforeTheRest() {
        stalledLoop.set(0);
        ready.set(false);
        assertEquals(new OpsHttpServer.Health(503, Map.of("status", "unavailable")), health.health());
        drain.begin("test");
        try {
            assertEquals(new OpsHttpServer.Health(503, Map.of("status", "draining", "sessions", 2, "seconds_left",
                    60L)), health.health());
        } finally {
            drain.close();
        }
    }
}
