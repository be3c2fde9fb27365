package org.rtcsip.sidecar.session;

import org.rtcsip.sidecar.srtp.SrtpError;

/** Maps an SRTP transform's negative result to the drop reason /metrics shows. */
public final class SrtpDrops {
    private SrtpDrops() {
    }

    public static DropReason reason(int srtpResult) {
        return switch (srtpResult) {
            case SrtpError.AUTH_FAIL -> DropReason.SRTP_AUTH;
            case SrtpError.REPLAY, SrtpError.REPLAY_TOO_OLD -> DropReason.SRTP_REPLAY;
            case SrtpError.MALFORMED -> DropReason.MALFORMED_RTP;
            case SrtpError.SEQUENCE_JUMP -> DropReason.SEQUENCE_JUMP;
            default -> DropReason.SRTP_OTHER;
        };
    }
}
