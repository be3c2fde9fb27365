package org.rtcsip.bench.run;

/**
 * Which loads both servers hold for the equal-load rows: shares of the smaller of their two knees, so that both
 * hold the same calls and neither is past its knee.
 */
public final class HeldLoads {
    public static final int[] EQUAL_LOAD_PERCENTS = {25, 50, 75};

    private HeldLoads() {
    }

    /** The smaller of the two measured knees of {@code scenario}, or 0 when either server has none. */
    public static int smallerKnee(ResultSheet a, ResultSheet b, String scenario) {
        double ka = a.number(scenario + ".knee.calls");
        double kb = b.number(scenario + ".knee.calls");
        if (Double.isNaN(ka) || Double.isNaN(kb) || ka <= 0 || kb <= 0) {
            return 0;
        }
        return (int) Math.min(ka, kb);
    }

    /** {@code percent} % of {@code knee}, at least one call. */
    public static int share(int knee, int percent) {
        return Math.max(1, knee * percent / 100);
    }
}
