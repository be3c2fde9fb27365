package org.rtcsip.kamailio.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bencode as ng-protocol.md §1.2 writes it: its examples, what the sidecar answers, malformed input, fuzz. */
class NgBencodeTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Object decode(String text) {
        byte[] data = ascii(text);
        return NgBencode.decode(data, 0, data.length);
    }

    @Test
    void encodesTheSpecExamples() {
        assertArrayEquals(ascii("4:ping"), NgBencode.encode("ping"));
        assertArrayEquals(ascii("i184e"), NgBencode.encode(184));
        assertArrayEquals(ascii("i0e"), NgBencode.encode(0L));
        assertArrayEquals(ascii("i-3e"), NgBencode.encode(-3));
        assertArrayEquals(ascii("l10:load limite"), NgBencode.encode(List.of("load limit")));
        assertArrayEquals(ascii("d6:result4:ponge"), NgBencode.encode(Map.of("result", "pong")));
    }

    @Test
    void encodesADeleteAsSidecarctlSendsIt() {
        Map<String, Object> delete = new LinkedHashMap<>();
        delete.put("call-id", "abc@host");
        delete.put("flags", List.of("fatal"));
        delete.put("command", "delete");
        assertArrayEquals(ascii("d7:call-id8:abc@host5:flagsl5:fatale7:command6:deletee"), NgBencode.encode(delete));
    }

    @Test
    void decodesAReplyWithNestedValuesInArrivalOrder() {
        Object reply = decode("d6:result2:ok7:createdi1700000000e4:tagsd5:alicedee5:flagsl1:a1:bee");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("result", "ok");
        expected.put("created", 1_700_000_000L);
        expected.put("tags", Map.of("alice", Map.of()));
        expected.put("flags", List.of("a", "b"));
        assertEquals(expected, reply);
        assertEquals(List.of("result", "created", "tags", "flags"), List.copyOf(((Map<?, ?>) reply).keySet()));
    }

    @Test
    void decodesUtf8TextAndKeepsTheLastOfDuplicateKeys() {
        byte[] data = "d4:name5:Jürg4:name2:ok7:sdp-key5:\r\nx\r\ne".getBytes(StandardCharsets.UTF_8);
        assertEquals(Map.of("name", "ok", "sdp-key", "\r\nx\r\n"), NgBencode.decode(data, 0, data.length));
    }

    @Test
    void roundTripsWhatItEncodes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("command", "query");
        value.put("list", List.of(1L, "two", List.of(), Map.of("k", -9L)));
        byte[] encoded = NgBencode.encode(value);
        assertEquals(value, NgBencode.decode(encoded, 0, encoded.length));
    }

    @Test
    void decodesOnlyTheGivenRange() {
        byte[] datagram = ascii("cookie_1 d6:result4:ponge");
        assertEquals(Map.of("result", "pong"), NgBencode.decode(datagram, 9, datagram.length - 9));
    }

    @Test
    void namesWhatIsWrongWithMalformedInput() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "bencode: truncated: a value was expected at byte 0");
        cases.put("d6:result", "bencode: truncated: a value was expected at byte 9");
        cases.put("d6:result2:ok", "bencode: truncated: 'e' was expected at byte 13");
        cases.put("l", "bencode: truncated: 'e' was expected at byte 1");
        cases.put("ie", "bencode: integer without digits at byte 1");
        cases.put("i-e", "bencode: integer without digits at byte 2");
        cases.put("i12", "bencode: integer not closed by 'e' at byte 3");
        cases.put("i12345678901234567890e", "bencode: integer of 20 digits at byte 21");
        cases.put("i9999999999999999999e", "bencode: integer 9999999999999999999 out of range at byte 20");
        cases.put("5:abc", "bencode: string of 5 bytes, only 3 left at byte 2");
        cases.put("3abc", "bencode: string length not followed by ':' at byte 1");
        cases.put("9999999999:x", "bencode: string length of 10 digits at byte 10");
        cases.put("di1ei2ee", "bencode: dictionary key is not a string at byte 1");
        cases.put("x", "bencode: unexpected 'x' at byte 0");
        cases.put("\u0001", "bencode: unexpected '\\x01' at byte 0");
        cases.put("4:pingX", "bencode: trailing data after the value at byte 6");
        cases.put("l".repeat(NgBencode.MAX_DEPTH + 2), "bencode: nested deeper than 32 at byte 33");
        cases.forEach((input, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode(input), input);
            assertEquals(message, e.getMessage(), input);
        });
    }

    @Test
    void refusesToEncodeWhatBencodeHasNoTypeFor() {
        assertEquals("bencode: cannot encode Double",
                assertThrows(IllegalArgumentException.class, () -> NgBencode.encode(1.5)).getMessage());
        assertEquals("bencode: cannot encode null",
                assertThrows(IllegalArgumentException.class, () -> NgBencode.encode(null)).getMessage());
        assertEquals("bencode: dictionary key 7 is not text",
                assertThrows(IllegalArgumentException.class, () -> NgBencode.encode(Map.of(7, "x"))).getMessage());
    }

    @Test
    void randomBytesAndMutatedRepliesOnlyEverThrowIllegalArgument() {
        Random random = new Random(0x5EED);
        byte[] valid = NgBencode.encode(Map.of("result", "ok", "calls", List.of("a", "b"), "n", 42L,
                "tags", Map.of("t", Map.of("medias", List.of()))));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                NgBencode.decode(input, 0, input.length);
            } catch (IllegalArgumentException expected) {
                assertEquals(true, expected.getMessage().startsWith("bencode: "), expected.getMessage());
            }
        }
    }
}
