package org.rtcsip.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.testing.LogCapture;

/** A drain on virtual time: when it ends, and what it says about how it ended. */
class DrainTest {
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean kamailioTold = new AtomicBoolean(true);
    private final Drain drain = new Drain(Duration.ofSeconds(300), calls::get, kamailioTold::get);

    @Test
    void servesUntilAsked() {
        drain.check(1_000);
        assertEquals(Drain.Phase.SERVING, drain.phase());
        assertEquals(300, drain.secondsLeft(1_000));
        assertFalse(drain.finished().isDone());
    }

    @Test
    void endsWhenTheLastCallEnds() throws Exception {
        calls.set(2);
        assertTrue(drain.begin(10_000, "SIGTERM", "test"));
        drain.check(20_000);
        calls.set(1);
        drain.check(30_000);
        assertEquals(Drain.Phase.DRAINING, drain.phase());
        assertEquals(280, drain.secondsLeft(30_000));
        calls.set(0);
        drain.check(52_500);
        assertEquals(Drain.Phase.DONE, drain.phase());
        assertEquals(new Drain.Outcome(false, 0, 42_500, "SIGTERM"), drain.finished().get());
    }

    @Test
    void endsAtOnceWithoutCallsButNotBeforeKamailioWasTold() throws Exception {
        kamailioTold.set(false);
        drain.begin(0, "POST /drain from 127.0.0.1", "test");
        drain.check(100);
        assertFalse(drain.finished().isDone(), "Kamailio could still send this sidecar new calls");
        kamailioTold.set(true);
        drain.check(200);
        assertEquals(new Drain.Outcome(false, 0, 200, "POST /drain from 127.0.0.1"), drain.finished().get());
    }

    @Test
    void theTimeoutEndsItWithTheCallsStillUp() throws Exception {
        calls.set(3);
        drain.begin(0, "SIGTERM", "test");
        drain.check(299_999);
        assertFalse(drain.finished().isDone());
        drain.check(300_000);
        assertEquals(new Drain.Outcome(true, 3, 300_000, "SIGTERM"), drain.finished().get());
        assertEquals(0, drain.secondsLeft(300_000));
    }

    @Test
    void aSecondRequestChangesNothing() {
        calls.set(1);
        assertTrue(drain.begin(0, "SIGTERM", "test"));
        assertFalse(drain.begin(5_000, "POST /drain from 127.0.0.1", "test"));
        assertEquals(300, drain.secondsLeft(0), "the deadline of the first request stands");
        assertEquals(295, drain.secondsLeft(5_000));
    }

    @Test
    void aZeroTimeoutStopsAtOnce() throws Exception {
        Drain now = new Drain(Duration.ZERO, () -> 4, () -> true);
        now.begin(7, "SIGTERM", "test");
        now.check(7);
        assertEquals(new Drain.Outcome(true, 4, 0, "SIGTERM"), now.finished().get());
    }

    /** Main exits the process when the drain's future completes: the line saying why must be out before that. */
    @Test
    void saysHowItEndedBeforeItsWaiterCanExit() throws Exception {
        Logger logger = Logger.getLogger(Drain.class.getName());
        LogCapture log = new LogCapture();
        logger.addHandler(log);
        try {
            List<String> seenByTheWaiter = new ArrayList<>();
            drain.finished().thenRun(() -> seenByTheWaiter.addAll(log.messages()));
            drain.begin(0, "SIGTERM", "test");
            drain.check(5_000);
            assertTrue(seenByTheWaiter.stream().anyMatch(m -> m.startsWith("drained: ")), seenByTheWaiter.toString());

            Drain timedOut = new Drain(Duration.ofSeconds(1), () -> 2, () -> true);
            List<String> seenThen = new ArrayList<>();
            timedOut.finished().thenRun(() -> seenThen.addAll(log.messages()));
            timedOut.begin(0, "SIGTERM", "test");
            timedOut.check(1_000);
            assertTrue(seenThen.stream().anyMatch(m -> m.startsWith("drain timeout after ")), seenThen.toString());
        } finally {
            logger.removeHandler(log);
        }
    }
}
