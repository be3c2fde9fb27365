package org.rtcsip.sidecar.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * A sidecar's drain, with the time as an argument: {@link #begin} when asked (SIGTERM, POST /drain),
 * then {@link #check} now and then until {@link #finished()} completes, when the last call ended (and
 * Kamailio was told, if there is a controller) or the drain timeout passed. What to do then (exit) is
 * the caller's business. Thread-safe.
 */
public final class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    /** At most one "calls left" line per this interval, however fast calls end. */
    private static final long PROGRESS_LOG_MILLIS = 10_000;

    public enum Phase { SERVING, DRAINING, DONE }

    /**
     * How a drain ended.
     *
     * @param timedOut  the drain timeout passed with calls still up ({@code callsLeft} of them)
     * @param tookMillis from {@link #begin} to the end
     * @param trigger   what asked for it: "SIGTERM", "POST /drain from 127.0.0.1"
     */
    public record Outcome(boolean timedOut, int callsLeft, long tookMillis, String trigger) {
    }

    private final long timeoutMillis;
    private final IntSupplier calls;
    private final BooleanSupplier kamailioTold;
    private final CompletableFuture<Outcome> finished = new CompletableFuture<>();

    private Phase phase = Phase.SERVING;
    private String trigger;
    private long startedMillis;
    private int lastReportedCalls;
    private long lastReportMillis;

    /**
     * @param timeout      the longest a drain serves calls in progress ({@code --drain-timeout})
     * @param calls        calls in progress
     * @param kamailioTold true once Kamailio was told to send no new calls, or told as far as possible
     *                     (it was tried); always true without a Kamailio controller
     */
    public Drain(Duration timeout, IntSupplier calls, BooleanSupplier kamailioTold) {
        this.timeoutMillis = timeout.toMillis();
        this.calls = calls;
        this.kamailioTold = kamailioTold;
    }

    /** Starts draining; false (and nothing changes) if a drain was already under way or over. */
    public synchronized boolean begin(long nowMillis, String trigger, String howNewCallsStop) {
        if (phase != Phase.SERVING) {
            return false;
        }
        phase = Phase.DRAINING;
        this.trigger = trigger;
        startedMillis = nowMillis;
        lastReportMillis = nowMillis;
        lastReportedCalls = calls.getAsInt();
        LOG.info("draining (" + trigger + "): " + plural(lastReportedCalls, "call") + " in progress, served until they "
                + "end or " + seconds(timeoutMillis) + " passed; " + howNewCallsStop);
        return true;
    }

    /** Ends the drain if it is time; call it every few hundred milliseconds while draining. */
    public synchronized void check(long nowMillis) {
        if (phase != Phase.DRAINING) {
            return;
        }
        int left = calls.getAsInt();
        long took = nowMillis - startedMillis;
        if (left == 0 && kamailioTold.getAsBoolean()) {
            // the line goes out before the future completes: its waiter exits the process
            LOG.info("drained: " + (lastReportedCalls == 0 && took < 1000 ? "no call was in progress"
                    : "the last call ended") + " after " + seconds(took) + "; exiting");
            finish(new Outcome(false, 0, took, trigger));
            return;
        }
        if (took >= timeoutMillis) {
            if (left > 0) {
                LOG.warning("drain timeout after " + seconds(took) + ": ending " + plural(left, "call")
                        + " still in progress; exiting");
            } else {
                LOG.warning("drain timeout after " + seconds(took) + " before Kamailio could be told; exiting");
            }
            finish(new Outcome(left > 0, left, took, trigger));
            return;
        }
        if (left != lastReportedCalls && nowMillis - lastReportMillis >= PROGRESS_LOG_MILLIS) {
            lastReportedCalls = left;
            lastReportMillis = nowMillis;
            LOG.info("draining: " + plural(left, "call") + " left, " + seconds(timeoutMillis - took)
                    + " to the drain timeout");
        }
    }

    private void finish(Outcome outcome) {
        phase = Phase.DONE;
        finished.complete(outcome);
    }

    public synchronized Phase phase() {
        return phase;
    }

    /** Seconds until the drain timeout (rounded up); the whole timeout before a drain, 0 after. */
    public synchronized long secondsLeft(long nowMillis) {
        return switch (phase) {
            case SERVING -> (timeoutMillis + 999) / 1000;
            case DRAINING -> Math.max(0, (timeoutMillis - (nowMillis - startedMillis) + 999) / 1000);
            case DONE -> 0;
        };
    }

    public long timeoutSeconds() {
        return timeoutMillis / 1000;
    }

    /** Completes once, when the drain is over. */
    public CompletableFuture<Outcome> finished() {
        return finished;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
