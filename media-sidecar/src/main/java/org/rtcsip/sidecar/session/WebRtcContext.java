package org.rtcsip.sidecar.session;

import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.rtcsip.sidecar.dtls.CertificateRotation;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsWarmup;
import org.rtcsip.sidecar.ice.IceMode;

/**
 * What every WebRTC leg shares: the DTLS certificate (a new session takes the current one; rotation does not touch
 * running calls), the ICE mode a call gets unless its flags say otherwise, and the bounded pool Bouncy Castle's
 * handshakes borrow a thread from while they run.
 */
public final class WebRtcContext implements AutoCloseable {
    /** Handshakes in flight at once; more wait their turn (they do not fail). */
    static final int HANDSHAKE_THREADS = 64;

    final CertificateRotation certificates;
    final DtlsHandshakeThreads threads;
    final DtlsOptions options;
    final IceMode ice;

    public WebRtcContext(CertificateRotation certificates, DtlsHandshakeThreads threads, DtlsOptions options,
                         IceMode ice) {
        this.certificates = certificates;
        this.threads = threads;
        this.options = options;
        this.ice = ice;
    }

    /** A fresh ECDSA P-256 certificate generated now, default DTLS options, ICE-lite. */
    public static WebRtcContext generated() {
        return of(DtlsCertificate.generate(Instant.now()), IceMode.LITE);
    }

    /** {@code certificate} for new calls until rotated, default DTLS options, {@code ice} by default. */
    public static WebRtcContext of(DtlsCertificate certificate, IceMode ice) {
        return new WebRtcContext(new CertificateRotation(certificate), new DtlsHandshakeThreads(HANDSHAKE_THREADS),
                DtlsOptions.defaults(), ice);
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

    public IceMode ice() {
        return ice;
    }

    @Override
    public void close() {
        threads.close();
    }
}
