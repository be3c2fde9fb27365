package org.rtcsip.sidecar.srtp;

/**
 * jitsi-srtp picks its AES implementation (OpenSSL, SunJCE, Bouncy Castle) by timing each one the first time a
 * cipher mode is used: about a second on a busy host. Done lazily, that second falls on the media loop that carries
 * the first SRTP call and holds up every packet of that loop. Run once at start-up instead, before the sidecar
 * says it is ready.
 */
public final class SrtpPreparation {
    private SrtpPreparation() {
    }

    /** Protects and unprotects one RTP packet with a throw-away key in each cipher mode the suites use (CTR, GCM). */
    public static void prepare() {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AEAD_AES_128_GCM}) {
            byte[] key = new byte[suite.masterKeyLength()];
            byte[] salt = new byte[suite.masterSaltLength()];
            SrtpTransform sender = new SrtpTransform(suite, key, salt);
            SrtpTransform receiver = new SrtpTransform(suite, key, salt);
            byte[] packet = new byte[12 + 160 + 64];
            packet[0] = (byte) 0x80;
            packet[3] = 1; // sequence number 1
            int len = sender.protectRtp(packet, 0, 12 + 160);
            if (len < 0 || receiver.unprotectRtp(packet, 0, len) != 12 + 160) {
                throw new IllegalStateException("SRTP self-check with " + suite.sdpName() + " failed");
            }
        }
    }
}
