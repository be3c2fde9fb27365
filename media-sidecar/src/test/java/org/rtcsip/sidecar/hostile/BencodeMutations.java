package org.rtcsip.sidecar.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.ngwire.Bencode;

/**
 * Broken bencode made from real requests: cut short, bytes flipped, lengths and integers that lie, values of the
 * wrong type, nesting deeper than any parser should follow, strings of tens of kilobytes, whole datagrams of 60 KB.
 * Each takes the case's {@link Random} only, so a seed repeats a run.
 */
final class BencodeMutations {
    private static final Pattern LENGTH = Pattern.compile("(\\d+):");
    private static final Pattern INTEGER = Pattern.compile("i(-?\\d+)e");
    private static final String[] ODD_LENGTHS = {"99999999999999999999", "2147483648", "4294967296", "-1", "-0",
        "007", "1e3", "", "65536", "0x10"};
    private static final String[] ODD_INTEGERS = {"i99999999999999999999999e", "i-0e", "i00e", "ie", "i-e", "i1.5e",
        "i9223372036854775808e", "i-9223372036854775809e", "i 1e", "i+1e"};

    private BencodeMutations() {
    }

    /** Cut at a random byte: every prefix of a real request. */
    static byte[] truncated(byte[] body, Random random) {
        return Arrays.copyOf(body, random.nextInt(Math.max(1, body.length)));
    }

