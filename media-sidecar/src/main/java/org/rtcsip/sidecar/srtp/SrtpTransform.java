package org.rtcsip.sidecar.srtp;

/**
 * SRTP and SRTCP (RFC 3711) under one master key, for one direction of one stream: protect what we send to a
 * party with our key, unprotect what it sends with its key. One instance serves every SSRC in its direction,
 * up to {@link #MAX_SSRCS}; each gets its own crypto context on its first packet, and on the receiving side
 * only once that packet authenticates, so strangers and forged packets leave no state behind.
 *
 * <p>Packet-path methods work in place on {@code (buf, off, len)} and return the new length, or a negative
 * {@link SrtpError} code; they never throw. Protect needs {@link #rtpOverhead()} / {@link #rtcpOverhead()}
 * bytes of room after the packet. After an error the packet's bytes are unspecified: drop it. This class
 * allocates only when it meets a new SSRC (jitsi-srtp underneath still allocates a few small arrays per
 * packet: the cipher's IV spec and the HMAC result).
 *
 * <p>Not thread-safe, by design: one media loop owns it. The sending and receiving halves are built on first
 * use; call {@link SrtpSuite#prepareCiphers()} once at startup so that first use does not run jitsi's
 * one-time cipher benchmark on a media loop.
 */
public final class SrtpTransform {
    /** Most SSRCs one direction may carry; a packet of one more SSRC is refused and counted. */
    public static final int MAX_SSRCS = 64;

    private final SrtpSuite suite;
    private final byte[] masterKey;
    private final byte[] masterSalt;
    private final byte[] mki;
    private SrtpProtector sending;
    private SrtpUnprotector receiving;

    public SrtpTransform(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        this(suite, masterKey, masterSalt, JitsiSrtp.NO_MKI);
    }

    /**
     * @param mki the MKI every packet carries (RFC 3711 §3.1), or empty; not with GCM suites
     * @throws IllegalArgumentException if the key or salt length is not the suite's, or the MKI is unsupported
     */
    public SrtpTransform(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] mki) {
        JitsiSrtp.checkLengths(suite, masterKey, masterSalt);
        this.suite = suite;
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
        this.mki = JitsiSrtp.checkedMki(suite, mki);
    }

    /** For the key in use of an SDES line: its first key, with its MKI. */
    public static SrtpTransform forSdes(SdesCryptoAttribute crypto) {
        return new SrtpTransform(crypto.suite(), crypto.masterKey(), crypto.masterSalt(), crypto.key().mki());
    }

    /**
     * RTP in {@code buf[off, off+len)} becomes SRTP in {@code buf[off, off+result)}. Sending one SSRC and
     * sequence number twice gives {@link SrtpError#REPLAY}: RFC 3711 §9.1 forbids reusing an index under a key.
     */
    public int protectRtp(byte[] buf, int off, int len) {
        SrtpProtector p = sending();
        return p == null ? SrtpError.CRYPTO_FAILURE : p.protectRtp(buf, off, len);
    }

    /** RTCP (compound) becomes SRTCP: encrypted, with the next SRTCP index and the tag appended. */
    public int protectRtcp(byte[] buf, int off, int len) {
        SrtpProtector p = sending();
        return p == null ? SrtpError.CRYPTO_FAILURE : p.protectRtcp(buf, off, len);
    }

    /** SRTP in {@code buf[off, off+len)} becomes RTP in {@code buf[off, off+result)}. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        SrtpUnprotector u = receiving();
        return u == null ? SrtpError.CRYPTO_FAILURE : u.unprotectRtp(buf, off, len);
    }

    /** SRTCP becomes RTCP: authenticated, replay-checked and decrypted. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        SrtpUnprotector u = receiving();
        return u == null ? SrtpError.CRYPTO_FAILURE : u.unprotectRtcp(buf, off, len);
    }

    public SrtpSuite suite() {
        return suite;
    }

    /** Bytes {@link #protectRtp} adds: the tag and the MKI. */
    public int rtpOverhead() {
        return suite.rtpAuthTagLength() + mki.length;
    }

    /** Bytes {@link #protectRtcp} adds: SRTCP index, MKI and tag. */
    public int rtcpOverhead() {
        return PacketLayout.SRTCP_INDEX + suite.rtcpAuthTagLength() + mki.length;
    }

    /** Packets refused with {@link SrtpError#TOO_MANY_SSRCS}. */
    public long ssrcOverflowCount() {
        return (sending == null ? 0 : sending.ssrcOverflowCount())
                + (receiving == null ? 0 : receiving.ssrcOverflowCount());
    }

    /** SSRCs that have an SRTP context (on the receiving side: that authenticated). */
    public int rtpSsrcCount() {
        return (sending == null ? 0 : sending.rtpSsrcCount()) + (receiving == null ? 0 : receiving.rtpSsrcCount());
    }

    /** SSRCs that have an SRTCP context (on the receiving side: that authenticated). */
    public int rtcpSsrcCount() {
        return (sending == null ? 0 : sending.rtcpSsrcCount())
                + (receiving == null ? 0 : receiving.rtcpSsrcCount());
    }

    private SrtpProtector sending() {
        if (sending == null) {
            try {
                sending = new SrtpProtector(suite, masterKey, masterSalt, mki);
            } catch (RuntimeException e) {
                return null; // no cipher for the suite in this JVM; SrtpSuite.prepareCiphers() reports why
            }
        }
        return sending;
    }

    private SrtpUnprotector receiving() {
        if (receiving == null) {
            try {
                receiving = new SrtpUnprotector(suite, masterKey, masterSalt, mki);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return receiving;
    }
}
