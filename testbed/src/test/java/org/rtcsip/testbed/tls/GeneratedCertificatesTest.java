package org.rtcsip.testbed.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/gen-certs.sh as the tests and operators run it, checked with the JDK's X.509 code, not openssl's. */
class GeneratedCertificatesTest {

    @Test
    void makesTheChainsOnceAndLeavesThemAloneWhenRunAgain(@TempDir Path dir) throws Exception {
        GeneratedCertificates certs = GeneratedCertificates.generate(dir, "sip.example.com", "192.0.2.10");
        Map<Path, byte[]> first = contents(dir);
        GeneratedCertificates.generate(dir, "sip.example.com", "192.0.2.10");
        Map<Path, byte[]> second = contents(dir);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((file, bytes) -> assertTrue(MessageDigest.isEqual(bytes, second.get(file)),
                file + " changed on the second run"));

        X509Certificate ca = certificate(certs.caCert());
        X509Certificate edge = certificate(certs.edgeCert());
        edge.verify(ca.getPublicKey());
        certificate(certs.trunkCert()).verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), edge.getIssuerX500Principal());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, edge.getBasicConstraints(), "the edge certificate is not");
        List<String> names = edge.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        assertEquals(List.of("localhost", "127.0.0.1", "sip.example.com", "192.0.2.10"), names);

        // what Chromium's --ignore-certificate-errors-spki-list takes: base64(SHA-256(SubjectPublicKeyInfo))
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded()));
        assertEquals(spki, certs.caSpki());

        X509Certificate root = certificate(certs.stirRoot());
        X509Certificate intermediate = certificate(certs.stirIntermediate());
        X509Certificate stir = certificate(certs.stirChain());
        intermediate.verify(root.getPublicKey());
        stir.verify(intermediate.getPublicKey());
        // RFC 8226 §9 TNAuthList, SPC "1234": OCTET STRING { SEQUENCE { [0] { IA5String "1234" } } }
        byte[] tnAuthList = stir.getExtensionValue("1.3.6.1.5.5.7.1.26");
        assertEquals("040a3008a006160431323334", hex(tnAuthList));
        assertEquals("EC", stir.getPublicKey().getAlgorithm(), "ES256 signs with a P-256 key");
    }

    private static Map<Path, byte[]> contents(Path dir) throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
