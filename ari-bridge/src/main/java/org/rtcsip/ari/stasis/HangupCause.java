package org.rtcsip.ari.stasis;

/**
 * Q.850 causes ari-bridge hangs up with (ARI {@code DELETE /channels/{id}?reason_code=N}; chan_pjsip turns them
 * into SIP statuses: 17 -> 486, 19 -> 480, 34 -> 503, 41 -> 503, 47 -> 503).
 */
public final class HangupCause {
    public static final int NORMAL_CLEARING = 16;
    public static final int USER_BUSY = 17;
    public static final int NO_ANSWER = 19;
    /** The target could not be reached: originate refused, CONGESTION, CHANUNAVAIL without a cause. */
    public static final int CONGESTION = 34;
    /** The media path broke mid-call (media-sidecar closed an ExternalMedia leg, or restarted). */
    public static final int TEMPORARY_FAILURE = 41;
    /** The media path could not be built: ng {@code external media} failed, or setup timed out. */
    public static final int RESOURCE_UNAVAILABLE = 47;

    private HangupCause() {
    }

    /**
     * The cause toward the caller for a final {@code Dial} status of the target, or 0 for a status that is not
     * final (empty, RINGING, PROGRESS, ANSWER). {@code knownCause}: the target's own cause if one was seen.
     */
    public static int forDialStatus(String dialStatus, int knownCause) {
        return switch (dialStatus == null ? "" : dialStatus) {
            case "BUSY" -> USER_BUSY;
            case "NOANSWER" -> NO_ANSWER;
            case "CONGESTION" -> CONGESTION;
            case "CHANUNAVAIL", "INVALIDARGS", "DONTCALL", "TORTURE" -> knownCause > 0 ? knownCause : CONGESTION;
            case "CANCEL" -> NORMAL_CLEARING;
            default -> 0;
        };
    }
}
