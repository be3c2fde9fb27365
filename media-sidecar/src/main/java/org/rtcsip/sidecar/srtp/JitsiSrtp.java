package org.rtcsip.sidecar.srtp;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpErrorStatus;

/** What both halves of a transform need from jitsi-srtp: a context factory for a suite and key, and its results as codes. */
final class JitsiSrtp {
    static final byte[] NO_MKI = new byte[0];
    private static final int MAX_MKI_LENGTH = 128; // RFC 4568 §9.1

    private JitsiSrtp() {
    }

    /** The factory copies the key and salt, so the caller may wipe its arrays. */
    static SrtpContextFactory contextFactory(boolean sender, SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        checkLengths(suite, masterKey, masterSalt);
        return new SrtpContextFactory(sender, masterKey, masterSalt, suite.rtpPolicy(), suite.rtcpPolicy(),
                SilentJitsiLogger.INSTANCE);
    }

    static void checkLengths(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != suite.masterKeyLength()) {
            throw new IllegalArgumentException(suite.sdpName() + " needs a " + suite.masterKeyLength()
                    + "-byte master key, got " + masterKey.length);
        }
        if (masterSalt.length != suite.masterSaltLength()) {
            throw new IllegalArgumentException(suite.sdpName() + " needs a " + suite.masterSaltLength()
                    + "-byte master salt, got " + masterSalt.length);
        }
    }

    static byte[] checkedMki(SrtpSuite suite, byte[] mki) {
        if (mki.length == 0) {
            return NO_MKI;
        }
        if (suite.isAead()) {
            // Not implemented for GCM: no published vector to check the MKI placement against.
            throw new IllegalArgumentException("MKI is not supported with " + suite.sdpName());
        }
        if (mki.length > MAX_MKI_LENGTH) {
            throw new IllegalArgumentException("MKI longer than 128 bytes");
        }
        return mki.clone();
    }

    static int code(SrtpErrorStatus status) {
        switch (status) {
            case AUTH_FAIL:
                return SrtpError.AUTH_FAIL;
            case REPLAY_FAIL:
                return SrtpError.REPLAY;
            case REPLAY_OLD:
                return SrtpError.REPLAY_TOO_OLD;
            case INVALID_PACKET:
                return SrtpError.MALFORMED;
            default:
                return SrtpError.CRYPTO_FAILURE;
        }
    }
}
