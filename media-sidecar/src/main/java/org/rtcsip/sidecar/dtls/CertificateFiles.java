package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the operator keeps the DTLS certificate ({@code dtls-cert}) and its private key ({@code dtls-key}), both
 * PEM. Read at start and again on every reload, so a renewed pair is taken without a restart.
 */
public record CertificateFiles(Path certificate, Path privateKey) {

    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Reads both files now.
     *
     * @throws IOException naming the file that is wrong and why (see {@link DtlsCertificate#load})
     */
    public DtlsCertificate load() throws IOException {
        return DtlsCertificate.load(privateKey, certificate);
    }
}
