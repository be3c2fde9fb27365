package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sidecar's DTLS identity: an ECDSA P-256 key and a self-signed certificate (RFC 8827 §6.5 makes
 * ECDSA P-256 the one every WebRTC endpoint must support), with the fingerprint the SDP advertises. Immutable
 * and shareable between sessions and threads.
 */
public final class DtlsCertificate {
    /** How long a generated certificate is valid; peers check the fingerprint, not the dates (RFC 8827 §6.5). */
    public static final Duration GENERATED_VALIDITY = Duration.ofDays(30);
    private static final String CURVE = "secp256r1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object NO_OPENSSL_KEY = new Object();

    private final byte[] der;
    private final PrivateKeyInfo privateKeyInfo;
    private final AsymmetricKeyParameter privateKeyParameter;
    private final Fingerprint sha256;
    private final Instant notAfter;
    /** The private key in OpenSSL, made on first use; NO_OPENSSL_KEY if OpenSSL cannot take it. */
    private volatile Object openSslKey;

    private DtlsCertificate(byte[] der, PrivateKeyInfo privateKeyInfo, AsymmetricKeyParameter privateKeyParameter,
            Instant notAfter) {
        this.der = der;
        this.privateKeyInfo = privateKeyInfo;
        this.privateKeyParameter = privateKeyParameter;
        this.sha256 = Fingerprint.of(Fingerprint.HashFunction.SHA_256, der);
        this.notAfter = notAfter;
    }

    /**
     * A new key and certificate, valid from a day before {@code now} (peers with a slow clock) for
     * {@link #GENERATED_VALIDITY}. Takes a few milliseconds.
     */
    public static DtlsCertificate generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=rtc-sip-sidecar");
            Instant notBefore = now.minus(Duration.ofDays(1));
            Instant notAfter = now.plus(GENERATED_VALIDITY);
            BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            return new DtlsCertificate(holder.getEncoded(), info, PrivateKeyFactory.createKey(info), notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 DTLS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a PEM private key (PKCS#8 {@code PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}, as openssl writes them)
     * and the PEM certificate that goes with it.
     *
     * @throws IOException whose message says which file is wrong and why (unreadable, not P-256, key does not
     *     match the certificate)
     */
    public static DtlsCertificate load(Path privateKeyPem, Path certificatePem) throws IOException {
        PrivateKeyInfo key = readPrivateKey(privateKeyPem);
        X509Certificate certificate = readCertificate(certificatePem);
        PublicKey publicKey = certificate.getPublicKey();
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IOException("DTLS certificate " + certificatePem + " is not ECDSA P-256");
        }
        AsymmetricKeyParameter privateParameter;
        try {
            privateParameter = PrivateKeyFactory.createKey(key);
        } catch (IOException | RuntimeException e) {
            throw new IOException("DTLS private key " + privateKeyPem + " cannot be read: " + e.getMessage(), e);
        }
        if (!(privateParameter instanceof ECPrivateKeyParameters ecKey)
                || !keyMatches(ecKey, PublicKeyFactory.createKey(publicKey.getEncoded()))) {
            throw new IOException("DTLS private key " + privateKeyPem + " does not match certificate " + certificatePem);
        }
        try {
            return new DtlsCertificate(certificate.getEncoded(), key, privateParameter,
                    certificate.getNotAfter().toInstant());
        } catch (CertificateException e) {
            throw new IOException("DTLS certificate " + certificatePem + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo readPrivateKey(Path file) throws IOException {
        Object parsed;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            parsed = pem.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException("DTLS private key " + file + " is not a readable PEM file: " + e.getMessage(), e);
        }
        if (parsed instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return info;
        }
        throw new IOException("DTLS private key " + file + " holds no unencrypted private key");
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("DTLS certificate " + file + " is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** Signs a random probe with the private key and verifies it with the certificate's public key. */
    private static boolean keyMatches(ECPrivateKeyParameters key, AsymmetricKeyParameter publicKey) {
        if (!(publicKey instanceof ECPublicKeyParameters ecPublic)
                || !ecPublic.getParameters().getCurve().equals(key.getParameters().getCurve())) {
            return false;
        }
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(key, RANDOM));
        BigInteger[] signature = signer.generateSignature(probe);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, ecPublic);
        return verifier.verifySignature(probe, signature[0], signature[1]);
    }

    /** The {@code a=fingerprint} value: {@code sha-256 AB:CD:...}. */
    public Fingerprint fingerprint() {
        return sha256;
    }

    public Fingerprint fingerprint(Fingerprint.HashFunction hashFunction) {
        return hashFunction == Fingerprint.HashFunction.SHA_256 ? sha256 : Fingerprint.of(hashFunction, der);
    }

    public Instant notAfter() {
        return notAfter;
    }

    /** The certificate in DER. */
    public byte[] encoded() {
        return der.clone();
    }

    byte[] der() {
        return der;
    }

    AsymmetricKeyParameter privateKeyParameter() {
        return privateKeyParameter;
    }

    /**
     * The private key loaded into OpenSSL for signing, or null if OpenSSL is not loaded or refuses it. Made once
     * (two threads may race to make it; one copy is dropped and freed).
     */
    LibCrypto.PrivateKey openSslKey() {
        Object k = openSslKey;
        if (k == null) {
            LibCrypto.PrivateKey made = null;
            if (LibCrypto.problem() == null) {
                try {
                    made = LibCrypto.PrivateKey.fromPkcs8(privateKeyInfo.getEncoded());
                } catch (IOException e) {
                    made = null;
                }
            }
            k = made == null ? NO_OPENSSL_KEY : made;
            openSslKey = k;
        }
        return k instanceof LibCrypto.PrivateKey key ? key : null;
    }

    /** The private key as PKCS#8, to write it out. */
    PrivateKeyInfo privateKeyInfo() {
        return privateKeyInfo;
    }
}
