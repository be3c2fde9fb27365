package org.rtcsip.testbed.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.process.ShortCommand;

/**
 * A self-signed ECDSA P-256 certificate and its key made by the openssl command line, as an operator makes one for
 * the sidecar's {@code dtls-cert}/{@code dtls-key}. Fails the test when openssl is missing or refuses.
 */
public final class OpensslCertificate {
    private OpensslCertificate() {
    }

    /** Writes {@code certificate} and {@code privateKey} (PEM, unencrypted PKCS#8), overwriting them. */
    public static void write(Path certificate, Path privateKey, String commonName) {
        ShortCommand.Output out = ShortCommand.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", privateKey.toString(),
                "-out", certificate.toString(), "-days", "30", "-subj", "/CN=" + commonName), Duration.ofSeconds(20));
        if (out.exitCode() != 0) {
            fail("openssl could not make a test certificate (exit " + out.exitCode() + "): " + out.text());
        }
    }

    /** The SHA-256 fingerprint as SDP writes it ({@code sha-256 AB:CD:...}), read back by openssl. */
    public static String fingerprint(Path certificate) {
        ShortCommand.Output out = ShortCommand.run(List.of("openssl", "x509", "-in", certificate.toString(),
                "-noout", "-fingerprint", "-sha256"), Duration.ofSeconds(10));
        String text = out.text().strip();
        int eq = text.indexOf('=');
        if (out.exitCode() != 0 || eq < 0) {
            fail("openssl could not read " + certificate + ": " + text);
        }
        return "sha-256 " + text.substring(eq + 1).strip();
    }
}
