package org.rtcsip.sidecar.srtp;

/**
 * The negative results of {@link SrtpProtector} and {@link SrtpUnprotector}: every packet-path method returns
 * the new packet length (zero or more) or one of these codes, never throws. {@link #label} gives the reason
 * label for drop counters.
 */
public final class SrtpError {
    /** Not RTP/RTCP version 2, header longer than the packet, too short for the tag, or bad bounds. */
    public static final int MALFORMED = -1;
    /** The authentication tag does not match: tampered, wrong key, or not from the peer at all. */
    public static final int AUTH_FAIL = -2;
    /** Already received (or, on protect, already sent) with this index: RFC 3711 §3.3.2. */
    public static final int REPLAY = -3;
    /** Older than the 64-packet replay window, so it cannot be told from a replay. */
    public static final int REPLAY_TOO_OLD = -4;
    /** A new SSRC after {@link SrtpProtector#MAX_SSRCS} were already seen in this direction. */
    public static final int TOO_MANY_SSRCS = -5;
    /** Protect: the buffer has no room after the packet for the tag (and SRTCP index, and MKI). */
    public static final int NO_ROOM = -6;
    /** The packet carries an MKI other than the one of our key. */
    public static final int UNKNOWN_MKI = -7;
    /** The cipher refused to work (provider failure); not caused by the packet's content. */
    public static final int CRYPTO_FAILURE = -8;
    /** jitsi-srtp threw on a packet that passed our checks: a bug to report, counted rather than thrown. */
    public static final int INTERNAL_ERROR = -9;
    /**
     * Unprotect: far ahead of the newest packet of its SSRC; held back until the next packet confirms the jump, so
     * that a single stray packet cannot push the replay window past the packets that follow it.
     */
    public static final int SEQUENCE_JUMP = -10;

    private static final String[] LABELS = {
        "ok", "srtp_malformed", "srtp_auth", "srtp_replay", "srtp_replay_old", "srtp_too_many_ssrcs",
        "srtp_no_room", "srtp_unknown_mki", "srtp_crypto_failure", "srtp_internal_error", "sequence_jump",
    };

    private SrtpError() {
    }

    /** True if {@code result} is one of the codes above rather than a length. */
    public static boolean isError(int result) {
        return result < 0;
    }

    /** The metrics label of a code, e.g. {@code srtp_auth}; {@code ok} for a length. */
    public static String label(int result) {
        if (result >= 0) {
            return LABELS[0];
        }
        return -result < LABELS.length ? LABELS[-result] : "srtp_unknown_error";
    }
}
