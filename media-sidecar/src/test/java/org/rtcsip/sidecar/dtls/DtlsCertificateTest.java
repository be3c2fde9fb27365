package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtlsCertificateTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void generatesASelfSignedEcdsaP256CertificateWithItsSha256Fingerprint() throws Exception {
        DtlsCertificate c = DtlsCertificate.generate(NOW);
        X509Certificate x509 = parse(c.encoded());
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        assertEquals(256, ((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        x509.verify(x509.getPublicKey()); // self-signed
        assertEquals(NOW.plus(DtlsCertificate.GENERATED_VALIDITY), c.notAfter());
        assertTrue(x509.getNotBefore().toInstant().isBefore(NOW));
        assertEquals(Fingerprint.of(Fingerprint.HashFunction.SHA_256, c.encoded()), c.fingerprint());
        assertTrue(c.fingerprint().toString().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    }

    @Test
    void eachGenerationIsANewIdentity() {
        assertNotEquals(DtlsCertificate.generate(NOW).fingerprint(), DtlsCertificate.generate(NOW).fingerprint());
    }

    @Test
    void computesOtherHashFunctionsOnRequest() {
        DtlsCertificate c = DtlsCertificate.generate(NOW);
        assertEquals(Fingerprint.of(Fingerprint.HashFunction.SHA_1, c.encoded()),
                c.fingerprint(Fingerprint.HashFunction.SHA_1));
        assertSame(c.fingerprint(), c.fingerprint(Fingerprint.HashFunction.SHA_256));
    }

    @Test
    void loadsAPkcs8KeyAndItsCertificateFromPem() throws Exception {
        DtlsCertificate generated = DtlsCertificate.generate(NOW);
        Path key = write("key.pem", new PemObject("PRIVATE KEY", generated.privateKeyInfo().getEncoded()));
        Path cert = write("cert.pem", parse(generated.encoded()));
        DtlsCertificate loaded = DtlsCertificate.load(key, cert);
        assertEquals(generated.fingerprint(), loaded.fingerprint());
        assertArrayEquals(generated.encoded(), loaded.encoded());
    }

    @Test
    void loadsAnOpensslStyleEcPrivateKey() throws Exception {
        KeyPair pair = ecKeyPair();
        X509Certificate x509 = selfSigned(pair, "SHA256withECDSA");
        // What `openssl ecparam -name prime256v1 -genkey` writes: SEC1 with the curve named inside (RFC 5915 §3).
        java.security.interfaces.ECPrivateKey jca = (java.security.interfaces.ECPrivateKey) pair.getPrivate();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, jca.getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1));
        Path key = write("ec.pem", new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        Path cert = write("cert.pem", x509);
        assertEquals(Fingerprint.of(Fingerprint.HashFunction.SHA_256, x509.getEncoded()),
                DtlsCertificate.load(key, cert).fingerprint());
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        Path key = write("key.pem", new JcaPKCS8Generator(ecKeyPair().getPrivate(), null));
        Path cert = write("cert.pem", parse(DtlsCertificate.generate(NOW).encoded()));
        IOException e = assertThrows(IOException.class, () -> DtlsCertificate.load(key, cert));
        assertEquals("DTLS private key " + key + " does not match certificate " + cert, e.getMessage());
    }

    @Test
    void refusesAnRsaCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        Path key = write("key.pem", new JcaPKCS8Generator(rsa.getPrivate(), null));
        Path cert = write("cert.pem", selfSigned(rsa, "SHA256withRSA"));
        IOException e = assertThrows(IOException.class, () -> DtlsCertificate.load(key, cert));
        assertEquals("DTLS certificate " + cert + " is not ECDSA P-256", e.getMessage());
    }

    @Test
    void refusesFilesThatAreNotPem() throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello\n");
        Path cert = write("cert.pem", parse(DtlsCertificate.generate(NOW).encoded()));
        IOException noKey = assertThrows(IOException.class, () -> DtlsCertificate.load(junk, cert));
        assertEquals("DTLS private key " + junk + " holds no unencrypted private key", noKey.getMessage());
        Path key = write("key.pem", new JcaPKCS8Generator(ecKeyPair().getPrivate(), null));
        IOException noCert = assertThrows(IOException.class, () -> DtlsCertificate.load(key, junk));
        assertTrue(noCert.getMessage().startsWith("DTLS certificate " + junk + " is not a PEM X.509 certificate"),
                noCert.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> DtlsCertificate.load(dir.resolve("absent.pem"), cert));
        assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
    }

    @Test
    void rotationHandsNewSessionsTheNewCertificateAndReturnsTheOld() {
        DtlsCertificate first = DtlsCertificate.generate(NOW);
        DtlsCertificate second = DtlsCertificate.generate(NOW);
        CertificateRotation rotation = new CertificateRotation(first);
        DtlsCertificate takenBySessionOne = rotation.current();
        assertSame(first, rotation.rotate(second));
        assertSame(second, rotation.current());
        assertSame(first, takenBySessionOne); // what a session took is not touched
    }

    private Path write(String name, Object pemObject) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(pemObject);
        }
        Path p = dir.resolve(name);
        Files.writeString(p, text.toString(), StandardCharsets.US_ASCII);
        return p;
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=test");
        PrivateKey key = pair.getPrivate();
        byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(NOW), Date.from(NOW.plusSeconds(86400)),
                name, pair.getPublic()).build(new JcaContentSignerBuilder(algorithm).build(key)).getEncoded();
        return parse(der);
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
