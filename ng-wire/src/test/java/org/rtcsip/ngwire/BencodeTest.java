package org.rtcsip.ngwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bencode as ng-protocol.md §1.2 writes it: its examples, what Kamailio sends and the sidecar answers, malformed
 * input with the reason an ng client gets back, fuzz.
 */
class BencodeTest {

    private static Object decode(String s) throws BencodeException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Bencode.decode(b, 0, b.length);
    }

    private static String str(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    @Test
    void decodesKamailiosPingExactly() throws Exception {
        Map<?, ?> m = (Map<?, ?>) decode("d7:command4:pinge");
        assertEquals("ping", str(m.get("command")));
    }

    @Test
    void keepsKeyOrderAndFirstOfDuplicateKeys() throws Exception {
        Map<?, ?> m = (Map<?, ?>) decode("d1:bi2e1:ai1e1:bi3ee");
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        assertEquals(2L, m.get("b"));
    }

    @Test
    void stringsAreBinarySafeIncludingCrlf() throws Exception {
        Object v = decode("4:a\r\nb");
        assertArrayEquals(new byte[] {'a', '\r', '\n', 'b'}, (byte[]) v);
    }

    @Test
    void roundTripsNestedStructures() throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("result", "ok");
        in.put("list", List.of("x", 5L, List.of()));
        in.put("n", -12L);
        in.put("d", Map.of("k", 0L));
        byte[] enc = Bencode.encode(in);
        assertEquals("d6:result2:ok4:listl1:xi5elee1:ni-12e1:dd1:ki0eee",
                new String(enc, StandardCharsets.US_ASCII));
        Map<?, ?> back = (Map<?, ?>) Bencode.decode(enc, 0, enc.length);
        assertEquals(-12L, back.get("n"));
        assertInstanceOf(List.class, back.get("list"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                 | unexpected end of data at byte 0",
        "d7:command4:ping   | unterminated list or dictionary at byte 16",
        "di1e4:pinge        | dictionary key is not a byte string at byte 1",
        "d7:command99:pinge | string length 99 exceeds the 5 bytes left at byte 13",
        "i12x3e             | invalid digit 0x78 in number at byte 3",
        "ie                 | empty number at byte 1",
        "i-e                | empty number at byte 2",
        "i1234567890123456789e | number too long at byte 19",
        "x                  | unexpected byte 0x78 at byte 0",
        "4:pingjunk         | trailing data after bencode value at byte 6",
        "5abc               | invalid digit 0x61 in number at byte 1",
        "i42                | unterminated number at byte 3",
        "d6:result          | unexpected end of data at byte 9",
        "d6:result2:ok      | unterminated list or dictionary at byte 13",
        "l                  | unterminated list or dictionary at byte 1",
        "i9999999999999999999e | number too long at byte 19",
        "5:abc              | string length 5 exceeds the 3 bytes left at byte 2",
        "9999999999:x       | string length 9999999999 exceeds the 1 bytes left at byte 11",
        "di1ei2ee           | dictionary key is not a byte string at byte 1",
    })
    void malformedInputGetsAReason(String input, String reason) {
        BencodeException e = assertThrows(BencodeException.class, () -> decode(input));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void refusesDeepNesting() {
        String deep = "l".repeat(Bencode.MAX_DEPTH + 2) + "e".repeat(Bencode.MAX_DEPTH + 2);
        BencodeException e = assertThrows(BencodeException.class, () -> decode(deep));
        assertEquals("nesting deeper than 32 at byte 33", e.getMessage());
    }

    @Test
    void randomAndMutatedInputNeverThrowsAnythingElse() {
        Random rnd = new Random(2223);
        byte[] seed = "d7:command5:offer3:sdp10:v=0\r\no=- 1e8:call-id2:c1l1:ai1eee".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = i % 2 == 0 ? seed.clone() : new byte[rnd.nextInt(64)];
            if (i % 2 == 0) {
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            } else {
                rnd.nextBytes(b);
            }
            try {
                Bencode.decode(b, 0, b.length);
            } catch (BencodeException expected) {
                // the only failure allowed
            }
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesTheSpecExamples() {
        assertArrayEquals(ascii("4:ping"), Bencode.encode("ping"));
        assertArrayEquals(ascii("i184e"), Bencode.encode(184));
        assertArrayEquals(ascii("i0e"), Bencode.encode(0L));
        assertArrayEquals(ascii("i-3e"), Bencode.encode(-3));
        assertArrayEquals(ascii("l10:load limite"), Bencode.encode(List.of("load limit")));
        assertArrayEquals(ascii("d6:result4:ponge"), Bencode.encode(Map.of("result", "pong")));
    }

    @Test
    void encodesADeleteAsSidecarctlSendsIt() {
        Map<String, Object> delete = new LinkedHashMap<>();
        delete.put("call-id", "abc@host");
        delete.put("flags", List.of("fatal"));
        delete.put("command", "delete");
        assertArrayEquals(ascii("d7:call-id8:abc@host5:flagsl5:fatale7:command6:deletee"), Bencode.encode(delete));
    }

    @Test
    void decodesAReplyWithNestedValuesInArrivalOrderAndReadsItAsText() throws Exception {
        Object reply = Bencode.text(decode("d6:result2:ok7:createdi1700000000e4:tagsd5:alicedee5:flagsl1:a1:bee"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("result", "ok");
        expected.put("created", 1_700_000_000L);
        expected.put("tags", Map.of("alice", Map.of()));
        expected.put("flags", List.of("a", "b"));
        assertEquals(expected, reply);
        assertEquals(List.of("result", "created", "tags", "flags"), List.copyOf(((Map<?, ?>) reply).keySet()));
    }

    @Test
    void readsUtf8TextAndKeepsTheFirstOfDuplicateKeys() throws Exception {
        byte[] data = "d4:name5:Jürg4:name2:ok7:sdp-key5:\r\nx\r\ne".getBytes(StandardCharsets.UTF_8);
        assertEquals(Map.of("name", "Jürg", "sdp-key", "\r\nx\r\n"),
                Bencode.text(Bencode.decode(data, 0, data.length)));
    }

    @Test
    void roundTripsWhatItEncodes() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("command", "query");
        value.put("list", List.of(1L, "two", List.of(), Map.of("k", -9L)));
        byte[] encoded = Bencode.encode(value);
        assertEquals(value, Bencode.text(Bencode.decode(encoded, 0, encoded.length)));
    }

    @Test
    void decodesOnlyTheGivenRange() throws Exception {
        byte[] datagram = ascii("cookie_1 d6:result4:ponge");
        assertEquals(Map.of("result", "pong"), Bencode.text(Bencode.decode(datagram, 9, datagram.length - 9)));
        BencodeException outside = assertThrows(BencodeException.class, () -> Bencode.decode(datagram, 20, 10));
        assertEquals("range 20+10 outside 25 bytes", outside.getMessage());
    }

    @Test
    void refusesToEncodeWhatBencodeHasNoTypeFor() {
        assertEquals("cannot bencode Double",
                assertThrows(IllegalArgumentException.class, () -> Bencode.encode(1.5)).getMessage());
        assertEquals("cannot bencode null",
                assertThrows(IllegalArgumentException.class, () -> Bencode.encode(null)).getMessage());
        assertEquals("cannot bencode dictionary key 7: keys are text",
                assertThrows(IllegalArgumentException.class, () -> Bencode.encode(Map.of(7, "x"))).getMessage());
    }

    @Test
    void encodingLeavesOutEntriesWithoutAValue() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", "ok");
        reply.put("warning", null);
        assertArrayEquals(ascii("d6:result2:oke"), Bencode.encode(reply));
    }
}
