package org.rtcsip.sidecar.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.rtcsip.sidecar.srtp.SrtpSuite;

/**
 * Settings of a {@link DtlsSrtpEndpoint}.
 *
 * @param srtpSuites DTLS-SRTP protection profiles offered (client) or accepted (server), most preferred first
 * @param initialRetransmitNanos first retransmission timer (RFC 6347 §4.2.4.1: 1 s)
 * @param maxRetransmitNanos cap of the doubling timer (RFC 6347 §4.2.4.1: 60 s)
 * @param maxRetransmissions flights resent before the handshake fails with {@link DtlsFailure.Reason#TIMEOUT}
 * @param fingerprintWaitNanos how long a handshake may wait, holding its peer's certificate, for the peer's
 *     {@code a=fingerprint} to arrive by signalling before it fails with {@link DtlsFailure.Reason#NO_FINGERPRINT}
 * @param mtu largest datagram sent; handshake messages are fragmented to fit (RFC 6347 §4.1.1)
 * @param publicKeyCrypto who does the handshake's X25519 and ECDSA operations
 */
public record DtlsOptions(List<SrtpSuite> srtpSuites, long initialRetransmitNanos, long maxRetransmitNanos,
        int maxRetransmissions, long fingerprintWaitNanos, int mtu, PublicKeyCrypto publicKeyCrypto) {

    /** The implementation of a handshake's public-key operations; the rest is Bouncy Castle's either way. */
    public enum PublicKeyCrypto {
        /** Bouncy Castle's pure Java. */
        BOUNCY_CASTLE,
        /**
         * The system's OpenSSL 3 libcrypto, 2-4 times less CPU; Bouncy Castle when it cannot be loaded (see
         * {@link DtlsOptions#openSslProblem()}).
         */
        OPENSSL
    }

    /**
     * Chromium's order (WebRTC {@code GetSupportedDtlsSrtpCryptoSuites}): AES_CM_128_HMAC_SHA1_80 first, since
     * GCM adds bytes to each packet, then both GCM suites; HMAC_SHA1_32 last, where Chromium disables it.
     */
    public static final List<SrtpSuite> CHROMIUM_ORDER = List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            SrtpSuite.AEAD_AES_256_GCM, SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_32);

    public DtlsOptions {
        srtpSuites = List.copyOf(srtpSuites);
        if (srtpSuites.isEmpty()) {
            throw new IllegalArgumentException("DTLS-SRTP needs at least one SRTP suite");
        }
        if (initialRetransmitNanos <= 0 || maxRetransmitNanos < initialRetransmitNanos) {
            throw new IllegalArgumentException("retransmission timer: need 0 < initial <= max");
        }
        if (maxRetransmissions < 0 || fingerprintWaitNanos < 0) {
            throw new IllegalArgumentException("negative retransmission budget or fingerprint wait");
        }
        if (mtu < 256 || mtu > 65507) {
            throw new IllegalArgumentException("DTLS MTU " + mtu + " outside 256..65507");
        }
        Objects.requireNonNull(publicKeyCrypto, "publicKeyCrypto");
    }

    /**
     * RFC 6347 timers (1 s doubling to 60 s), 5 retransmissions (the handshake gives up 63 s after the last
     * flight that got no answer), 10 s to learn the peer's fingerprint, 1200-byte datagrams (what Chromium
     * uses, safe over TURN and IPv6), public-key operations in OpenSSL when it loads.
     */
    public static DtlsOptions defaults() {
        return new DtlsOptions(CHROMIUM_ORDER, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(), 5,
                Duration.ofSeconds(10).toNanos(), 1200, PublicKeyCrypto.OPENSSL);
    }

    /**
     * Why OpenSSL's libcrypto cannot do the public-key operations in this process (so
     * {@link PublicKeyCrypto#OPENSSL} means Bouncy Castle), or null when it can.
     */
    public static String openSslProblem() {
        return LibCrypto.problem();
    }

    /** OpenSSL's version line when it loaded, else null. */
    public static String openSslVersion() {
        return LibCrypto.version();
    }

    /** The implementation handshakes with these options use. */
    public PublicKeyCrypto effectivePublicKeyCrypto() {
        return publicKeyCrypto == PublicKeyCrypto.OPENSSL && LibCrypto.problem() == null ? PublicKeyCrypto.OPENSSL
                : PublicKeyCrypto.BOUNCY_CASTLE;
    }

    public DtlsOptions withSrtpSuites(List<SrtpSuite> suites) {
        return new DtlsOptions(suites, initialRetransmitNanos, maxRetransmitNanos, maxRetransmissions,
                fingerprintWaitNanos, mtu, publicKeyCrypto);
    }

    public DtlsOptions withRetransmission(Duration initial, Duration max, int budget) {
        return new DtlsOptions(srtpSuites, initial.toNanos(), max.toNanos(), budget, fingerprintWaitNanos, mtu,
                publicKeyCrypto);
    }

    public DtlsOptions withFingerprintWait(Duration wait) {
        return new DtlsOptions(srtpSuites, initialRetransmitNanos, maxRetransmitNanos, maxRetransmissions,
                wait.toNanos(), mtu, publicKeyCrypto);
    }

    public DtlsOptions withPublicKeyCrypto(PublicKeyCrypto crypto) {
        return new DtlsOptions(srtpSuites, initialRetransmitNanos, maxRetransmitNanos, maxRetransmissions,
                fingerprintWaitNanos, mtu, crypto);
    }
}
