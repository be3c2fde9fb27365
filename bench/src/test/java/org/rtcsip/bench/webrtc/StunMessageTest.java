package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator's STUN against RFC 5769's sample messages, malformed input, and random damage. */
class StunMessageTest {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSACTION = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    /** RFC 5769 §2.1 (SOFTWARE and USERNAME padded with spaces on purpose). */
    private static final byte[] SAMPLE_REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff 80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");

    /** RFC 5769 §2.2: mapped address 192.0.2.1 port 32853. */
    private static final byte[] SAMPLE_IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");

    @Test
    void writesRfc5769SampleRequestByteForByte() {
        byte[] written = new StunWriter(StunWriter.BINDING_REQUEST, TRANSACTION, (byte) 0x20)
                .text(StunWriter.SOFTWARE, "STUN test client")
                .u32(StunWriter.PRIORITY, 0x6e0001ffL)
                .u64(StunWriter.ICE_CONTROLLED, 0x932ff9b151263b36L)
                .text(StunWriter.USERNAME, "evtj:h6vY")
                .integrity(PASSWORD)
                .finish();
        assertArrayEquals(SAMPLE_REQUEST, written);
    }

    @Test
    void writesRfc5769SampleIpv4ResponseByteForByte() throws Exception {
        byte[] written = new StunWriter(StunWriter.BINDING_SUCCESS, TRANSACTION, (byte) 0x20)
                .text(StunWriter.SOFTWARE, "test vector")
                .xorMappedAddress(new InetSocketAddress("192.0.2.1", 32853))
                .integrity(PASSWORD)
                .finish();
        assertArrayEquals(SAMPLE_IPV4_RESPONSE, written);
    }

    @Test
    void readsRfc5769SampleRequest() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
        assertEquals(StunWriter.BINDING_REQUEST, m.type());
        assertArrayEquals(TRANSACTION, m.transactionId());
        assertEquals("evtj:h6vY", m.username());
        assertTrue(m.has(StunWriter.ICE_CONTROLLED));
        assertFalse(m.has(StunWriter.USE_CANDIDATE));
        assertTrue(m.integrityMatches(PASSWORD));
        assertFalse(m.integrityMatches("another password".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsTheMappedAddressOfRfc5769SampleResponse() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length);
        assertEquals(StunWriter.BINDING_SUCCESS, m.type());
        assertEquals(new InetSocketAddress("192.0.2.1", 32853), m.xorMappedAddress());
        assertTrue(m.integrityMatches(PASSWORD));
    }

    @Test
    void readsAMessageInsideALargerBuffer() throws Exception {
        byte[] buf = new byte[SAMPLE_REQUEST.length + 10];
        System.arraycopy(SAMPLE_REQUEST, 0, buf, 7, SAMPLE_REQUEST.length);
        StunMessage m = StunMessage.parse(buf, 7, SAMPLE_REQUEST.length);
        assertTrue(m.integrityMatches(PASSWORD));
    }

    @Test
    void aBrowserCheckCarriesWhatAnIceLiteServerNeeds() throws Exception {
        byte[] check = StunWriter.bindingRequest(TRANSACTION, "server:browser", 1853824767L, 42L, true, PASSWORD);
        StunMessage m = StunMessage.parse(check, 0, check.length);
        assertEquals("server:browser", m.username());
        assertTrue(m.has(StunWriter.USE_CANDIDATE));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}, m.attribute(StunWriter.ICE_CONTROLLING));
        assertArrayEquals(new byte[] {0x6e, 0x7f, 0x1e, (byte) 0xff}, m.attribute(StunWriter.PRIORITY));
        assertTrue(m.integrityMatches(PASSWORD));
        assertNull(m.xorMappedAddress());
    }

    @Test
    void namesWhatIsWrongWithAMalformedMessage() {
        assertEquals("19 bytes: shorter than the 20-byte STUN header", reason(Arrays.copyOf(SAMPLE_REQUEST, 19)));
        assertEquals("first two bits are not zero (RFC 5389 §6): not STUN", reason(with(SAMPLE_REQUEST, 0, 0x40)));
        assertEquals("no magic cookie (RFC 5389 §6)", reason(with(SAMPLE_REQUEST, 4, 0x22)));
        assertEquals("length field 92 does not fit a 108-byte datagram", reason(with(SAMPLE_REQUEST, 3, 0x5c)));
        // USERNAME claims 200 bytes
        assertEquals("attribute 0x0006 of 200 bytes overruns the message", reason(with(SAMPLE_REQUEST, 63, 200)));
        // the last byte of the FINGERPRINT value
        assertEquals("FINGERPRINT does not match the message (CRC-32)",
                reason(with(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 1, 0xce)));
        // MESSAGE-INTEGRITY declared 16 bytes long
        assertEquals("MESSAGE-INTEGRITY has 16 bytes, need 20", reason(with(SAMPLE_REQUEST, 79, 0x10)));
        assertEquals("attribute after FINGERPRINT (RFC 5389 §15.5: it comes last)",
                reason(useCandidateAfterFingerprint()));
        // FINGERPRINT's type damaged: without it nothing guards the rest
        assertEquals("no FINGERPRINT at the end (RFC 8445 §7.2.2: ICE requires it)",
                reason(with(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 8, 0xe0)));
        assertEquals("no datagram", reason(null));
    }

    @Test
    void refusesAWrongSizeTransactionId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StunWriter(StunWriter.BINDING_REQUEST, new byte[8]));
        assertEquals("a STUN transaction id has 12 bytes, got 8", e.getMessage());
    }

    @Test
    void refusesEveryDamagedMessageWithAFormatErrorAndNothingElse() {
        Random random = new Random(5769);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] original = i % 2 == 0 ? SAMPLE_REQUEST : SAMPLE_IPV4_RESPONSE;
            byte[] m = original.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(8) == 0 ? random.nextInt(m.length + 1) : m.length;
            try {
                StunMessage s = StunMessage.parse(m, 0, len);
                s.integrityMatches(PASSWORD);
                s.username();
                s.xorMappedAddress();
                // FINGERPRINT covers every byte before it and checks itself: only an undamaged message gets here
                assertArrayEquals(original, Arrays.copyOf(m, len), "damaged message accepted");
            } catch (StunFormatException expected) {
                refused++;
            }
        }
        assertTrue(refused > 19_000, refused + " refused");
    }

    /** Header, a valid FINGERPRINT (its CRC counting the whole length), then USE-CANDIDATE. */
    private static byte[] useCandidateAfterFingerprint() {
        byte[] m = new byte[20 + 8 + 4];
        m[1] = 0x01; // Binding request
        m[3] = 12; // FINGERPRINT (8) + USE-CANDIDATE (4)
        System.arraycopy(SAMPLE_REQUEST, 4, m, 4, 16); // cookie and transaction id
        m[20] = (byte) 0x80;
        m[21] = 0x28;
        m[23] = 4;
        int crc = (int) (StunMessage.crc32(m, 0, 20) ^ StunWriter.FINGERPRINT_XOR);
        for (int i = 0; i < 4; i++) {
            m[24 + i] = (byte) (crc >>> (24 - 8 * i));
        }
        m[29] = 0x25;
        return m;
    }

    private static String reason(byte[] m) {
        StunFormatException e = assertThrows(StunFormatException.class,
                () -> StunMessage.parse(m, 0, m == null ? 0 : m.length));
        return e.getMessage();
    }

    private static byte[] with(byte[] m, int index, int value) {
        byte[] c = m.clone();
        c[index] = (byte) value;
        return c;
    }

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
