package org.rtcsip.sidecar.dtls;

import java.time.Duration;
import java.util.List;
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
 */
public record DtlsOptions(List<SrtpSuite> srtpSuites, long initialRetransmitNanos, long maxRetransmitNanos,
        int maxRetransmissions, long fingerprintWaitNanos, int mtu) {

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
    }

    /**
     * RFC 6347 timers (1 s doubling to 60 s), 5 retransmissions (the handshake gives up 63 s after the last
     * flight that got no answer), 10 s to learn the peer's fingerprint, 1200-byte datagrams (what Chromium
     * uses, safe over TURN and IPv6).
     */
    public static DtlsOptions defaults() {
        return new DtlsOptions(CHROMIUM_ORDER, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(), 5,
                Duration.ofSeconds(10).toNanos(), 1200);
    }

    public DtlsOptions withSrtpSuites(List<SrtpSuite> suites) {
        return new DtlsOptions(suites, initialRetransmitNanos, maxRetransmitNanos, maxRetransmissions,
                fingerprintWaitNanos, mtu);
    }

    public DtlsOptions withRetransmission(Duration initial, Duration max, int budget) {
        return new DtlsOptions(srtpSuites, initial.toNanos(), max.toNanos(), budget, fingerprintWaitNanos, mtu);
    }

    public DtlsOptions withFingerprintWait(Duration wait) {
        return new DtlsOptions(srtpSuites, initialRetransmitNanos, maxRetransmitNanos, maxRetransmissions,
                wait.toNanos(), mtu);
    }
}
