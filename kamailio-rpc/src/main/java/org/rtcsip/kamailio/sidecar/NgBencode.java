package org.rtcsip.kamailio.sidecar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode as the ng protocol uses it (ng-protocol.md §1.2), for the few requests sidecarctl sends
 * and the replies it reads: byte strings (read as UTF-8 text), integers, lists, dictionaries with
 * text keys in any order. Control path only: a malformed reply throws
 * {@link IllegalArgumentException} naming what is wrong and at which byte.
 */
public final class NgBencode {

    /** Deeper nesting than any ng reply has; stops a hostile reply from exhausting the stack. */
    static final int MAX_DEPTH = 32;
    private static final int MAX_LENGTH_DIGITS = 9;
    private static final int MAX_INTEGER_DIGITS = 19;

    private NgBencode() {
    }

    /** Encodes text, byte arrays, integers (int, long), lists and maps with text keys. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("bencode: nested deeper than " + MAX_DEPTH);
        }
        if (value instanceof String text) {
            writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof byte[] bytes) {
            writeBytes(out, bytes);
        } else if (value instanceof Integer || value instanceof Long) {
            writeAscii(out, "i" + value + "e");
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object item : list) {
                write(out, item, depth + 1);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("bencode: dictionary key " + entry.getKey() + " is not text");
                }
                writeBytes(out, key.getBytes(StandardCharsets.UTF_8));
                write(out, entry.getValue(), depth + 1);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode: cannot encode "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeAscii(out, bytes.length + ":");
        out.write(bytes, 0, bytes.length);
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }

    /**
     * Decodes exactly one value filling {@code data[offset, offset + length)}: strings become
     * {@link String}, integers {@link Long}, lists {@link List}, dictionaries {@link LinkedHashMap}.
     *
     * @throws IllegalArgumentException "bencode: &lt;what&gt; at byte N"
     */
    public static Object decode(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("bencode: range " + offset + "+" + length + " outside " + data.length
                    + " bytes");
        }
        Reader reader = new Reader(data, offset, offset + length);
        Object value = reader.value(0);
        if (reader.position != reader.end) {
            throw reader.error("trailing data after the value");
        }
        return value;
    }

    private static final class Reader {
        private final byte[] data;
        private final int start;
        private final int end;
        private int position;

        Reader(byte[] data, int start, int end) {
            this.data = data;
            this.start = start;
            this.end = end;
            this.position = start;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            if (position >= end) {
                throw error("truncated: a value was expected");
            }
            byte b = data[position];
            if (b == 'i') {
                position++;
                return integer();
            }
            if (b == 'l') {
                position++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value(depth + 1));
                }
                position++;
                return list;
            }
            if (b == 'd') {
                position++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (peek() != 'e') {
                    if (data[position] < '0' || data[position] > '9') {
                        throw error("dictionary key is not a string");
                    }
                    String key = string();
                    // duplicates occur in ng (ng-protocol.md §1.2): the last one wins
                    map.put(key, value(depth + 1));
                }
                position++;
                return map;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw error("unexpected '" + printable(b) + "'");
        }

        private byte peek() {
            if (position >= end) {
                throw error("truncated: 'e' was expected");
            }
            return data[position];
        }

        private long integer() {
            int from = position;
            boolean negative = position < end && data[position] == '-';
            if (negative) {
                position++;
            }
            int digitsFrom = position;
            while (position < end && data[position] >= '0' && data[position] <= '9') {
                position++;
            }
            int digits = position - digitsFrom;
            if (digits == 0) {
                throw error("integer without digits");
            }
            if (position >= end || data[position] != 'e') {
                throw error("integer not closed by 'e'");
            }
            if (digits > MAX_INTEGER_DIGITS) {
                throw error("integer of " + digits + " digits");
            }
            String text = new String(data, from, position - from, StandardCharsets.US_ASCII);
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("integer " + text + " out of range");
            }
            position++;
            return value;
        }

        private String string() {
            int digitsFrom = position;
            while (position < end && data[position] >= '0' && data[position] <= '9') {
                position++;
            }
            if (position - digitsFrom > MAX_LENGTH_DIGITS) {
                throw error("string length of " + (position - digitsFrom) + " digits");
            }
            if (position >= end || data[position] != ':') {
                throw error("string length not followed by ':'");
            }
            int length = Integer.parseInt(new String(data, digitsFrom, position - digitsFrom, StandardCharsets.US_ASCII));
            position++;
            if (length > end - position) {
                throw error("string of " + length + " bytes, only " + (end - position) + " left");
            }
            String text = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bencode: " + what + " at byte " + (position - start));
        }

        private static String printable(byte b) {
            return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
        }
    }
}
