package org.rtcsip.testbed.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.repo.Repository;

/**
 * The certificates deploy/gen-certs.sh makes, in a directory of the test's: a test CA with the edge certificate
 * (Kamailio's WSS and SIP-TLS, coturn's TURN/TLS, the softphone page over https) and a trunk certificate, and a
 * STIR/SHAKEN chain (root, intermediate, the STI-SP certificate whose key signs PASSporTs). The file names are the
 * script's; this class only runs it and names what it wrote.
 */
public final class GeneratedCertificates {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    private GeneratedCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Runs {@code deploy/gen-certs.sh dir names...} ({@code names}: more DNS names or addresses the edge certificate
     * must carry besides localhost and 127.0.0.1); fails the test with the script's output when it fails.
     */
    public static GeneratedCertificates generate(Path dir, String... names) {
        Programs.openssl();
        List<String> command = new ArrayList<>(List.of("/bin/bash", Repository.genCerts().toString(), dir.toString()));
        command.addAll(List.of(names));
        ShortCommand.Output out = ShortCommand.run(command, TIMEOUT);
        if (out.exitCode() != 0) {
            fail("deploy/gen-certs.sh " + dir + " exited " + out.exitCode() + ":\n" + out.text());
        }
        return new GeneratedCertificates(dir);
    }

    /** As {@link #generate(Path, String...)} into a new temporary directory. */
    public static GeneratedCertificates generate(String... names) {
        try {
            return generate(Files.createTempDirectory("certs-"), names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a certificate directory", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The test CA's certificate: the root every TLS peer of the tests is checked against. */
    public Path caCert() {
        return file("ca-cert.pem");
    }

    /**
     * Base64 SHA-256 of the test CA's SubjectPublicKeyInfo, as Chromium's {@code --ignore-certificate-errors-spki-list}
     * takes it: Chromium then trusts a server whose chain holds this CA, and no other unknown CA.
     */
    public String caSpki() {
        try {
            return Files.readString(file("ca-spki.txt"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir.resolve("ca-spki.txt"), e);
        }
    }

    /** The edge's certificate alone (leaf). */
    public Path edgeCert() {
        return file("edge-cert.pem");
    }

    /** The edge's certificate followed by the CA's: what a server sends so that the CA's SPKI is in the chain. */
    public Path edgeFullchain() {
        return file("edge-fullchain.pem");
    }

    public Path edgeKey() {
        return file("edge-key.pem");
    }

    /** A trunk's TLS certificate (signed by the test CA) and key. */
    public Path trunkCert() {
        return file("trunk-cert.pem");
    }

    public Path trunkKey() {
        return file("trunk-key.pem");
    }

    /** The STI-SP private key that signs PASSporTs. */
    public Path stirKey() {
        return file("stir-key.pem");
    }

    /** The STI-SP certificate and its intermediate: what an Identity header's info URL serves. */
    public Path stirChain() {
        return file("stir-chain.pem");
    }

    /** The STI-CA root a verifier trusts. */
    public Path stirRoot() {
        return file("stir-root-cert.pem");
    }

    public Path stirIntermediate() {
        return file("stir-intermediate-cert.pem");
    }

    private Path file(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("deploy/gen-certs.sh did not write " + file);
        }
        return file;
    }
}
