package org.rtcsip.sidecar.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it: {@code a=fingerprint:sha-256 AB:CD:...} (RFC 8122 §5). The value
 * is immutable; {@link #toString()} writes the attribute value with uppercase hex, as RFC 8122 §5 asks (UHEX).
 */
public final class Fingerprint {

    /** The hash functions of RFC 8122 §5 the sidecar computes, weakest first (MD2 and MD5 are refused). */
    public enum HashFunction {
        SHA_1("sha-1", "SHA-1", 20),
        SHA_224("sha-224", "SHA-224", 28),
        SHA_256("sha-256", "SHA-256", 32),
        SHA_384("sha-384", "SHA-384", 48),
        SHA_512("sha-512", "SHA-512", 64);

        private final String token;
        private final String jcaName;
        private final int length;

        HashFunction(String token, String jcaName, int length) {
            this.token = token;
            this.jcaName = jcaName;
            this.length = length;
        }

        /** The SDP token, e.g. {@code sha-256}. */
        public String token() {
            return token;
        }

        /** Digest length in bytes. */
        public int length() {
            return length;
        }

        /** The function named by an SDP token (case-insensitive, RFC 8122 §5 / RFC 5234 §2.3), or null. */
        public static HashFunction fromToken(String token) {
            for (HashFunction h : values()) {
                if (h.token.equalsIgnoreCase(token)) {
                    return h;
                }
            }
            return null;
        }

        byte[] digest(byte[] data) {
            try {
                return MessageDigest.getInstance(jcaName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jcaName + " missing from this JVM", e); // every JVM has SHA-1/2
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final HashFunction hashFunction;
    private final byte[] value;

    private Fingerprint(HashFunction hashFunction, byte[] value) {
        this.hashFunction = hashFunction;
        this.value = value;
    }

    /** The fingerprint of a DER-encoded certificate. */
    public static Fingerprint of(HashFunction hashFunction, byte[] certificateDer) {
        return new Fingerprint(hashFunction, hashFunction.digest(certificateDer));
    }

    /**
     * Parses an attribute value such as {@code sha-256 AB:CD:..}. Surrounding white space and lowercase hex are
     * accepted (browsers write uppercase; some SIP devices do not).
     *
     * @throws FingerprintParseException with the reason when the value is malformed or its hash is unsupported
     */
    public static Fingerprint parse(String attributeValue) throws FingerprintParseException {
        if (attributeValue == null) {
            throw new FingerprintParseException("empty fingerprint");
        }
        String s = attributeValue.strip();
        int space = s.indexOf(' ');
        if (s.isEmpty()) {
            throw new FingerprintParseException("empty fingerprint");
        }
        if (space < 0) {
            throw new FingerprintParseException("fingerprint has no hash function: expected 'sha-256 AB:CD:...'");
        }
        String token = s.substring(0, space);
        HashFunction h = HashFunction.fromToken(token);
        if (h == null) {
            throw new FingerprintParseException("unsupported hash function " + token.toLowerCase(Locale.ROOT));
        }
        String hex = s.substring(space + 1).strip();
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
        if (hex.length() != h.length * 3 - 1) {
            int bytes = (hex.length() + 1) / 3;
            throw new FingerprintParseException(h.token + " fingerprint has " + bytes + " bytes, expected " + h.length);
        }
        byte[] value = new byte[h.length];
        for (int i = 0; i < h.length; i++) {
            int p = i * 3;
            int hi = Character.digit(hex.charAt(p), 16);
            int lo = Character.digit(hex.charAt(p + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new FingerprintParseException("fingerprint byte " + (i + 1) + " is not two hex digits");
            }
            if (i + 1 < h.length && hex.charAt(p + 2) != ':') {
                throw new FingerprintParseException("fingerprint byte " + (i + 1) + " is not followed by ':'");
            }
            value[i] = (byte) (hi << 4 | lo);
        }
        return new Fingerprint(h, value);
    }

    public HashFunction hashFunction() {
        return hashFunction;
    }

    public byte[] value() {
        return value.clone();
    }

    /** True if this is the fingerprint of the DER-encoded certificate, compared in constant time. */
    public boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(value, hashFunction.digest(certificateDer));
    }

    /** The attribute value, e.g. {@code sha-256 AB:CD:...}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(hashFunction.token.length() + 1 + value.length * 3);
        b.append(hashFunction.token).append(' ');
        for (int i = 0; i < value.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(HEX[(value[i] >> 4) & 0xF]).append(HEX[value[i] & 0xF]);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hashFunction == hashFunction && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return hashFunction.hashCode() * 31 + Arrays.hashCode(value);
    }
}
