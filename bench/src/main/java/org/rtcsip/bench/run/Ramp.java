package org.rtcsip.bench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.rtcsip.bench.media.CallFleet;
import org.rtcsip.bench.media.MeasurementWindow;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.bench.media.WindowResult;
import org.rtcsip.bench.stats.CpuSample;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.ngwire.NgRefusedException;

/**
 * Raises the number of concurrent calls step by step until a step fails the criteria (loss above 0.1 % or p99
 * added latency above 5 ms), then (in full mode) bisects between the last passing and the first failing step.
 * The knee is the largest passing step. Calls keep streaming from one step to the next; only the additional
 * calls are set up, and each window starts after a settle time.
 */
final class Ramp {
    private final RunMode mode;
    private final ServerProcess server;
    private final PrintStream out;

    Ramp(RunMode mode, ServerProcess server, PrintStream out) {
        this.mode = mode;
        this.server = server;
        this.out = out;
    }

    /** How a ramp ended. {@code knee} is null if even the first step failed. */
    record Outcome(List<StepResult> steps, StepResult knee, StepResult firstFailure, String stopReason) {
        /** True if the server never failed: the knee is a lower bound. */
        boolean kneeIsLowerBound() {
            return firstFailure == null;
        }
    }

    Outcome run(CallFleet fleet, int startCalls) throws IOException, InterruptedException, ScenarioUnsupportedException {
        long deadline = System.nanoTime() + (long) (mode.rampBudgetSeconds * 1e9);
        List<StepResult> steps = new ArrayList<>();
        StepResult knee = null;
        StepResult failure = null;
        String stop;
        int calls = startCalls;
        while (true) {
            if (System.nanoTime() > deadline) {
                stop = "time budget of " + (int) mode.rampBudgetSeconds + " s spent";
                break;
            }
            StepResult step;
            try {
                step = step(fleet, calls, mode.measureSeconds);
            } catch (NgRefusedException e) {
                stop = "server refused call " + (fleet.size() + 1) + ": " + e.getMessage();
                break;
            }
            steps.add(step);
            if (!step.passes()) {
                // One window on shared cores can fail on a scheduling hiccup: a level fails only if it fails twice.
                out.println("  (failed: measuring " + calls + " calls once more)");
                try {
                    step = step(fleet, calls, mode.measureSeconds);
                } catch (NgRefusedException e) {
                    stop = "server refused a call: " + e.getMessage();
                    break;
                }
                steps.add(step);
            }
            if (!step.passes()) {
                failure = step;
                stop = "criteria failed twice at " + calls + " calls";
                break;
            }
            knee = step;
            if (calls >= RunMode.MAX_CALLS) {
                stop = "reached the generator's call limit " + RunMode.MAX_CALLS;
                break;
            }
            calls = Math.min(RunMode.MAX_CALLS, Math.max(calls + 1, (int) Math.ceil(calls * mode.rampFactor)));
        }
        for (int i = 0; i < mode.refineSteps && failure != null && System.nanoTime() < deadline; i++) {
            int low = knee == null ? 0 : knee.calls();
            int mid = (low + failure.calls()) / 2;
            if (mid <= low || mid < 1) {
                break;
            }
            fleet.shrink(mid);
            StepResult step;
            try {
                step = step(fleet, mid, mode.measureSeconds);
            } catch (NgRefusedException e) {
                break;
            }
            steps.add(step);
            if (step.passes()) {
                knee = step;
            } else {
                failure = step;
            }
        }
        return new Outcome(steps, knee, failure, stop);
    }

    /** Holds {@code calls} concurrent calls for one window and measures it. */
    StepResult step(CallFleet fleet, int calls, double measureSeconds)
            throws IOException, InterruptedException, NgRefusedException, ScenarioUnsupportedException {
        if (fleet.size() > calls) {
            fleet.shrink(calls);
        } else {
            fleet.grow(calls);
        }
        MeasurementWindow w = fleet.openWindow((long) (mode.settleSeconds * 1e9), (long) (measureSeconds * 1e9));
        sleepUntil(w.startNanos());
        CpuSample before = server.sample();
        sleepUntil(w.endNanos());
        CpuSample after = server.sample();
        WindowResult media = fleet.close(w, (long) (mode.graceSeconds * 1e9));
        StepResult step = new StepResult(calls, media, before.until(after, server.ticksPerSecond()));
        out.println("  " + step.describe());
        out.flush();
        return step;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
