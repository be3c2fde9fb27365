package org.rtcsip.sidecar.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP crypto suites the sidecar can run, with the lengths each one fixes. The declaration order is not
 * a preference order. Names are the SDES crypto-suite names (RFC 4568 §6.2, RFC 7714 §14.1); the DTLS-SRTP
 * protection profile ids are those of RFC 5764 §4.1.2 and RFC 7714 §14.2.
 */
public enum SrtpSuite {
    /** RFC 4568 §6.2.1. */
    AES_CM_128_HMAC_SHA1_80("AES_CM_128_HMAC_SHA1_80", 0x0001, false, 16, 14, 10, 10),
    /** RFC 4568 §6.2.2: only the SRTP tag is 32 bits, SRTCP keeps 80. */
    AES_CM_128_HMAC_SHA1_32("AES_CM_128_HMAC_SHA1_32", 0x0002, false, 16, 14, 4, 10),
    /** RFC 7714 §12: 96-bit salt, 16-byte GCM tag for SRTP and SRTCP. */
    AEAD_AES_128_GCM("AEAD_AES_128_GCM", 0x0007, true, 16, 12, 16, 16),
    AEAD_AES_256_GCM("AEAD_AES_256_GCM", 0x0008, true, 32, 12, 16, 16);

    private static final int HMAC_SHA1_KEY_LENGTH = 20; // RFC 3711 §4.2.1: n_a = 160

    private final String sdpName;
    private final int dtlsProtectionProfile;
    private final boolean aead;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;

    SrtpSuite(String sdpName, int dtlsProtectionProfile, boolean aead, int masterKeyLength, int masterSaltLength,
            int rtpAuthTagLength, int rtcpAuthTagLength) {
        this.sdpName = sdpName;
        this.dtlsProtectionProfile = dtlsProtectionProfile;
        this.aead = aead;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** The suite named in an {@code a=crypto} line, or null if the sidecar does not run it. */
    public static SrtpSuite fromSdpName(String name) {
        if (name == null) {
            return null;
        }
        for (SrtpSuite s : values()) {
            // ABNF string literals are case-insensitive (RFC 5234 §2.3).
            if (s.sdpName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    /** The suite of a negotiated DTLS-SRTP protection profile, or null if the sidecar does not run it. */
    public static SrtpSuite fromDtlsProtectionProfile(int id) {
        for (SrtpSuite s : values()) {
            if (s.dtlsProtectionProfile == id) {
                return s;
            }
        }
        return null;
    }

    /**
     * Runs one RTP and one RTCP packet through every suite, so jitsi-srtp picks its AES implementation now:
     * it benchmarks the providers (OpenSSL, SunJCE, Bouncy Castle) once per JVM and cipher mode, which takes
     * about a second. Call it at startup, so the first SRTP packet on a media loop does not stall the loop
     * and a JVM that cannot run a suite fails at once.
     *
     * @throws IllegalStateException if a suite does not work in this JVM
     */
    public static void prepareCiphers() {
        for (SrtpSuite s : values()) {
            byte[] key = new byte[s.masterKeyLength()];
            byte[] salt = new byte[s.masterSaltLength()];
            SrtpTransform sender = new SrtpTransform(s, key, salt);
            SrtpTransform receiver = new SrtpTransform(s, key, salt);
            byte[] rtp = new byte[12 + 20 + sender.rtpOverhead()];
            rtp[0] = (byte) 0x80;
            byte[] rtcp = new byte[8 + sender.rtcpOverhead()];
            rtcp[0] = (byte) 0x80;
            rtcp[1] = (byte) 200;
            s.checkWorks(receiver.unprotectRtp(rtp, 0, s.checkWorks(sender.protectRtp(rtp, 0, 32))));
            s.checkWorks(receiver.unprotectRtcp(rtcp, 0, s.checkWorks(sender.protectRtcp(rtcp, 0, 8))));
        }
    }

    private int checkWorks(int result) {
        if (result < 0) {
            throw new IllegalStateException("SRTP suite " + sdpName + " does not work in this JVM: "
                    + SrtpError.label(result));
        }
        return result;
    }

    public String sdpName() {
        return sdpName;
    }

    public int dtlsProtectionProfile() {
        return dtlsProtectionProfile;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Length of the key||salt an SDES {@code inline:} parameter carries (RFC 4568 §6.1). */
    public int inlineKeyLength() {
        return masterKeyLength + masterSaltLength;
    }

    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** GCM suites: the tag comes from the cipher, not from HMAC-SHA1. */
    public boolean isAead() {
        return aead;
    }

    SrtpPolicy rtpPolicy() {
        return policy(rtpAuthTagLength);
    }

    SrtpPolicy rtcpPolicy() {
        return policy(rtcpAuthTagLength);
    }

    private SrtpPolicy policy(int tagLength) {
        if (isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, masterKeyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, masterSaltLength);
        }
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, masterKeyLength,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, HMAC_SHA1_KEY_LENGTH, tagLength, masterSaltLength);
    }
}
