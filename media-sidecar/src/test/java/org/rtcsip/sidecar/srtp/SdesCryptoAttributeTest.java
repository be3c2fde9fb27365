package org.rtcsip.sidecar.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdesCryptoAttributeTest {

    // RFC 4568 §4 example key: 30 bytes of key||salt.
    private static final String RFC_KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    @Test
    void parsesTheRfc4568ExampleWithLifetimeAndMki() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:32");

        assertEquals(1, a.tag());
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_80, a.suite());
        byte[] keySalt = Base64.getDecoder().decode(RFC_KEY);
        assertArrayEquals(java.util.Arrays.copyOfRange(keySalt, 0, 16), a.masterKey());
        assertArrayEquals(java.util.Arrays.copyOfRange(keySalt, 16, 30), a.masterSalt());
        SdesCryptoAttribute.InlineKey key = a.key();
        assertEquals("2^20", key.lifetime());
        assertEquals(1L << 20, key.lifetimePackets());
        byte[] mki = new byte[32];
        mki[31] = 1;
        assertArrayEquals(mki, key.mki());
        assertEquals(List.of(), a.sessionParams());
    }

    @Test
    void parsesAPlainLineAsAsteriskAndRtpengineWriteIt() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(
                "2 AES_CM_128_HMAC_SHA1_32 inline:VAzLKvoE3jG9cdH/AZsl/ZqWNXrUzyM4Gw6chrFr");
        assertEquals(2, a.tag());
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_32, a.suite());
        assertNull(a.key().lifetime());
        assertEquals(0L, a.key().lifetimePackets());
        assertEquals(0, a.key().mki().length);
        assertEquals(1, a.keys().size());
    }

    @Test
    void aDecimalLifetimeIsKeptAsWritten() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1048576");
        assertEquals("1048576", a.key().lifetime());
        assertEquals(1048576L, a.key().lifetimePackets());
        assertEquals(0, a.key().mki().length);
    }

    @Test
    void anMkiWithoutLifetimeIsRecognisedByItsColon() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|258:2");
        assertNull(a.key().lifetime());
        assertArrayEquals(new byte[] {1, 2}, a.key().mki());
    }

    @Test
    void multipleKeysAreAllKeptAndTheFirstIsTheOneInUse() throws SdesParseException {
        String second = "QUJjZGVmZ2hpSktMbW9QcXJzVHVWd1h5WjEyMzQ1";
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY
                + "|2^20|1:4;inline:" + second + "|2^20|2:4 FEC_ORDER=FEC_SRTP");

        assertEquals(2, a.keys().size());
        assertArrayEquals(Base64.getDecoder().decode(RFC_KEY), a.key().keyAndSalt());
        assertArrayEquals(Base64.getDecoder().decode(second), a.keys().get(1).keyAndSalt());
        assertArrayEquals(new byte[] {0, 0, 0, 2}, a.keys().get(1).mki());
        assertEquals(List.of("FEC_ORDER=FEC_SRTP"), a.sessionParams());
    }

    @Test
    void sessionParamsAreKeptVerbatimInOrder() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY
                + " UNENCRYPTED_SRTCP KDR=1  WSH=256");
        assertEquals(List.of("UNENCRYPTED_SRTCP", "KDR=1", "WSH=256"), a.sessionParams());
        assertTrue(a.toValue().endsWith(" UNENCRYPTED_SRTCP KDR=1 WSH=256"));
    }

    @Test
    void gcmKeysAreTwentyEightBytesWithPaddedBase64() throws SdesParseException {
        byte[] keySalt = new byte[28];
        for (int i = 0; i < keySalt.length; i++) {
            keySalt[i] = (byte) i;
        }
        String b64 = Base64.getEncoder().encodeToString(keySalt);
        assertTrue(b64.endsWith("="));
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("3 AEAD_AES_128_GCM inline:" + b64);
        assertArrayEquals(java.util.Arrays.copyOfRange(keySalt, 0, 16), a.masterKey());
        assertArrayEquals(java.util.Arrays.copyOfRange(keySalt, 16, 28), a.masterSalt());
        // Some stacks leave the padding out; both decode to the same key.
        SdesCryptoAttribute unpadded = SdesCryptoAttribute.parse("3 AEAD_AES_128_GCM inline:" + b64.replace("=", ""));
        assertEquals(a, unpadded);
        assertEquals("3 AEAD_AES_128_GCM inline:" + b64, unpadded.toValue());
    }

    @Test
    void methodAndSuiteAreMatchedWithoutRegardToCaseAndWrittenCanonically() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("7 aes_cm_128_hmac_sha1_80 INLINE:" + RFC_KEY);
        assertEquals("7 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY, a.toValue());
    }

    @Test
    void surroundingWhitespaceAndTabsAreTolerated() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(" 1\tAES_CM_128_HMAC_SHA1_80   inline:" + RFC_KEY + " \r");
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY, a.toValue());
    }

    @Test
    void theLargestTagOfNineDigitsIsAccepted() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("999999999 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY);
        assertEquals(999_999_999, a.tag());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^31",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|65536|5:1",
        "1 AES_CM_128_HMAC_SHA1_32 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:1;"
            + "inline:VAzLKvoE3jG9cdH/AZsl/ZqWNXrUzyM4Gw6chrFr|2:1 UNENCRYPTED_SRTP",
        "42 AEAD_AES_256_GCM inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=",
    })
    void writesBackWhatItParsed(String value) throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse(value);
        assertEquals(value, a.toValue());
        assertEquals(a, SdesCryptoAttribute.parse(a.toValue()));
    }

    @Test
    void generatedAttributesCarryFreshKeysOfTheSuiteLengthAndParseBackEqual() throws SdesParseException {
        SecureRandom rnd = new SecureRandom();
        for (SrtpSuite suite : SrtpSuite.values()) {
            SdesCryptoAttribute a = SdesCryptoAttribute.generate(5, suite, rnd);
            assertEquals(5, a.tag());
            assertSame(suite, a.suite());
            assertEquals(suite.masterKeyLength(), a.masterKey().length);
            assertEquals(suite.masterSaltLength(), a.masterSalt().length);
            assertEquals(a, SdesCryptoAttribute.parse(a.toValue()));
            assertNotEquals(a, SdesCryptoAttribute.generate(5, suite, rnd));
        }
    }

    @Test
    void generateUsesTheGivenRandomSourceOnly() {
        // SecureRandom seeded through a fixed-output subclass: the key is exactly the drawn bytes.
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0xA0 + i);
                }
            }
        };
        SdesCryptoAttribute a = SdesCryptoAttribute.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, fixed);
        assertEquals("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", HexFormat.of().formatHex(a.masterKey()));
        assertEquals("b0b1b2b3b4b5b6b7b8b9babbbcbd", HexFormat.of().formatHex(a.masterSalt()));
    }

    @Test
    void generateRefusesATagOutsideNineDigits() {
        SecureRandom rnd = new SecureRandom();
        assertThrows(IllegalArgumentException.class,
                () -> SdesCryptoAttribute.generate(-1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, rnd));
        assertThrows(IllegalArgumentException.class,
                () -> SdesCryptoAttribute.generate(1_000_000_000, SrtpSuite.AES_CM_128_HMAC_SHA1_80, rnd));
    }

    @Test
    void accessorsHandOutCopiesSoCallersCannotChangeTheKey() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1:1");
        a.masterKey()[0] ^= 1;
        a.masterSalt()[0] ^= 1;
        a.key().keyAndSalt()[0] ^= 1;
        a.key().mki()[0] ^= 1;
        assertEquals(SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1:1"), a);
    }

    @Test
    void anUnknownSuiteIsItsOwnExceptionSoTheCallerCanSkipTheLine() {
        SdesParseException e = assertThrows(SdesParseException.class,
                () -> SdesCryptoAttribute.parse("3 AES_192_CM_HMAC_SHA1_80 inline:CRYPTO192"));
        UnknownCryptoSuiteException u = assertInstanceOf(UnknownCryptoSuiteException.class, e);
        assertEquals("unknown crypto suite AES_192_CM_HMAC_SHA1_80", u.getMessage());
        assertEquals("AES_192_CM_HMAC_SHA1_80", u.suiteName());
    }

    @Test
    void malformedLinesAreNotReportedAsUnknownSuites() {
        SdesParseException e = assertThrows(SdesParseException.class,
                () -> SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:short"));
        assertFalse(e instanceof UnknownCryptoSuiteException);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '#', value = {
        "'' # empty crypto attribute",
        "'   ' # empty crypto attribute",
        "x $SUITE inline:$KEY # crypto tag not a number",
        "-1 $SUITE inline:$KEY # crypto tag not a number",
        "1a $SUITE inline:$KEY # crypto tag not a number",
        "a=crypto:1 $SUITE inline:$KEY # crypto tag not a number",
        "1234567890 $SUITE inline:$KEY # crypto tag longer than 9 digits",
        "1 # missing crypto suite",
        "1 $SUITE # missing key parameters",
        "1 $SUITE $KEY # key parameter has no method",
        "1 $SUITE uri:http://keys.example.com/k # only inline key method is supported",
        "1 $SUITE :$KEY # only inline key method is supported",
        "1 $SUITE inline: # empty inline key",
        "1 $SUITE inline:|2^20 # empty inline key",
        "1 $SUITE inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV*R # key not base64",
        "1 $SUITE inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV-R # key not base64",
        "1 $SUITE inline:$KEYA # key not base64", // 41 characters: a dangling 6 bits
        "1 $SUITE inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA # inline key has 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30",
        "1 $SUITE inline:$KEY= # key not base64",
        "1 $SUITE inline:AAAAAAAAAAAAAAAAAAAAAAAAAAA= # inline key has 20 bytes, AES_CM_128_HMAC_SHA1_80 needs 30",
        "1 $SUITE inline:$KEY$KEY # inline key has 60 bytes, AES_CM_128_HMAC_SHA1_80 needs 30",
        "1 AEAD_AES_128_GCM inline:$KEY # inline key has 30 bytes, AEAD_AES_128_GCM needs 28",
        "1 $SUITE inline:$KEY| # lifetime not a number",
        "1 $SUITE inline:$KEY|2^ # lifetime not a number",
        "1 $SUITE inline:$KEY|2^x # lifetime not a number",
        "1 $SUITE inline:$KEY|3^20 # lifetime not a number",
        "1 $SUITE inline:$KEY|-5 # lifetime not a number",
        "1 $SUITE inline:$KEY||1:4 # lifetime not a number",
        "1 $SUITE inline:$KEY|2^63 # lifetime too large",
        "1 $SUITE inline:$KEY|99999999999999999999 # lifetime too large",
        "1 $SUITE inline:$KEY|0 # lifetime is zero",
        "1 $SUITE inline:$KEY|2^20|2^20 # MKI not value:length",
        "1 $SUITE inline:$KEY|1:2:3 # MKI not value:length",
        "1 $SUITE inline:$KEY|x:4 # MKI value not a number",
        "1 $SUITE inline:$KEY|:4 # MKI value not a number",
        "1 $SUITE inline:$KEY|1: # MKI length not a number",
        "1 $SUITE inline:$KEY|1:1234 # MKI length must be 1 to 128",
        "1 $SUITE inline:$KEY|1:x # MKI length not a number",
        "1 $SUITE inline:$KEY|1:0 # MKI length must be 1 to 128",
        "1 $SUITE inline:$KEY|1:129 # MKI length must be 1 to 128",
        "1 $SUITE inline:$KEY|256:1 # MKI value 256 does not fit in 1 bytes",
        "1 $SUITE inline:$KEY|2^20|1:4|x # too many '|' fields in inline key",
        "1 $SUITE inline:$KEY; # empty key parameter",
        "1 $SUITE ;inline:$KEY # empty key parameter",
        "1 $SUITE inline:$KEY;uri:x # only inline key method is supported",
        "1 $SUITE inline:$KEY;inline:AAAA # inline key has 3 bytes, AES_CM_128_HMAC_SHA1_80 needs 30",
    })
    void rejectsMalformedValuesWithTheReason(String row, String reason) {
        // $KEY is a valid 30-byte key, $SUITE is AES_CM_128_HMAC_SHA1_80: they keep the rows short.
        String value = row.replace("$KEY", RFC_KEY).replace("$SUITE", "AES_CM_128_HMAC_SHA1_80");
        SdesParseException e = assertThrows(SdesParseException.class, () -> SdesCryptoAttribute.parse(value));
        assertFalse(e instanceof UnknownCryptoSuiteException, "reported as unknown suite: " + e.getMessage());
        assertEquals(reason, e.getMessage());
    }

    @Test
    void rejectsNull() {
        SdesParseException e = assertThrows(SdesParseException.class, () -> SdesCryptoAttribute.parse(null));
        assertEquals("empty crypto attribute", e.getMessage());
    }

    @Test
    void equalityIsByContent() throws SdesParseException {
        String v = "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4 UNENCRYPTED_SRTP";
        assertEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v));
        assertEquals(SdesCryptoAttribute.parse(v).hashCode(), SdesCryptoAttribute.parse(v).hashCode());
        assertNotEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v.replace("1:4", "2:4")));
        assertNotEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v.replace("2^20", "2^21")));
        assertNotEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v.replace(" UNENCRYPTED_SRTP", "")));
        assertNotEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v.replace("1 AES", "2 AES")));
        assertNotEquals(SdesCryptoAttribute.parse(v), SdesCryptoAttribute.parse(v.replace("_80", "_32")));
    }

    @Test
    void sameKeyAsComparesSuiteKeyAndMkiOnly() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4");
        assertTrue(a.sameKeyAs(SdesCryptoAttribute.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY
                + "|2^31|1:4 UNENCRYPTED_SRTCP")));
        assertFalse(a.sameKeyAs(SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY
                + "|2^20|1:4")));
        assertFalse(a.sameKeyAs(SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY
                + "|2^20|2:4")));
        assertFalse(a.sameKeyAs(SdesCryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:VAzLKvoE3jG9cdH/AZsl/ZqWNXrUzyM4Gw6chrFr|2^20|1:4")));
        assertFalse(a.sameKeyAs(null));
    }

    @Test
    void keysDoNotLeakIntoToString() throws SdesParseException {
        SdesCryptoAttribute a = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY);
        assertFalse(a.toString().contains(RFC_KEY));
        assertTrue(a.toString().contains("AES_CM_128_HMAC_SHA1_80"));
    }

    @Test
    void aFixedSeedFuzzOfMutatedAndRandomValuesOnlyEverThrowsSdesParseException() {
        Random rnd = new Random(4568);
        String[] seeds = {
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:32",
            "2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY
                    + "|1:1;inline:VAzLKvoE3jG9cdH/AZsl/ZqWNXrUzyM4Gw6chrFr|2:1 KDR=1",
            "3 AEAD_AES_128_GCM inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==",
        };
        String alphabet = "0123456789AZaz+/=|:;^ \t_-.xINLMKE\u00e9\u0000";
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            String input;
            if (i % 4 == 0) {
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(80);
                for (int j = 0; j < n; j++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                input = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder(seeds[rnd.nextInt(seeds.length)]);
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits && sb.length() > 0; e++) {
                    int pos = rnd.nextInt(sb.length());
                    switch (rnd.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(pos);
                        case 1 -> sb.insert(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                        default -> sb.setCharAt(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                }
                input = sb.toString();
            }
            try {
                SdesCryptoAttribute a = SdesCryptoAttribute.parse(input);
                parsed++;
                // Whatever parses must write back to something that parses equal.
                assertEquals(a, SdesCryptoAttribute.parse(a.toValue()), input);
            } catch (SdesParseException expected) {
                assertFalse(expected.getMessage() == null || expected.getMessage().isEmpty(), input);
            }
        }
        // The mutations must not all be rejected, or the round-trip check above proved nothing.
        assertTrue(parsed > 100, "only " + parsed + " inputs parsed");
    }
}
