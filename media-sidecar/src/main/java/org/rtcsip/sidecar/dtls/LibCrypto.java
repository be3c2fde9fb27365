package org.rtcsip.sidecar.dtls;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The public-key operations of a DTLS handshake in OpenSSL 3's libcrypto (the system's {@code libcrypto.so.3},
 * through JNA direct mapping): ECDSA sign and verify, X25519. In Bouncy Castle's pure Java they are most of a
 * handshake's CPU; OpenSSL's assembly does them 2-3 times faster (measured through this class against Bouncy
 * Castle: P-256 sign 23 us against 78, verify 71 against 176, X25519 key pair 40 against 30, agreement 40
 * against 84), and the JDK 17's SunEC is slower than Bouncy Castle (see DtlsHandshakeBench in bench). Everything
 * else (the protocol, hashes, PRF, record protection, certificate parsing and checks) stays Bouncy Castle's; see
 * {@link HandshakeCrypto}.
 *
 * <p>Each operation builds and frees its own OpenSSL objects, so calls from any thread are independent; the only
 * object kept across calls is a {@link PrivateKey}, which OpenSSL reads only. A failure returns null or false
 * and clears the thread's OpenSSL error queue. Loaded once per process; {@link #problem()} says why it could not
 * be, and then no method here may be called.
 */
final class LibCrypto {
    /** Major version 3: the names below are OpenSSL 3.0's (1.1 spelled some of them differently). */
    private static final String LIBRARY = "libcrypto.so.3";
    // obj_mac.h / evp.h
    static final int EVP_PKEY_EC = 408;
    static final int EVP_PKEY_X25519 = 1034;
    static final int X25519_LENGTH = 32;
    static final int NID_P256 = 415;
    static final int NID_P384 = 715;
    static final int NID_P521 = 716;
    /** An ECDSA-Sig-Value of P-521 is at most 139 bytes in DER. */
    private static final int MAX_SIGNATURE_LENGTH = 160;

    /** Frees OpenSSL keys whose owner became unreachable. */
    private static final Cleaner CLEANER = Cleaner.create();

    private static final String PROBLEM;
    private static final String VERSION;

    static {
        String problem = null;
        String version = null;
        try {
            if (Native.SIZE_T_SIZE != 8) {
                throw new UnsatisfiedLinkError("size_t is " + Native.SIZE_T_SIZE * 8 + " bits here, this mapping "
                        + "assumes 64");
            }
            Native.register(LibCrypto.class, NativeLibrary.getInstance(LIBRARY));
            long v = OpenSSL_version_num();
            if (v >>> 28 != 3) {
                throw new UnsatisfiedLinkError(LIBRARY + " reports version " + Long.toHexString(v));
            }
            version = OpenSSL_version(0);
            selfTest();
        } catch (LinkageError | RuntimeException e) {
            problem = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        }
        PROBLEM = problem;
        VERSION = version;
    }

    private LibCrypto() {
    }

    /** Why OpenSSL cannot be used in this process, or null when it can. */
    static String problem() {
        return PROBLEM;
    }

    /** OpenSSL's version line, e.g. {@code OpenSSL 3.0.19 27 Jan 2026}; null when it did not load. */
    static String version() {
        return VERSION;
    }

    /**
     * An X25519 key pair of ours for one exchange (RFC 7748 §6.1): made from 32 random bytes (OpenSSL clamps
     * them), used for one agreement, then freed ({@link #close}; unreachable ones are freed anyway).
     */
    static final class X25519Key implements AutoCloseable {
        private final Pointer key;
        private final byte[] publicKey;
        private final Cleaner.Cleanable free;

        /** @return null on failure */
        static X25519Key fromPrivate(byte[] privateKey) {
            Pointer key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, null, privateKey, privateKey.length);
            if (key == null) {
                ERR_clear_error();
                return null;
            }
            byte[] pub = new byte[X25519_LENGTH];
            long[] length = {pub.length};
            if (EVP_PKEY_get_raw_public_key(key, pub, length) != 1 || length[0] != X25519_LENGTH) {
                ERR_clear_error();
                EVP_PKEY_free(key);
                return null;
            }
            return new X25519Key(key, pub);
        }

        private X25519Key(Pointer key, byte[] publicKey) {
            this.key = key;
            this.publicKey = publicKey;
            this.free = CLEANER.register(this, () -> EVP_PKEY_free(key));
        }

