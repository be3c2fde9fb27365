package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL side of the handshake's public-key operations, on RFC test vectors and against the JDK and Bouncy
 * Castle. OpenSSL 3's libcrypto must be installed: nothing here is skipped without it.
 */
class LibCryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 7748 §6.1
    private static final byte[] ALICE_PRIVATE = HEX.parseHex(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC = HEX.parseHex(
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIVATE = HEX.parseHex(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC = HEX.parseHex(
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = HEX.parseHex(
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    // RFC 6979 §A.2.5: P-256, SHA-256, message "sample"
    private static final byte[] P256_PUBLIC = HEX.parseHex("04"
            + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    private static final BigInteger SAMPLE_R =
            new BigInteger("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716", 16);
    private static final BigInteger SAMPLE_S =
            new BigInteger("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8", 16);

    private static final ECDomainParameters P256;

    static {
        X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
    }

    @Test
    void openSsl3LoadsAndNamesItsVersion() {
        assertNull(LibCrypto.problem(), "OpenSSL 3's libcrypto must be installed (apt-get install libssl3)");
        assertTrue(LibCrypto.version().startsWith("OpenSSL 3."), LibCrypto.version());
        assertEquals(DtlsOptions.PublicKeyCrypto.OPENSSL, DtlsOptions.defaults().effectivePublicKeyCrypto());
        assertEquals(DtlsOptions.PublicKeyCrypto.BOUNCY_CASTLE, DtlsOptions.defaults()
                .withPublicKeyCrypto(DtlsOptions.PublicKeyCrypto.BOUNCY_CASTLE).effectivePublicKeyCrypto());
    }

    @Test
    void x25519MatchesRfc7748Section6Point1() {
        try (LibCrypto.X25519Key alice = LibCrypto.X25519Key.fromPrivate(ALICE_PRIVATE);
                LibCrypto.X25519Key bob = LibCrypto.X25519Key.fromPrivate(BOB_PRIVATE)) {
            assertArrayEquals(ALICE_PUBLIC, alice.publicKey());
            assertArrayEquals(BOB_PUBLIC, bob.publicKey());
            assertArrayEquals(SHARED, alice.agree(BOB_PUBLIC));
            assertArrayEquals(SHARED, bob.agree(ALICE_PUBLIC));
        }
    }

    @Test
    void x25519RefusesSmallOrderAndMisSizedPeerValues() {
        try (LibCrypto.X25519Key alice = LibCrypto.X25519Key.fromPrivate(ALICE_PRIVATE)) {
            // RFC 7748 §6.1: the all-zero output of a small-order point (here 0 and 1) must be refused
            assertNull(alice.agree(new byte[32]), "point 0");
            byte[] one = new byte[32];
            one[0] = 1;
            assertNull(alice.agree(one), "point 1");
            assertNull(alice.agree(Arrays.copyOf(BOB_PUBLIC, 31)), "31 bytes");
            assertNull(alice.agree(Arrays.copyOf(BOB_PUBLIC, 33)), "33 bytes");
            assertArrayEquals(SHARED, alice.agree(BOB_PUBLIC), "the key still works after refusals");
        }
        assertNull(LibCrypto.X25519Key.fromPrivate(new byte[31]), "a 31-byte private key");
    }

    @Test
    void verifiesTheRfc6979SampleSignatureAndRefusesItOverOtherData() throws Exception {
        byte[] hash = sha256("sample");
        byte[] signature = der(SAMPLE_R, SAMPLE_S);
        assertTrue(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, signature));
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, sha256("test"), signature));
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, der(SAMPLE_R, SAMPLE_S.add(
                BigInteger.ONE))));
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P384, P256_PUBLIC, hash, signature), "not a P-384 point");
    }

    @Test
    void refusesSignaturesThatAreNotStrictDer() throws Exception {
        byte[] hash = sha256("sample");
        byte[] signature = der(SAMPLE_R, SAMPLE_S);
        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, trailing), "a byte after the DER");
        // the same SEQUENCE with a long-form length (BER, not DER)
        byte[] longForm = new byte[signature.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        System.arraycopy(signature, 1, longForm, 2, signature.length - 1);
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, longForm), "long-form length");
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, der(BigInteger.ZERO, SAMPLE_S)),
                "r = 0");
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, new byte[0]), "empty");
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash,
                Arrays.copyOf(signature, signature.length - 1)), "truncated");
    }

    @Test
    void refusesAPublicPointThatIsNotOnTheCurve() throws Exception {
        byte[] offCurve = P256_PUBLIC.clone();
        offCurve[64] ^= 1;
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, offCurve, sha256("sample"), der(SAMPLE_R, SAMPLE_S)));
        assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, Arrays.copyOf(P256_PUBLIC, 64), sha256("sample"),
                der(SAMPLE_R, SAMPLE_S)), "truncated point");
    }

    @Test
    void itsSignaturesVerifyWithTheJdkAndBouncyCastle() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        LibCrypto.PrivateKey key = LibCrypto.PrivateKey.fromPkcs8(keys.getPrivate().getEncoded());
        assertNotNull(key);
        byte[] hash = sha256("the handshake transcript");
        byte[] signature = key.sign(hash);
        assertNotNull(signature);
        assertFalse(Arrays.equals(signature, key.sign(hash)), "a fresh nonce for each signature");

        Signature jdk = Signature.getInstance("NONEwithECDSA");
        jdk.initVerify(keys.getPublic());
        jdk.update(hash);
        assertTrue(jdk.verify(signature), "the JDK accepts it");

        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(P256.getN(), signature); // strict DER
        ECDSASigner bc = new ECDSASigner();
        bc.init(false, new ECPublicKeyParameters(P256.getCurve().decodePoint(
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                        .getPublicKeyData().getBytes()), P256));
        assertTrue(bc.verifySignature(hash, rs[0], rs[1]), "Bouncy Castle accepts it");
    }

    @Test
    void readsOnlyEcPrivateKeys() throws Exception {
        assertNull(LibCrypto.PrivateKey.fromPkcs8(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), "not a key");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertNull(LibCrypto.PrivateKey.fromPkcs8(rsa.generateKeyPair().getPrivate().getEncoded()), "an RSA key");
    }

    @Test
    void randomBytesNeverVerifyNorCrash() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] hash = sha256("sample");
        for (int i = 0; i < 2000; i++) {
            byte[] signature = new byte[random.nextInt(0, 90)];
            for (int j = 0; j < signature.length; j++) {
                signature[j] = (byte) random.nextInt(256);
            }
            if (signature.length > 1 && random.nextBoolean()) {
                signature[0] = 0x30; // make some of them look like a SEQUENCE
                signature[1] = (byte) (signature.length - 2);
            }
            assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, P256_PUBLIC, hash, signature));
            byte[] point = P256_PUBLIC.clone();
            point[1 + random.nextInt(64)] ^= (byte) (1 + random.nextInt(255));
            assertFalse(LibCrypto.ecdsaVerify(LibCrypto.NID_P256, point, hash, der(SAMPLE_R, SAMPLE_S)));
        }
    }

    private static byte[] sha256(String message) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new org.bouncycastle.asn1.ASN1Integer(r), new org.bouncycastle.asn1.ASN1Integer(s)}).getEncoded();
    }
}
