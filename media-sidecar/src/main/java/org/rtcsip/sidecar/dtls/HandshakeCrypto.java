package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.DigitallySigned;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.TlsSigner;
import org.bouncycastle.tls.crypto.TlsStreamSigner;
import org.bouncycastle.tls.crypto.TlsStreamVerifier;
import org.bouncycastle.tls.crypto.TlsVerifier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsECDSAVerifier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret;
import org.bouncycastle.util.Arrays;

/**
 * Bouncy Castle's TLS crypto with the handshake's public-key operations done by OpenSSL ({@link LibCrypto}):
 * X25519 key exchange, verification of the peer's ECDSA signature, and our ECDSA signature (see
 * {@link #signer}). Everything else, including every check Bouncy Castle makes on the peer's certificate and key
 * before it verifies (key usage, a valid point on the certificate's curve), is Bouncy Castle's own.
 */
final class HandshakeCrypto extends BcTlsCrypto {

    HandshakeCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
        if (type == CertificateType.X509) {
            return new PeerCertificate(this, encoding);
        }
        return super.createCertificate(type, encoding);
    }

    @Override
    public TlsECDomain createECDomain(TlsECConfig ecConfig) {
        if (ecConfig.getNamedGroup() == NamedGroup.x25519) {
            return () -> new X25519Agreement(getSecureRandom());
        }
        return super.createECDomain(ecConfig);
    }

    /** Signs with {@code key} in OpenSSL; {@code fallback} (Bouncy Castle) for anything but ECDSA over a hash. */
    static TlsSigner signer(LibCrypto.PrivateKey key, TlsSigner fallback) {
        return new TlsSigner() {
            @Override
            public byte[] generateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash) throws IOException {
                if (algorithm == null || algorithm.getSignature() != SignatureAlgorithm.ecdsa) {
                    return fallback.generateRawSignature(algorithm, hash);
                }
                byte[] signature = key.sign(hash);
                if (signature == null) {
                    throw new TlsFatalAlert(AlertDescription.internal_error, "OpenSSL could not sign");
                }
                return signature;
            }

            @Override
            public TlsStreamSigner getStreamSigner(SignatureAndHashAlgorithm algorithm) {
                return null; // raw signatures over the hash Bouncy Castle computes
            }
        };
    }

    /** An X.509 certificate (the peer's; ours too, which is never verified) whose ECDSA signatures OpenSSL verifies. */
    private static final class PeerCertificate extends BcTlsCertificate {
        PeerCertificate(BcTlsCrypto crypto, byte[] encoding) throws IOException {
            super(crypto, encoding);
        }

        @Override
        public TlsVerifier createVerifier(short signatureAlgorithm) throws IOException {
            if (signatureAlgorithm != SignatureAlgorithm.ecdsa) {
                return super.createVerifier(signatureAlgorithm);
            }
            // Bouncy Castle's checks, as its createVerifier makes them: key usage, an EC key, a point on its curve
            validateKeyUsage(KeyUsage.digitalSignature);
            ECPublicKeyParameters key = getPubKeyEC();
            BcTlsECDSAVerifier bouncyCastle = new BcTlsECDSAVerifier(crypto, key);
            int curve = key.getParameters() instanceof ECNamedDomainParameters named ? openSslCurve(named.getName())
                    : 0;
            if (curve == 0) {
                return bouncyCastle; // an explicit or unusual curve: left to Bouncy Castle
            }
            byte[] point = key.getQ().getEncoded(false);
            return new TlsVerifier() {
                @Override
                public TlsStreamVerifier getStreamVerifier(DigitallySigned signed) {
                    return null; // raw verification of the hash Bouncy Castle computes
                }

                @Override
                public boolean verifyRawSignature(DigitallySigned signed, byte[] hash) throws IOException {
                    SignatureAndHashAlgorithm algorithm = signed.getAlgorithm();
                    if (algorithm == null) {
                        return bouncyCastle.verifyRawSignature(signed, hash); // TLS 1.0/1.1 MD5/SHA-1 layout
                    }
                    if (algorithm.getSignature() != SignatureAlgorithm.ecdsa) {
                        throw new IllegalStateException("Invalid algorithm: " + algorithm); // as Bouncy Castle
                    }
                    return LibCrypto.ecdsaVerify(curve, point, hash, signed.getSignature());
                }
            };
        }

        private static int openSslCurve(ASN1ObjectIdentifier curve) {
            if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                return LibCrypto.NID_P256;
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return LibCrypto.NID_P384;
            }
            if (SECObjectIdentifiers.secp521r1.equals(curve)) {
                return LibCrypto.NID_P521;
            }
            return 0;
        }
    }

    /** RFC 8422 §5.11 / RFC 7748 §6.1 X25519 ECDHE in OpenSSL, one use. */
    private final class X25519Agreement implements TlsAgreement {
        private final SecureRandom random;
        private LibCrypto.X25519Key key;
        private byte[] peerPublicKey;

        X25519Agreement(SecureRandom random) {
            this.random = random;
        }

        @Override
        public byte[] generateEphemeral() throws IOException {
            byte[] privateKey = new byte[LibCrypto.X25519_LENGTH];
            random.nextBytes(privateKey);
            key = LibCrypto.X25519Key.fromPrivate(privateKey);
            Arrays.fill(privateKey, (byte) 0);
            if (key == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "OpenSSL could not make an X25519 key");
            }
            return key.publicKey();
        }

        @Override
        public void receivePeerValue(byte[] peerValue) throws IOException {
            if (peerValue == null || peerValue.length != LibCrypto.X25519_LENGTH) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
            peerPublicKey = peerValue.clone();
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            if (key == null || peerPublicKey == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "X25519 agreement out of order");
            }
            try {
                byte[] secret = key.agree(peerPublicKey);
                if (secret == null) {
                    throw new TlsFatalAlert(AlertDescription.handshake_failure);
                }
                return new BcTlsSecret(HandshakeCrypto.this, secret); // as BcX25519: the secret is handed over
            } finally {
                key.close();
                key = null; // one agreement per key: a second call finds no key rather than freed memory
            }
        }
    }
}