    /** One to eight bytes replaced by random ones. */
    static byte[] flipped(byte[] body, Random random) {
        byte[] out = body.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (out[at] ^ (1 << random.nextInt(8)));
        }
        return out;
    }

    /** A string length or an integer that lies: larger than the data, negative, with leading zeros, huge. */
    static byte[] overLong(byte[] body, Random random) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        boolean integer = random.nextInt(3) == 0;
        Matcher m = (integer ? INTEGER : LENGTH).matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return (text + "99999:x").getBytes(StandardCharsets.ISO_8859_1);
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String replacement;
        if (integer) {
            replacement = ODD_INTEGERS[random.nextInt(ODD_INTEGERS.length)];
        } else {
            long was = Long.parseLong(text.substring(span[0], span[1] - 1).length() > 18 ? "0"
                    : text.substring(span[0], span[1] - 1));
            replacement = (random.nextBoolean() ? Long.toString(was + 1 + random.nextInt(100_000))
                    : ODD_LENGTHS[random.nextInt(ODD_LENGTHS.length)]) + ":";
        }
        return (text.substring(0, span[0]) + replacement + text.substring(span[1]))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One value somewhere in the request replaced by one of another type; sometimes a key dropped or added. */
    static byte[] wrongTypes(Map<String, Object> request, Random random) {
        Map<String, Object> copy = Captures.deepCopy(request);
        List<Object[]> slots = new ArrayList<>();
        collect(copy, slots);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes && !slots.isEmpty(); i++) {
            Object[] slot = slots.get(random.nextInt(slots.size()));
            replace(slot, oddValue(random, typeOf(current(slot))));
        }
        if (random.nextInt(4) == 0 && !copy.isEmpty()) {
            List<String> keys = new ArrayList<>(copy.keySet());
            copy.remove(keys.get(random.nextInt(keys.size())));
        }
        if (random.nextInt(4) == 0) {
            copy.put(random.nextBoolean() ? "flags" : "x-" + random.nextInt(1000), oddValue(random, -1));
        }
        return Bencode.encode(copy);
    }

    /** Lists or dictionaries nested {@code 33..20000} deep: in a value of the request, or as the whole body. */
    static byte[] deeplyNested(Map<String, Object> request, Random random) {
        int[] depths = {Bencode.MAX_DEPTH, Bencode.MAX_DEPTH + 1, 100, 1000, 5000, 20_000};
        int depth = depths[random.nextInt(depths.length)];
        boolean dicts = random.nextBoolean();
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            nested.append(dicts ? "d1:k" : "l");
        }
        nested.append(dicts ? "i1e" : "");
        nested.append("e".repeat(depth));
        String inner = nested.toString();
        if (random.nextInt(4) == 0) {
            return inner.getBytes(StandardCharsets.ISO_8859_1);
        }
        // spliced in as the value of "flags", where rtpengine 10.5 crashed on a deeply nested list
        String text = new String(Bencode.encode(without(request, "flags")), StandardCharsets.ISO_8859_1);
        return (text.substring(0, text.length() - 1) + "5:flags" + inner + "e").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One string of the request (call-id, tags, sdp, flags, the command itself...) made 1 to 60 KB long. */
    static byte[] hugeString(Map<String, Object> request, Random random) {
        Map<String, Object> copy = Captures.deepCopy(request);
        List<Object[]> slots = new ArrayList<>();
        collect(copy, slots);
        slots.removeIf(s -> !(current(s) instanceof String));
        int size = 1024 + random.nextInt(60 * 1024);
        byte[] huge = new byte[size];
        if (random.nextBoolean()) {
            random.nextBytes(huge);
        } else {
            Arrays.fill(huge, (byte) ('a' + random.nextInt(26)));
        }
        if (slots.isEmpty()) {
            copy.put("call-id", huge);
        } else {
            replace(slots.get(random.nextInt(slots.size())), huge);
        }
        return Bencode.encode(copy);
    }

    /** A datagram of about 60 KB: padded, or with thousands of flags, or an SDP far beyond max-sdp-size. */
    static byte[] sixtyKilobytes(Map<String, Object> request, Random random) {
        Map<String, Object> copy = Captures.deepCopy(request);
        switch (random.nextInt(4)) {
            case 0 -> copy.put("pad", "x".repeat(60_000));
            case 1 -> {
                List<Object> flags = new ArrayList<>();
                while (flags.size() < 6000) {
                    flags.add(random.nextBoolean() ? "trust-address" : "f" + flags.size());
                }
                copy.put("flags", flags);
            }
            case 2 -> {
                List<Object> replace = new ArrayList<>();
                for (int i = 0; i < 15_000; i++) {
                    replace.add("origin");
                }
                copy.put("replace", replace);
            }
            default -> copy.put("sdp", ("v=0\r\n" + "a=x\r\n".repeat(12_000)));
        }
        byte[] body = Bencode.encode(copy);
        return body.length > 65_000 ? Arrays.copyOf(body, 65_000) : body;
    }

    /** Random bytes of random length; half of them after a cookie, so a reply is due. */
    static byte[] randomBytes(Random random, String cookie) {
        int length = random.nextInt(20) == 0 ? 60_000 : random.nextInt(1500);
        byte[] junk = new byte[length];
        random.nextBytes(junk);
        if (random.nextBoolean()) {
            return RawNg.datagram(cookie, junk);
        }
        if (random.nextInt(4) == 0) {
            // almost bencode: a dictionary opener and random content
            junk = ("d7:command" + new String(junk, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            return RawNg.datagram(cookie, junk);
        }
        return junk;
    }

    // --- values of another type --------------------------------------------------------------------------------

    /** {@code [container, key or index]} of every value in the tree. */
    @SuppressWarnings("unchecked")
    private static void collect(Object container, List<Object[]> slots) {
        if (container instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                slots.add(new Object[] {container, key});
                collect(((Map<String, Object>) map).get(key), slots);
            }
        } else if (container instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Object[] {container, i});
                collect(list.get(i), slots);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object current(Object[] slot) {
        return slot[0] instanceof Map<?, ?> map ? map.get(slot[1]) : ((List<Object>) slot[0]).get((Integer) slot[1]);
    }

    @SuppressWarnings("unchecked")
    private static void replace(Object[] slot, Object value) {
        if (slot[0] instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put((String) slot[1], value);
        } else {
            ((List<Object>) slot[0]).set((Integer) slot[1], value);
        }
    }

    private static int typeOf(Object value) {
        return value instanceof Map ? 0 : value instanceof List ? 1 : value instanceof Number ? 2 : 3;
    }

    /** A value whose type is not {@code notType}: integers at the edges, lists, dictionaries, odd bytes. */
    private static Object oddValue(Random random, int notType) {
        int type;
        do {
            type = random.nextInt(4);
        } while (type == notType);
        return switch (type) {
            case 0 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(random.nextBoolean() ? "" : "k", random.nextBoolean() ? List.of() : 1L);
                yield m;
            }
            case 1 -> random.nextBoolean() ? List.of() : List.of(1L, List.of("x"), Map.of("a", "b"));
            case 2 -> new long[] {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 65536, 4294967296L}[random.nextInt(7)];
            default -> new byte[][] {new byte[0], {(byte) 0xff, (byte) 0xfe}, {0}, "\r\n".getBytes(
                    StandardCharsets.US_ASCII)}[random.nextInt(4)];
        };
    }

    private static Map<String, Object> without(Map<String, Object> request, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(request);
        copy.remove(key);
        return copy;
    }
}
