package org.rtcsip.bench.jmh;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsWarmup;

/**
 * What a DTLS-SRTP handshake costs media-sidecar. {@code handshakePair}: one complete in-memory handshake between
 * two {@code DtlsSrtpEndpoint}s (Bouncy Castle's protocol, ECDHE X25519, ECDSA P-256 both ways, fingerprints
 * checked, SRTP keys exported, close_notify), so both ends' CPU: a server's share is about half. Its parameter is
 * who does the public-key operations ({@code DtlsOptions.PublicKeyCrypto}): OpenSSL's libcrypto (the default) or
 * Bouncy Castle's pure Java.
 *
 * <p>The other benches are the four public-key operations each end of a handshake does once (sign, verify the
 * peer's signature with a key it has not used before, X25519 key generation and agreement) in Bouncy Castle's
 * pure Java and in the JDK's SunEC, which {@code JcaTlsCrypto} would use: on JDK 17 SunEC is several times slower
 * than Bouncy Castle, so the JDK's providers are no way to cheaper handshakes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DtlsHandshakeBench {
    private final SecureRandom random = new SecureRandom();
    private final byte[] digest = new byte[32];

    private ECDomainParameters p256;
    private ECPrivateKeyParameters bcPrivate;
    private byte[] bcPublicEncoded;
    private BigInteger[] bcSignature;
    private byte[] x25519Private;
    private byte[] x25519PeerPublic;

    private KeyPair jdkKeys;
    private byte[] jdkSignature;
    private KeyPair jdkX25519;
    private KeyPair jdkX25519Peer;
    private KeyPairGenerator jdkX25519Generator;

    /** Two endpoints' worth of state for {@link #handshakePair}; the parameter applies to that bench only. */
    @State(Scope.Thread)
    public static class Pair {
        @Param({"OPENSSL", "BOUNCY_CASTLE"})
        public String publicKeyCrypto;

        DtlsWarmup handshakes;

        @Setup(Level.Trial)
        public void setUp() {
            handshakes = new DtlsWarmup(DtlsCertificate.generate(Instant.now()), DtlsOptions.defaults()
                    .withPublicKeyCrypto(DtlsOptions.PublicKeyCrypto.valueOf(publicKeyCrypto)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            handshakes.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        random.nextBytes(digest);

        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        p256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(p256, random));
        AsymmetricCipherKeyPair keys = generator.generateKeyPair();
        bcPrivate = (ECPrivateKeyParameters) keys.getPrivate();
        bcPublicEncoded = ((ECPublicKeyParameters) keys.getPublic()).getQ().getEncoded(false);
        bcSignature = bcSign();
        x25519Private = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, x25519Private);
        byte[] peerPrivate = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, peerPrivate);
        x25519PeerPublic = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(peerPrivate, 0, x25519PeerPublic, 0);

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", "SunEC");
        ec.initialize(new ECGenParameterSpec("secp256r1"), random);
        jdkKeys = ec.generateKeyPair();
        jdkSignature = sunEcSign();
        jdkX25519Generator = KeyPairGenerator.getInstance("X25519", "SunEC");
        jdkX25519 = jdkX25519Generator.generateKeyPair();
        jdkX25519Peer = jdkX25519Generator.generateKeyPair();
    }

    /** Both ends of one handshake; throws if it fails or the two ends' SRTP keys differ. */
    @Benchmark
    public void handshakePair(Pair pair) {
        pair.handshakes.handshake(DtlsRole.CLIENT);
    }

    /** As BcTlsECDSASigner signs: deterministic k (RFC 6979). */
    @Benchmark
    public BigInteger[] ecdsaP256SignBouncyCastle() {
        return bcSign();
    }

    /** A key decoded for this verification, as the peer's certificate is parsed anew each handshake. */
    @Benchmark
    public boolean ecdsaP256VerifyBouncyCastle() {
        ECPublicKeyParameters key = new ECPublicKeyParameters(p256.getCurve().decodePoint(bcPublicEncoded), p256);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return check(verifier.verifySignature(digest, bcSignature[0], bcSignature[1]));
    }

    @Benchmark
    public byte[] x25519KeyPairBouncyCastle() {
        byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, privateKey);
        byte[] publicKey = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    @Benchmark
    public byte[] x25519AgreementBouncyCastle() {
        byte[] secret = new byte[X25519.POINT_SIZE];
        X25519.calculateAgreement(x25519Private, 0, x25519PeerPublic, 0, secret, 0);
        return secret;
    }

    @Benchmark
    public byte[] ecdsaP256SignSunEc() throws Exception {
        return sunEcSign();
    }

    @Benchmark
    public boolean ecdsaP256VerifySunEc() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(digest);
        return check(verifier.verify(jdkSignature));
    }

    @Benchmark
    public KeyPair x25519KeyPairSunEc() {
        return jdkX25519Generator.generateKeyPair();
    }

    @Benchmark
    public byte[] x25519AgreementSunEc() throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519", "SunEC");
        agreement.init(jdkX25519.getPrivate());
        agreement.doPhase(jdkX25519Peer.getPublic(), true);
        return agreement.generateSecret();
    }

    private BigInteger[] bcSign() {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, bcPrivate);
        return signer.generateSignature(digest);
    }

    private byte[] sunEcSign() throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA", "SunEC");
        signer.initSign(jdkKeys.getPrivate(), random);
        signer.update(digest); // SHA-256 of 32 bytes on top: noise next to the EC work
        return signer.sign();
    }

    private static boolean check(boolean verified) {
        if (!verified) {
            throw new IllegalStateException("signature did not verify");
        }
        return true;
    }
}
