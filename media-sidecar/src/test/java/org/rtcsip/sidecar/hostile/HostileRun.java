package org.rtcsip.sidecar.hostile;

import java.time.Duration;
import java.util.Random;

/**
 * How hard and how long a hostile suite runs, from system properties: {@code -Dhostile.seed=N} repeats a run (the
 * default seed is fixed, so CI runs the same cases every time); {@code -Dhostile.long=true} repeats the rounds
 * for {@code -Dhostile.minutes} (default 30 per suite, so about an hour for ng and media together) instead of one
 * round, by hand: {@code mvn -o verify -pl media-sidecar -am -Dtest='Hostile*' -Dhostile.long=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, inside {@code unshare -n}.
 *
 * @param seed       the run's seed; case {@code n} of input {@code k} uses {@link #random(int, int)}
 * @param longRun    rounds until {@code duration} has passed, instead of one
 * @param duration   the long run's length; in CI the limit within which one round must finish
 */
record HostileRun(long seed, boolean longRun, Duration duration) {
    static final long DEFAULT_SEED = 0x5EED_12L;

    static HostileRun fromProperties(Duration ciLimit) {
        boolean longRun = Boolean.getBoolean("hostile.long");
        long seed = Long.getLong("hostile.seed", DEFAULT_SEED);
        Duration duration = longRun ? Duration.ofMinutes(Long.getLong("hostile.minutes", 30)) : ciLimit;
        return new HostileRun(seed, longRun, duration);
    }

    /** The random source of one case: the same for the same seed, input and case number, whatever ran before. */
    Random random(int input, int caseNumber) {
        return new Random(seed * 1_000_003L + (long) input * 10_000_019L + caseNumber);
    }

    /** How long the test may take in all: the run, and time for start-up and the checks between batches. */
    Duration testTimeout() {
        return duration.plusMinutes(longRun ? 10 : 0);
    }

    String describe() {
        return (longRun ? "long run of " + duration.toMinutes() + " min" : "one CI round") + ", seed " + seed;
    }
}
