package org.rtcsip.sidecar.ice;

/** Candidate and pair priorities (RFC 8445 §5.1.2 and §6.1.2.3). */
public final class CandidatePriority {
    /** RFC 8445 §5.1.2.2 recommended type preferences. */
    public static final int HOST = 126;
    public static final int PEER_REFLEXIVE = 110;
    public static final int SERVER_REFLEXIVE = 100;
    public static final int RELAYED = 0;
    /** RFC 8445 §5.1.2.1: the highest local preference, for the only (or first) address. */
    public static final int MAX_LOCAL_PREFERENCE = 65535;

    private CandidatePriority() {
    }

    /** RFC 8445 §5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component ID). */
    public static long of(int typePreference, int localPreference, int componentId) {
        if (typePreference < 0 || typePreference > 126 || localPreference < 0 || localPreference > 65535
                || componentId < 1 || componentId > 256) {
            throw new IllegalArgumentException("priority inputs out of range: type " + typePreference + ", local "
                    + localPreference + ", component " + componentId);
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }

    /**
     * RFC 8445 §6.1.2.3: 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), G the controlling agent's
     * candidate priority and D the controlled agent's.
     */
    public static long pair(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }
}
