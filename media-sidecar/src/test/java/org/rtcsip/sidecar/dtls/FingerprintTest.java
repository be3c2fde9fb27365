package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FingerprintTest {

    // RFC 4572 §5 example (the hash token written in uppercase there).
    private static final String RFC4572_EXAMPLE = "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB";

    @Test
    void parsesTheRfc4572ExampleAndWritesItBackInLowercaseTokenUppercaseHex() throws Exception {
        Fingerprint f = Fingerprint.parse(RFC4572_EXAMPLE);
        assertSame(Fingerprint.HashFunction.SHA_1, f.hashFunction());
        assertArrayEquals(HexFormat.of().parseHex("4AADB9B13F82183B540212DF3E5D496B19E57CAB"), f.value());
        assertEquals("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", f.toString());
    }

    @Test
    void formatsAndParsesEachHashFunctionRoundTrip() throws Exception {
        byte[] der = "not really a certificate".getBytes(StandardCharsets.US_ASCII);
        for (Fingerprint.HashFunction h : Fingerprint.HashFunction.values()) {
            Fingerprint f = Fingerprint.of(h, der);
            assertEquals(h.length(), f.value().length);
            assertTrue(f.toString().startsWith(h.token() + " "));
            assertEquals(f, Fingerprint.parse(f.toString()));
            assertEquals(f.hashCode(), Fingerprint.parse(f.toString()).hashCode());
        }
    }

    @Test
    void sha256IsTheDigestOfTheDerBytes() throws Exception {
        byte[] der = {1, 2, 3, 4, 5};
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(der);
        assertArrayEquals(expected, Fingerprint.of(Fingerprint.HashFunction.SHA_256, der).value());
    }

    @Test
    void acceptsLowercaseHexAndSurroundingSpaceAsSomeSipDevicesWriteIt() throws Exception {
        Fingerprint upper = Fingerprint.parse(RFC4572_EXAMPLE);
        Fingerprint lower = Fingerprint.parse("  sha-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab \r\n");
        assertEquals(upper, lower);
    }

    @Test
    void parsesSha384AndSha512() throws Exception {
        byte[] der = {9, 8, 7};
        String sha384 = Fingerprint.of(Fingerprint.HashFunction.SHA_384, der).toString();
        String sha512 = Fingerprint.of(Fingerprint.HashFunction.SHA_512, der).toString();
        assertSame(Fingerprint.HashFunction.SHA_384, Fingerprint.parse(sha384).hashFunction());
        assertSame(Fingerprint.HashFunction.SHA_512, Fingerprint.parse(sha512).hashFunction());
        assertEquals(48 * 3 - 1, sha384.length() - "sha-384 ".length());
    }

    @Test
    void matchesOnlyTheCertificateItWasComputedFrom() {
        byte[] der = {1, 2, 3};
        Fingerprint f = Fingerprint.of(Fingerprint.HashFunction.SHA_256, der);
        assertTrue(f.matches(der));
        assertFalse(f.matches(new byte[] {1, 2, 4}));
        assertNotEquals(f, Fingerprint.of(Fingerprint.HashFunction.SHA_384, der));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|empty fingerprint",
        "'   '|empty fingerprint",
        "4A:AD:B9|fingerprint has no hash function: expected 'sha-256 AB:CD:...'",
        "md5 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B|unsupported hash function md5",
        "sha-3 AA:BB|unsupported hash function sha-3",
        "sha-1 4A:AD:B9|sha-1 fingerprint has 3 bytes, expected 20",
        "sha-1 4AAD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:|fingerprint byte 1 is not followed by ':'",
        "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:A|sha-1 fingerprint has 19 bytes, expected 20",
        "sha-1 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB|fingerprint byte 1 is not two hex digits",
        "sha-1 4A-AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB|fingerprint byte 1 is not followed by ':'",
        "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:CD|sha-1 fingerprint has 21 bytes, expected 20",
    })
    void refusesMalformedValuesNamingTheReason(String input, String reason) {
        FingerprintParseException e = assertThrows(FingerprintParseException.class, () -> Fingerprint.parse(input));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(FingerprintParseException.class, () -> Fingerprint.parse(null));
    }

    @Test
    void fuzzedInputOnlyEverGivesAParseException() {
        Random random = new Random(0xF1D);
        String alphabet = "sha-1256384 :ABCDEFabcdef0123456789G\t";
        String valid = Fingerprint.of(Fingerprint.HashFunction.SHA_256, new byte[] {1}).toString();
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            String input;
            if (i % 2 == 0) {
                StringBuilder b = new StringBuilder();
                int n = random.nextInt(110);
                for (int j = 0; j < n; j++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                input = b.toString();
            } else {
                char[] c = valid.toCharArray();
                c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                input = new String(c);
            }
            try {
                Fingerprint f = Fingerprint.parse(input);
                assertEquals(f, Fingerprint.parse(f.toString()));
                parsed++;
            } catch (FingerprintParseException e) {
                assertFalse(e.getMessage().isEmpty());
            }
        }
        assertTrue(parsed > 0, "some mutations keep a valid fingerprint");
    }
}
