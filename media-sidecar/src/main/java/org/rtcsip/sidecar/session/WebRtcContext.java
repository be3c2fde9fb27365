package org.rtcsip.sidecar.session;

import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.rtcsip.sidecar.dtls.CertificateRotation;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsWarmup;

/**
 * What every WebRTC leg shares: the DTLS certificate (a new session takes the current one; rotation does not touch
 * running calls) and the bounded pool Bouncy Castle's handshakes borrow a thread from while they run.
 */
public final class WebRtcContext implements AutoCloseable {
    /** Handshakes in flight at once; more wait their turn (they do not fail). */
    static final int HANDSHAKE_THREADS = 64;

    final CertificateRotation certificates;
    final DtlsHandshakeThreads threads;
    final DtlsOptions options;

    public WebRtcContext(CertificateRotation certificates, DtlsHandshakeThreads threads, DtlsOptions options) {
        this.certificates = certificates;
        this.threads = threads;
        this.options = options;
    }

    /** A fresh ECDSA P-256 certificate generated now, default DTLS options. */
    public static WebRtcContext generated() {
        return new WebRtcContext(new CertificateRotation(DtlsCertificate.generate(Instant.now())),
                new DtlsHandshakeThreads(HANDSHAKE_THREADS), DtlsOptions.defaults());
    }

    /**
     * Runs DTLS handshakes in memory with the current certificate, both roles, until {@code maxHandshakes} or
     * {@code budgetNanos} of wall time (see {@link DtlsWarmup}); touches no call and none of the calls' threads.
     */
    public DtlsWarmup.Result warmUpDtls(int maxHandshakes, long budgetNanos, BooleanSupplier cancelled) {
        try (DtlsWarmup warmup = new DtlsWarmup(certificates.current(), options)) {
            return warmup.run(maxHandshakes, budgetNanos, System::nanoTime, cancelled);
        }
    }

    public CertificateRotation certificates() {
        return certificates;
    }

    @Override
    public void close() {
        threads.close();
    }
}