        byte[] publicKey() {
            return publicKey.clone();
        }

        /**
         * The shared secret with a peer's public value, or null if OpenSSL refuses the value or the result is all
         * zeroes (RFC 7748 §6.1, RFC 8422 §5.11: a small-order point; the handshake must fail).
         */
        byte[] agree(byte[] peerPublicKey) {
            Pointer peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, null, peerPublicKey, peerPublicKey.length);
            Pointer ctx = peer == null ? null : EVP_PKEY_CTX_new(key, null);
            try {
                byte[] secret = new byte[X25519_LENGTH];
                long[] length = {secret.length};
                if (ctx == null || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer(ctx, peer) != 1
                        || EVP_PKEY_derive(ctx, secret, length) != 1 || length[0] != X25519_LENGTH
                        || MessageDigest.isEqual(secret, new byte[X25519_LENGTH])) {
                    ERR_clear_error();
                    return null;
                }
                return secret;
            } finally {
                EVP_PKEY_CTX_free(ctx);
                EVP_PKEY_free(peer);
                Reference.reachabilityFence(this);
            }
        }

        @Override
        public void close() {
            free.clean();
        }
    }

    /**
     * Verifies a DER ECDSA-Sig-Value over a hash with an uncompressed public point on a named curve
     * ({@link #NID_P256} and the like). False for a bad signature, a malformed one, and a point OpenSSL does not
     * accept as on the curve.
     */
    static boolean ecdsaVerify(int curveNid, byte[] point, byte[] hash, byte[] signature) {
        // The EC_KEY calls: OpenSSL 3's EVP route decodes a SubjectPublicKeyInfo through its provider decoders,
        // which costs twice the verification itself.
        Pointer key = EC_KEY_new_by_curve_name(curveNid);
        try {
            // ECDSA_verify: 1 verified, 0 did not, -1 error (a malformed signature among them)
            boolean verified = key != null && EC_KEY_oct2key(key, point, point.length, null) == 1
                    && ECDSA_verify(0, hash, hash.length, signature, signature.length, key) == 1;
            if (!verified) {
                ERR_clear_error();
            }
            return verified;
        } finally {
            EC_KEY_free(key);
        }
    }

    /**
     * An EC private key held in OpenSSL, which only reads it, so any number of threads may sign at once. Freed
     * once unreachable.
     */
    static final class PrivateKey {
        private final Pointer key;

        /** @return null if OpenSSL cannot read the PKCS#8 key or it is not an EC key */
        static PrivateKey fromPkcs8(byte[] pkcs8) {
            Pointer key = decodePrivateKey(pkcs8);
            if (key == null) {
                return null;
            }
            if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
                EVP_PKEY_free(key);
                return null;
            }
            return new PrivateKey(key);
        }

        private PrivateKey(Pointer key) {
            this.key = key;
            CLEANER.register(this, () -> EVP_PKEY_free(key));
        }

        /** A DER ECDSA-Sig-Value over {@code hash} (OpenSSL draws the nonce from its DRBG), or null on failure. */
        byte[] sign(byte[] hash) {
            Pointer ctx = EVP_PKEY_CTX_new(key, null);
            try {
                byte[] signature = new byte[MAX_SIGNATURE_LENGTH];
                long[] length = {signature.length};
                if (ctx == null || EVP_PKEY_sign_init(ctx) != 1
                        || EVP_PKEY_sign(ctx, signature, length, hash, hash.length) != 1) {
                    ERR_clear_error();
                    return null;
                }
                return java.util.Arrays.copyOf(signature, (int) length[0]);
            } finally {
                EVP_PKEY_CTX_free(ctx);
                Reference.reachabilityFence(this); // the cleaner must not free the key during the call
            }
        }
    }

    /** d2i_AutoPrivateKey on a copy of {@code der} in native memory; null (queue cleared) on failure. */
    private static Pointer decodePrivateKey(byte[] der) {
        try (Memory in = new Memory(Math.max(1, der.length)); Memory cursor = new Memory(Native.POINTER_SIZE)) {
            in.write(0, der, 0, der.length);
            cursor.setPointer(0, in); // d2i_* advance *pp past what they read
            Pointer key = d2i_AutoPrivateKey(null, cursor, der.length);
            if (key == null) {
                ERR_clear_error();
            }
            return key;
        }
    }

    /**
     * One of each operation, checked against the JDK, so that a libcrypto that loads but misbehaves (or a mapping
     * mistake here) is not used: X25519 both ways with fixed keys, an ECDSA P-256 signature the JDK verifies and a
     * JDK signature OpenSSL verifies, and a tampered one it refuses.
     */
    private static void selfTest() {
        byte[] a = new byte[X25519_LENGTH];
        byte[] b = new byte[X25519_LENGTH];
        for (int i = 0; i < X25519_LENGTH; i++) {
            a[i] = (byte) (i + 1);
            b[i] = (byte) (0x80 - i);
        }
        byte[] ab;
        byte[] ba;
        try (X25519Key ka = X25519Key.fromPrivate(a); X25519Key kb = X25519Key.fromPrivate(b)) {
            ab = ka.agree(kb.publicKey());
            ba = kb.agree(ka.publicKey());
        }
        if (ab == null || !MessageDigest.isEqual(ab, ba)) {
            throw new IllegalStateException(LIBRARY + " failed its X25519 self-test");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(a);
            byte[] ours = PrivateKey.fromPkcs8(keys.getPrivate().getEncoded()).sign(hash);
            Signature jdk = Signature.getInstance("NONEwithECDSA");
            jdk.initVerify(keys.getPublic());
            jdk.update(hash);
            boolean jdkAccepts = ours != null && jdk.verify(ours);
            jdk.initSign(keys.getPrivate());
            jdk.update(hash);
            byte[] theirs = jdk.sign();
            java.security.spec.ECPoint w = ((ECPublicKey) keys.getPublic()).getW();
            byte[] point = new byte[65];
            point[0] = 4; // uncompressed (SEC 1 §2.3.3)
            copyUnsigned(w.getAffineX(), point, 1);
            copyUnsigned(w.getAffineY(), point, 33);
            boolean accepts = ecdsaVerify(NID_P256, point, hash, theirs);
            hash[0] ^= 1;
            boolean refusesTampered = !ecdsaVerify(NID_P256, point, hash, theirs);
            if (!jdkAccepts || !accepts || !refusesTampered) {
                throw new IllegalStateException(LIBRARY + " failed its ECDSA self-test");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA self-test: " + e.getMessage(), e);
        }
    }

    private static void copyUnsigned(java.math.BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray(); // big-endian, maybe a leading zero byte, maybe shorter than 32
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }

    // ---- OpenSSL 3.0 (crypto.h, evp.h, x509.h, err.h); size_t is long (checked above) ----

    private static native long OpenSSL_version_num();

    private static native String OpenSSL_version(int type);

    private static native void ERR_clear_error();

    private static native Pointer EVP_PKEY_new_raw_private_key(int type, Pointer engine, byte[] key, long length);

    private static native Pointer EVP_PKEY_new_raw_public_key(int type, Pointer engine, byte[] key, long length);

    private static native int EVP_PKEY_get_raw_public_key(Pointer pkey, byte[] pub, long[] length);

    private static native int EVP_PKEY_get_base_id(Pointer pkey);

    private static native void EVP_PKEY_free(Pointer pkey);

    private static native Pointer EVP_PKEY_CTX_new(Pointer pkey, Pointer engine);

    private static native void EVP_PKEY_CTX_free(Pointer ctx);

    private static native int EVP_PKEY_derive_init(Pointer ctx);

    private static native int EVP_PKEY_derive_set_peer(Pointer ctx, Pointer peer);

    private static native int EVP_PKEY_derive(Pointer ctx, byte[] key, long[] length);

    private static native int EVP_PKEY_sign_init(Pointer ctx);

    private static native int EVP_PKEY_sign(Pointer ctx, byte[] signature, long[] length, byte[] tbs, long tbsLength);

    private static native Pointer EC_KEY_new_by_curve_name(int nid);

    private static native int EC_KEY_oct2key(Pointer key, byte[] point, long length, Pointer bnCtx);

    private static native void EC_KEY_free(Pointer key);

    private static native int ECDSA_verify(int type, byte[] digest, int digestLength, byte[] signature,
            int signatureLength, Pointer key);

    private static native Pointer d2i_AutoPrivateKey(Pointer out, Pointer cursor, long length);
}
