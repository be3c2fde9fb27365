package org.rtcsip.sidecar.ice;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * An ICE username fragment and password. The password is also the short-term credential key (RFC 8445 §7.2.2;
 * SASLprep leaves ice-chars unchanged). Ours come from {@link #random} (8 and 24 characters, above the 4 and 22
 * of RFC 8839 §5.4); a peer's are taken as long as they are 1..256 ice-chars ({@code ALPHA / DIGIT / "+" / "/"}),
 * so a peer that breaks only the minimum length still connects, while a ':' (which would make USERNAME
 * ambiguous) or whitespace is refused.
 */
public record IceCredentials(String ufrag, String pwd) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** 8 chars = 48 bits, above the 24 bits RFC 8445 §5.3 asks for the ufrag. */
    static final int UFRAG_LENGTH = 8;
    /** 24 chars = 144 bits, above the 128 bits RFC 8445 §5.3 asks for the password. */
    static final int PWD_LENGTH = 24;

    /** Throws IllegalArgumentException naming the rule a value breaks (control path: values from SDP). */
    public IceCredentials {
        check("ice-ufrag", ufrag);
        check("ice-pwd", pwd);
    }

    /** Fresh random credentials; {@code random} must be a SecureRandom outside tests. */
    public static IceCredentials random(Random random) {
        return new IceCredentials(randomChars(random, UFRAG_LENGTH), randomChars(random, PWD_LENGTH));
    }

    /** The MESSAGE-INTEGRITY key for this password. */
    public byte[] key() {
        return pwd.getBytes(StandardCharsets.US_ASCII);
    }

    private static String randomChars(Random random, int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }

    private static void check(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.isEmpty() || value.length() > 256) {
            throw new IllegalArgumentException(
                    name + " must be 1 to 256 characters, got " + value.length() + " (RFC 8839 §5.4)");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException(
                        name + " has character '" + value.charAt(i) + "' outside ice-char (RFC 8839 §5.4)");
            }
        }
    }

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
