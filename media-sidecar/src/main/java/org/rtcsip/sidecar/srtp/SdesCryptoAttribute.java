package org.rtcsip.sidecar.srtp;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The value of one {@code a=crypto:} line (RFC 4568 §9.1):
 * {@code <tag> <crypto-suite> inline:<base64 key||salt>[|lifetime][|MKI:length][;inline:...] [session-params]}.
 * The first key is the one in use; further keys and the session parameters are kept so the line can be
 * written back. Session parameters (UNENCRYPTED_SRTP, KDR=, WSH=, ...) are kept verbatim and not acted
 * upon: a caller that does not implement one should decline the line. Immutable; accessors return copies.
 */
public final class SdesCryptoAttribute {
    private static final int MAX_TAG_DIGITS = 9; // RFC 4568 §9.1: tag = 1*9DIGIT
    private static final int MAX_TAG = 999_999_999;
    private static final int MAX_MKI_LENGTH = 128; // RFC 4568 §9.1: mki-length range 1..128
    private static final int MAX_LIFETIME_EXPONENT = 62; // largest power of two a long holds
    private static final byte[] NO_MKI = new byte[0];

    private final int tag;
    private final SrtpSuite suite;
    private final List<InlineKey> keys;
    private final List<String> sessionParams;

    private SdesCryptoAttribute(int tag, SrtpSuite suite, List<InlineKey> keys, List<String> sessionParams) {
        this.tag = tag;
        this.suite = suite;
        this.keys = List.copyOf(keys);
        this.sessionParams = List.copyOf(sessionParams);
    }

    /**
     * Parses the text after {@code a=crypto:}.
     *
     * @throws UnknownCryptoSuiteException if the line is well begun but names a suite the sidecar does not run
     * @throws SdesParseException if the line is malformed; the message is the reason
     */
    public static SdesCryptoAttribute parse(String value) throws SdesParseException {
        if (value == null || value.isBlank()) {
            throw new SdesParseException("empty crypto attribute");
        }
        String[] fields = value.strip().split("[ \t]+");
        int tag = parseTag(fields[0]);
        if (fields.length < 2) {
            throw new SdesParseException("missing crypto suite");
        }
        SrtpSuite suite = SrtpSuite.fromSdpName(fields[1]);
        if (suite == null) {
            throw new UnknownCryptoSuiteException(fields[1]);
        }
        if (fields.length < 3) {
            throw new SdesParseException("missing key parameters");
        }
        List<InlineKey> keys = new ArrayList<>(1);
        for (String keyParam : fields[2].split(";", -1)) {
            keys.add(parseKeyParam(keyParam, suite));
        }
        return new SdesCryptoAttribute(tag, suite, keys, Arrays.asList(fields).subList(3, fields.length));
    }

