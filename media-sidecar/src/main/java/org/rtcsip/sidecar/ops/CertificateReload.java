package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import org.rtcsip.sidecar.dtls.CertificateFiles;
import org.rtcsip.sidecar.dtls.CertificateRotation;
import org.rtcsip.sidecar.dtls.DtlsCertificate;

/**
 * Reads {@code dtls-cert}/{@code dtls-key} again (SIGHUP, {@code POST /reload}) and hands new calls the new
 * certificate; calls in progress keep the one their peer's SDP holds (their DTLS association, keys and audio go
 * on). A file that does not load is refused with the reason, and the certificate in use stays. Without the
 * options there is nothing to read: the sidecar generated its certificate, and a reload says so.
 */
public final class CertificateReload {
    private static final Logger LOG = Logger.getLogger(CertificateReload.class.getName());

    /** What one reload did: reloaded, refused (bad file, old certificate kept) or nothing to reload. */
    public record Result(boolean reloaded, String fingerprint, String previous, String problem) {
        public Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", reloaded ? "reloaded" : "refused");
            d.put("fingerprint", fingerprint);
            if (previous != null) {
                d.put("previous", previous);
            }
            if (problem != null) {
                d.put("error", problem);
            }
            return d;
        }
    }

    private final Optional<CertificateFiles> files;
    private final CertificateRotation rotation;

    public CertificateReload(Optional<CertificateFiles> files, CertificateRotation rotation) {
        this.files = files;
        this.rotation = rotation;
    }

    /** Reads the files now; {@code trigger} ("SIGHUP", "POST /reload from 127.0.0.1") goes into the log line. */
    public synchronized Result reload(String trigger) {
        DtlsCertificate inUse = rotation.current();
        if (files.isEmpty()) {
            String problem = "no dtls-cert and dtls-key configured: the certificate was generated at start and"
                    + " there is no file to read";
            LOG.warning(trigger + ": DTLS certificate not reloaded, " + problem);
            return new Result(false, inUse.fingerprint().toString(), null, problem);
        }
        DtlsCertificate next;
        try {
            next = files.get().load();
        } catch (IOException e) {
            LOG.warning(trigger + ": DTLS certificate not reloaded, " + e.getMessage() + "; new calls keep getting "
                    + inUse.fingerprint());
            return new Result(false, inUse.fingerprint().toString(), null, e.getMessage());
        }
        rotation.rotate(next);
        LOG.info(trigger + ": DTLS certificate reloaded from " + files.get().certificate() + ": new calls get "
                + next.fingerprint() + " (valid until " + next.notAfter() + "), calls in progress keep "
                + inUse.fingerprint());
        return new Result(true, next.fingerprint().toString(), inUse.fingerprint().toString(), null);
    }
}
