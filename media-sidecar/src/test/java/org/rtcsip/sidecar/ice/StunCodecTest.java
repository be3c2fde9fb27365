package org.rtcsip.sidecar.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 5769 test vectors and malformed input through {@link StunCodec} (ice4j's message codec underneath). */
class StunCodecTest {
    static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII);

    /** RFC 5769 §2.1: sample request (username "evtj:h6vY", padding bytes are spaces). */
    static final byte[] SAMPLE_REQUEST = RawStun.hex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");

    /** RFC 5769 §2.2: sample IPv4 response, mapped 192.0.2.1:32853. */
    static final byte[] SAMPLE_IPV4_RESPONSE = RawStun.hex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    /** RFC 5769 §2.3: sample IPv6 response, mapped [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] SAMPLE_IPV6_RESPONSE = RawStun.hex(
            "010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
            + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004c8fb0b4c");

    /** The SOFTWARE padding byte of both sample responses (a space in RFC 5769, zero when we encode). */
    private static final int SOFTWARE_PADDING = 20 + 4 + 11;

    private final StunCodec codec = new StunCodec("test vector");

    @Test
    void sampleRequestPassesFingerprintAndIntegrityWithItsPassword() {
        assertNull(codec.read(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length));
        assertEquals(StunCodec.BINDING_REQUEST, codec.messageType());
        assertTrue(codec.integrityMatches(PASSWORD));
        assertEquals("evtj:h6vY", codec.username());
        assertEquals(0x6e0001ffL, codec.priority());
        assertTrue(codec.hasControlled());
        assertFalse(codec.hasControlling());
        assertEquals(0x932ff9b151263b36L, codec.tieBreaker());
        assertFalse(codec.hasUseCandidate());
        assertEquals(0, codec.unknownRequired().length);
    }

    @Test
    void sampleRequestFailsIntegrityWithAnotherPassword() {
        assertNull(codec.read(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length));
        assertFalse(codec.integrityMatches("VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sampleIpv4ResponseDecodesItsMappedAddress() throws Exception {
        assertNull(codec.read(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length));
        assertEquals(StunCodec.BINDING_SUCCESS, codec.messageType());
        assertTrue(codec.integrityMatches(PASSWORD));
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), codec.xorMappedAddress());
    }

    @Test
    void sampleIpv6ResponseDecodesItsMappedAddress() throws Exception {
        assertNull(codec.read(SAMPLE_IPV6_RESPONSE, 0, SAMPLE_IPV6_RESPONSE.length));
        assertTrue(codec.integrityMatches(PASSWORD));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                codec.xorMappedAddress());
    }

    @Test
    void theTestOracleReproducesTheSampleResponsesExactly() {
        // Guards the oracle used below: zero MI and FP, reseal, get RFC 5769's bytes back.
        for (byte[] vector : new byte[][] {SAMPLE_IPV4_RESPONSE, SAMPLE_IPV6_RESPONSE, SAMPLE_REQUEST}) {
            byte[] blanked = vector.clone();
            java.util.Arrays.fill(blanked, vector.length - 28, vector.length - 8, (byte) 0);
            java.util.Arrays.fill(blanked, vector.length - 4, vector.length, (byte) 0);
            assertArrayEquals(vector, RawStun.reseal(blanked, PASSWORD));
        }
    }

    @Test
    void encodesTheSampleIpv4ResponseByteForByteBarItsPaddingByte() throws Exception {
        assertEncodesLike(SAMPLE_IPV4_RESPONSE, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void encodesTheSampleIpv6ResponseByteForByteBarItsPaddingByte() throws Exception {
        assertEncodesLike(SAMPLE_IPV6_RESPONSE,
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    /**
     * RFC 5769 pads SOFTWARE with a space, ice4j (rightly) with zero; with that one byte zeroed in the vector
     * and MI/FP recomputed by the independent oracle, our encoding must be identical: same layout, same
     * XOR-MAPPED-ADDRESS, same MESSAGE-INTEGRITY and FINGERPRINT computation.
     */
    private void assertEncodesLike(byte[] vector, InetSocketAddress mapped) {
        assertNull(codec.read(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length)); // same transaction ID as the responses
        byte[] out = new byte[200];
        int length = codec.write(codec.successResponse(mapped), codec.transactionId(), PASSWORD, out, 0);
        byte[] expected = vector.clone();
        expected[SOFTWARE_PADDING] = 0;
        expected = RawStun.reseal(expected, PASSWORD);
        assertArrayEquals(expected, java.util.Arrays.copyOf(out, length));
    }

    @Test
    void readsAMessageThatDoesNotStartAtIndexZero() {
        byte[] shifted = new byte[7 + SAMPLE_REQUEST.length + 5];
        System.arraycopy(SAMPLE_REQUEST, 0, shifted, 7, SAMPLE_REQUEST.length);
        assertNull(codec.read(shifted, 7, SAMPLE_REQUEST.length));
        assertTrue(codec.integrityMatches(PASSWORD));
        assertEquals("evtj:h6vY", codec.username());
    }

    @Test
    void everyFlippedBitBeforeTheFingerprintIsCaughtByIt() {
        for (int i = 0; i < SAMPLE_REQUEST.length - 4; i++) {
            byte[] damaged = SAMPLE_REQUEST.clone();
            damaged[i] ^= 0x01;
            StunOutcome outcome = codec.read(damaged, 0, damaged.length);
            assertTrue(outcome != null, "byte " + i);
        }
    }

    @Test
    void aTamperedMessageWithARecomputedFingerprintFailsIntegrity() {
        byte[] damaged = SAMPLE_REQUEST.clone();
        damaged[40 + 4 + 3] ^= 0x01; // the PRIORITY value
        damaged = RawStun.appendFingerprint(java.util.Arrays.copyOf(damaged, damaged.length - 8));
        assertNull(codec.read(damaged, 0, damaged.length));
        assertFalse(codec.integrityMatches(PASSWORD));
    }

    @Test
    void malformedInputsGetTheirNamedOutcome() {
        byte[] noFingerprint = java.util.Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 8);
        noFingerprint[3] -= 8;
        assertOutcome(StunOutcome.DROPPED_NO_FINGERPRINT, noFingerprint);

        byte[] trailing = RawStun.concat(SAMPLE_REQUEST, RawStun.hex("80220000"));
        trailing[3] += 4;
        assertOutcome(StunOutcome.DROPPED_NO_FINGERPRINT, trailing);

        byte[] badCrc = SAMPLE_REQUEST.clone();
        badCrc[badCrc.length - 1] ^= 0x55;
        assertOutcome(StunOutcome.DROPPED_BAD_FINGERPRINT, badCrc);

        assertOutcome(StunOutcome.DROPPED_NOT_STUN, new byte[0]);
        assertOutcome(StunOutcome.DROPPED_NOT_STUN, java.util.Arrays.copyOf(SAMPLE_REQUEST, 19));
        byte[] rtp = SAMPLE_REQUEST.clone();
        rtp[0] = (byte) 0x80;
        assertOutcome(StunOutcome.DROPPED_NOT_STUN, rtp);
        byte[] classicStun = SAMPLE_REQUEST.clone();
        classicStun[4] = 0;
        assertOutcome(StunOutcome.DROPPED_NOT_STUN, classicStun);

        byte[] lengthTooLong = SAMPLE_REQUEST.clone();
        lengthTooLong[3] += 4;
        assertOutcome(StunOutcome.DROPPED_MALFORMED, lengthTooLong);
        byte[] truncated = java.util.Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 4);
        assertOutcome(StunOutcome.DROPPED_MALFORMED, truncated);

        byte[] overrun = SAMPLE_REQUEST.clone();
        overrun[20 + 3] = (byte) 0xF0; // SOFTWARE claims 240 bytes
        assertOutcome(StunOutcome.DROPPED_MALFORMED, overrun);

        byte[] shortIntegrity = RawStun.appendFingerprint(RawStun.hex(
                "0001001c2112a442b7e7a701bc34d686fa87dfae" + "00080013" + "00".repeat(20)));
        shortIntegrity[3] = 0x18;
        shortIntegrity = RawStun.appendFingerprint(java.util.Arrays.copyOf(shortIntegrity, 20 + 24));
        assertOutcome(StunOutcome.DROPPED_MALFORMED, shortIntegrity);

        byte[] longFingerprint = RawStun.hex("0001000c2112a442b7e7a701bc34d686fa87dfae" + "80280008" + "00".repeat(8));
        assertOutcome(StunOutcome.DROPPED_MALFORMED, longFingerprint);

        // Framing is fine, ice4j refuses the body: ERROR-CODE too short for class and number.
        byte[] shortErrorCode = new RawStun(0x0111, new byte[12]).attribute(0x0009, RawStun.hex("0004"))
                .build(null);
        assertOutcome(StunOutcome.DROPPED_MALFORMED, shortErrorCode);

        // ice4j would read 8 bytes of a 4-byte ICE-CONTROLLING and lose its place in everything after it.
        byte[] shortControlling = RawStun.bindingRequest(new byte[12]).attribute(0x802A, new byte[4]).username("a:b")
                .build(PASSWORD);
        assertOutcome(StunOutcome.DROPPED_MALFORMED, shortControlling);
        byte[] shortPriority = RawStun.bindingRequest(new byte[12]).attribute(0x0024, new byte[2]).build(PASSWORD);
        assertOutcome(StunOutcome.DROPPED_MALFORMED, shortPriority);

        byte[] huge = new RawStun(0x0001, new byte[12]).attribute(0x8022, new byte[StunCodec.MAX_MESSAGE_LENGTH])
                .build(null);
        assertOutcome(StunOutcome.DROPPED_MALFORMED, huge);

        assertEquals(StunOutcome.DROPPED_MALFORMED, codec.read(SAMPLE_REQUEST, 10, SAMPLE_REQUEST.length));
        assertEquals(StunOutcome.DROPPED_MALFORMED, codec.read(null, 0, 0));
        assertEquals(StunOutcome.DROPPED_MALFORMED, codec.read(SAMPLE_REQUEST, -1, 20));
    }

    private void assertOutcome(StunOutcome expected, byte[] message) {
        assertEquals(expected, codec.read(message, 0, message.length));
        assertEquals(expected == null, StunCodec.isStun(message, 0, message.length) && expected == null);
    }

    @Test
    void isStunFollowsRfc7983() {
        assertTrue(StunCodec.isStun(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length));
        assertFalse(StunCodec.isStun(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length - 4));
        byte[] dtls = SAMPLE_REQUEST.clone();
        dtls[0] = 22; // DTLS handshake: its first two bits are zero too
        assertFalse(StunCodec.isStun(dtls, 0, dtls.length));
        assertFalse(StunCodec.isStun(null, 0, 0));
        assertFalse(StunCodec.isStun(SAMPLE_REQUEST, 8, SAMPLE_REQUEST.length));
    }

    @Test
    void recordsUnknownComprehensionRequiredAttributesButNotOptionalOnes() {
        byte[] message = RawStun.bindingRequest(new byte[12]).username("a:b").attribute(0x7777, new byte[4])
                .attribute(0xC057, new byte[4]).build(PASSWORD);
        assertNull(codec.read(message, 0, message.length));
        assertArrayEquals(new char[] {0x7777}, codec.unknownRequired());
        assertTrue(codec.integrityMatches(PASSWORD));
    }

    @Test
    void ignoresAttributesBetweenIntegrityAndFingerprint() {
        byte[] signed = RawStun.bindingRequest(new byte[12]).username("a:b").build(PASSWORD, false);
        // An unknown required attribute after MESSAGE-INTEGRITY does not count (RFC 5389 §15.4).
        byte[] extended = RawStun.concat(signed, RawStun.hex("77770000"));
        extended[3] += 4;
        extended = RawStun.appendFingerprint(extended);
        assertNull(codec.read(extended, 0, extended.length));
        assertEquals(0, codec.unknownRequired().length);
        assertTrue(codec.integrityMatches(PASSWORD));
    }

    @Test
    void usesIce4jsCodecWithoutItsThreads() throws Exception {
        // Encode and decode through every ice4j path we use; ice4j's StunStack would start "ice4j.*" executors.
        assertEncodesLike(SAMPLE_IPV4_RESPONSE, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        byte[] out = new byte[200];
        codec.write(StunCodec.errorResponse(401, "Unauthorized"), codec.transactionId(), null, out, 0);
        codec.write(StunCodec.bindingRequest("a:b", 1, true, 2, true), codec.transactionId(), PASSWORD, out, 0);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ice4j")),
                () -> "threads: " + Thread.getAllStackTraces().keySet());
    }
}
