package org.rtcsip.bench.run;

import org.rtcsip.bench.media.Scenario;

/**
 * Timings of a run. {@code quick} must finish both servers in under 2 minutes, {@code full} in under 10, on a
 * 2-core machine: the ramp budgets below are what keeps them there.
 */
public enum RunMode {
    QUICK(0.3, 1.0, 0.1, 2.0, 0, 8, 3),
    FULL(1.0, 4.0, 0.3, 1.5, 2, 60, 3);

    /** Pass criteria of a ramp step (issue 6): at most 0.1 % loss and a p99 added latency of at most 5 ms. */
    public static final double MAX_LOSS = 0.001;
    public static final long MAX_P99_NANOS = 5_000_000L;
    /** Port ranges (server 20000-29999, four ports a call) cap a ramp here. */
    public static final int MAX_CALLS = 2000;

    final double settleSeconds;
    final double measureSeconds;
    final double graceSeconds;
    final double rampFactor;
    final int refineSteps;
    final double rampBudgetSeconds;
    /** Windows measured in a row at each held load (latency and equal-load rows): the median is reported. */
    final int windows;

    RunMode(double settleSeconds, double measureSeconds, double graceSeconds, double rampFactor, int refineSteps,
            double rampBudgetSeconds, int windows) {
        this.settleSeconds = settleSeconds;
        this.measureSeconds = measureSeconds;
        this.graceSeconds = graceSeconds;
        this.rampFactor = rampFactor;
        this.refineSteps = refineSteps;
        this.rampBudgetSeconds = rampBudgetSeconds;
        this.windows = windows;
    }

    /** First step of a ramp: transcoding costs some 10 times what relaying does. */
    int startCalls(Scenario s) {
        return s.transcodes() ? 10 : 50;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String describe() {
        return label() + ": steps of " + settleSeconds + " s settle + " + measureSeconds + " s measured (+"
                + graceSeconds + " s for late packets), calls x" + rampFactor + " per step"
                + (refineSteps > 0 ? ", " + refineSteps + " bisection steps at the knee" : "") + ", at most "
                + (int) rampBudgetSeconds + " s per ramp; held loads: median of " + windows + " windows";
    }
}