    /** A fresh line with a random key||salt from {@code rnd}, no lifetime, no MKI, no session parameters. */
    public static SdesCryptoAttribute generate(int tag, SrtpSuite suite, SecureRandom rnd) {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("crypto tag must be 0 to " + MAX_TAG + ", got " + tag);
        }
        byte[] keyAndSalt = new byte[suite.inlineKeyLength()];
        rnd.nextBytes(keyAndSalt);
        return new SdesCryptoAttribute(tag, suite, List.of(new InlineKey(keyAndSalt, null, NO_MKI)), List.of());
    }

    /** The text after {@code a=crypto:}; {@code parse(toValue())} gives an equal attribute. */
    public String toValue() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(tag).append(' ').append(suite.sdpName()).append(' ');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            keys.get(i).appendTo(sb);
        }
        for (String p : sessionParams) {
            sb.append(' ').append(p);
        }
        return sb.toString();
    }

    public int tag() {
        return tag;
    }

    public SrtpSuite suite() {
        return suite;
    }

    /** The key in use: the first key parameter. */
    public InlineKey key() {
        return keys.get(0);
    }

    /** All key parameters in line order; never empty. */
    public List<InlineKey> keys() {
        return keys;
    }

    /** The master key of the key in use. */
    public byte[] masterKey() {
        return Arrays.copyOfRange(key().keyAndSalt, 0, suite.masterKeyLength());
    }

    /** The master salt of the key in use. */
    public byte[] masterSalt() {
        return Arrays.copyOfRange(key().keyAndSalt, suite.masterKeyLength(), suite.inlineKeyLength());
    }

    /** Session parameters verbatim, in line order. */
    public List<String> sessionParams() {
        return sessionParams;
    }

    /**
     * True if {@code other} keys SRTP the same way: same suite, and the same key, salt and MKI in use. Tag,
     * lifetime, further keys and session parameters may differ (a re-offer that keeps the key keeps the
     * crypto contexts, and with them the rollover counters).
     */
    public boolean sameKeyAs(SdesCryptoAttribute other) {
        return other != null && suite == other.suite && Arrays.equals(key().keyAndSalt, other.key().keyAndSalt)
                && Arrays.equals(key().mki, other.key().mki);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdesCryptoAttribute a && tag == a.tag && suite == a.suite && keys.equals(a.keys)
                && sessionParams.equals(a.sessionParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, suite, keys, sessionParams);
    }

    /** Names the suite and shape of the line; never the key. */
    @Override
    public String toString() {
        return "SdesCryptoAttribute[tag=" + tag + ", suite=" + suite.sdpName() + ", keys=" + keys
                + ", sessionParams=" + sessionParams + "]";
    }

    /** One {@code inline:} key parameter (RFC 4568 §6.1). */
    public static final class InlineKey {
        private final byte[] keyAndSalt;
        private final String lifetime;
        private final byte[] mki;

        private InlineKey(byte[] keyAndSalt, String lifetime, byte[] mki) {
            this.keyAndSalt = keyAndSalt;
            this.lifetime = lifetime;
            this.mki = mki;
        }

        /** Master key followed by master salt, as the base64 carried them. */
        public byte[] keyAndSalt() {
            return keyAndSalt.clone();
        }

        /** The lifetime as written ({@code 2^20} or {@code 1048576}), or null when absent. */
        public String lifetime() {
            return lifetime;
        }

        /** The lifetime in packets, or 0 when absent. */
        public long lifetimePackets() {
            if (lifetime == null) {
                return 0;
            }
            if (lifetime.startsWith("2^")) {
                return 1L << Integer.parseInt(lifetime.substring(2));
            }
            return Long.parseLong(lifetime);
        }

        /** The MKI as the bytes each packet carries (big-endian, MKI-length bytes), or empty when absent. */
        public byte[] mki() {
            return mki.clone();
        }

        private void appendTo(StringBuilder sb) {
            sb.append("inline:").append(Base64.getEncoder().encodeToString(keyAndSalt));
            if (lifetime != null) {
                sb.append('|').append(lifetime);
            }
            if (mki.length > 0) {
                sb.append('|').append(new BigInteger(1, mki)).append(':').append(mki.length);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InlineKey k && Arrays.equals(keyAndSalt, k.keyAndSalt)
                    && Objects.equals(lifetime, k.lifetime) && Arrays.equals(mki, k.mki);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(keyAndSalt) + Objects.hashCode(lifetime)) + Arrays.hashCode(mki);
        }

        @Override
        public String toString() {
            return "InlineKey[lifetime=" + lifetime
                    + (mki.length > 0 ? ", mki=" + new BigInteger(1, mki) + ":" + mki.length : "") + "]";
        }
    }

    private static int parseTag(String s) throws SdesParseException {
        if (!isDigits(s)) {
            throw new SdesParseException("crypto tag not a number");
        }
        if (s.length() > MAX_TAG_DIGITS) {
            throw new SdesParseException("crypto tag longer than 9 digits");
        }
        return Integer.parseInt(s);
    }

    private static InlineKey parseKeyParam(String keyParam, SrtpSuite suite) throws SdesParseException {
        if (keyParam.isEmpty()) {
            throw new SdesParseException("empty key parameter");
        }
        int colon = keyParam.indexOf(':');
        if (colon < 0) {
            throw new SdesParseException("key parameter has no method");
        }
        // RFC 4568 §6.1: "inline" is the only key method defined for SRTP.
        if (!keyParam.substring(0, colon).equalsIgnoreCase("inline")) {
            throw new SdesParseException("only inline key method is supported");
        }
        String[] parts = keyParam.substring(colon + 1).split("\\|", -1);
        if (parts.length > 3) {
            throw new SdesParseException("too many '|' fields in inline key");
        }
        byte[] keyAndSalt = decodeKey(parts[0], suite);
        String lifetime = null;
        byte[] mki = NO_MKI;
        if (parts.length == 2) {
            // Either may come alone; only the MKI has a colon.
            if (parts[1].indexOf(':') >= 0) {
                mki = parseMki(parts[1]);
            } else {
                lifetime = checkLifetime(parts[1]);
            }
        } else if (parts.length == 3) {
            lifetime = checkLifetime(parts[1]);
            mki = parseMki(parts[2]);
        }
        return new InlineKey(keyAndSalt, lifetime, mki);
    }

    private static byte[] decodeKey(String base64, SrtpSuite suite) throws SdesParseException {
        if (base64.isEmpty()) {
            throw new SdesParseException("empty inline key");
        }
        byte[] keyAndSalt;
        try {
            // Accepts the key with or without '=' padding; both occur in the field.
            keyAndSalt = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SdesParseException("key not base64");
        }
        if (keyAndSalt.length != suite.inlineKeyLength()) {
            throw new SdesParseException("inline key has " + keyAndSalt.length + " bytes, " + suite.sdpName()
                    + " needs " + suite.inlineKeyLength());
        }
        return keyAndSalt;
    }

    /** RFC 4568 §6.1: lifetime = ["2^"] 1*(DIGIT). Returns it as written. */
    private static String checkLifetime(String s) throws SdesParseException {
        boolean power = s.startsWith("2^");
        String digits = power ? s.substring(2) : s;
        if (!isDigits(digits)) {
            throw new SdesParseException("lifetime not a number");
        }
        String significant = withoutLeadingZeros(digits);
        if (power) {
            if (significant.length() > 2 || Integer.parseInt(significant) > MAX_LIFETIME_EXPONENT) {
                throw new SdesParseException("lifetime too large");
            }
        } else {
            if (significant.length() > 19) {
                throw new SdesParseException("lifetime too large");
            }
            long packets;
            try {
                packets = Long.parseLong(significant);
            } catch (NumberFormatException e) {
                throw new SdesParseException("lifetime too large");
            }
            if (packets == 0) {
                throw new SdesParseException("lifetime is zero");
            }
        }
        return s;
    }

    /** RFC 4568 §6.1: mki = mki-value ":" mki-length, both decimal; the value is sent in mki-length bytes. */
    private static byte[] parseMki(String s) throws SdesParseException {
        int colon = s.indexOf(':');
        if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
            throw new SdesParseException("MKI not value:length");
        }
        String value = s.substring(0, colon);
        String length = s.substring(colon + 1);
        if (!isDigits(value)) {
            throw new SdesParseException("MKI value not a number");
        }
        if (!isDigits(length)) {
            throw new SdesParseException("MKI length not a number");
        }
        String significantLength = withoutLeadingZeros(length);
        int n = significantLength.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(significantLength);
        if (n < 1 || n > MAX_MKI_LENGTH) {
            throw new SdesParseException("MKI length must be 1 to 128");
        }
        String significantValue = withoutLeadingZeros(value);
        // 256^128 has 309 decimal digits: anything longer cannot fit, and need not be converted to know it.
        BigInteger v = significantValue.length() > 309 ? null : new BigInteger(significantValue);
        if (v == null || v.bitLength() > 8 * n) {
            throw new SdesParseException("MKI value " + value + " does not fit in " + n + " bytes");
        }
        byte[] magnitude = v.toByteArray(); // may carry a leading 0 sign byte
        byte[] mki = new byte[n];
        int copy = Math.min(magnitude.length, n);
        System.arraycopy(magnitude, magnitude.length - copy, mki, n - copy, copy);
        return mki;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String withoutLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
