package org.rtcsip.ngwire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode as the ng protocol uses it (ng-protocol.md §1.2): byte strings, integers, lists and dictionaries.
 * Decoded values are {@code byte[]} (byte-exact: an SDP keeps its CRLFs and any byte the peer sent), {@code Long},
 * {@code List<Object>} and {@code Map<String, Object>} (keys in wire order; a repeated key keeps its first value,
 * since Kamailio sends aliases such as {@code delete delay} twice). {@link #text} turns a decoded value into
 * {@code String}s for code that reads replies. Control path only: this allocates freely.
 */
public final class Bencode {
    /** Nesting deeper than this is refused rather than risking a stack overflow on hostile input. */
    public static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    /**
     * Decodes exactly one value filling {@code data[offset, offset + length)}.
     *
     * @throws BencodeException naming what is wrong and at which byte (counted from {@code offset}); the message
     *                          is what the ng server sends back as its error reason
     */
    public static Object decode(byte[] data, int offset, int length) throws BencodeException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new BencodeException("range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        Reader reader = new Reader(data, offset, offset + length);
        Object value = reader.value(0);
        if (reader.pos != reader.end) {
            throw new BencodeException("trailing data after bencode value at byte " + (reader.pos - offset));
        }
        return value;
    }

    /**
     * Encodes {@code String} (as UTF-8), {@code byte[]}, {@code Long}/{@code Integer}/{@code Short}, lists and
     * maps with {@code String} keys; a map entry whose value is null is left out.
     *
     * @throws IllegalArgumentException for anything else, naming it
     */
    public static byte[] encode(Object value) {
        Writer out = new Writer();
        out.value(value, 0);
        return out.bytes();
    }

    /**
     * {@code value} with every byte string turned into a {@code String} (UTF-8), recursively: what a reader of
     * replies wants to compare and print. Other values are returned as they are.
     */
    @SuppressWarnings("unchecked")
    public static <T> T text(Object value) {
        if (value instanceof byte[] bytes) {
            return (T) new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put((String) key, text(item)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(text(item));
            }
            return (T) out;
        }
        return (T) value;
    }

    /** A growing byte array without ByteArrayOutputStream's per-write lock. */
    private static final class Writer {
        private byte[] buf = new byte[512];
        private int count;

        void value(Object value, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("cannot bencode: nested deeper than " + MAX_DEPTH);
            }
            if (value instanceof byte[] bytes) {
                string(bytes);
            } else if (value instanceof String s) {
                string(s.getBytes(StandardCharsets.UTF_8));
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                put('i');
                number(((Number) value).longValue());
                put('e');
            } else if (value instanceof List<?> list) {
                put('l');
                for (Object item : list) {
                    value(item, depth + 1);
                }
                put('e');
            } else if (value instanceof Map<?, ?> map) {
                put('d');
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("cannot bencode dictionary key " + e.getKey()
                                + ": keys are text");
                    }
                    string(key.getBytes(StandardCharsets.UTF_8));
                    value(e.getValue(), depth + 1);
                }
                put('e');
            } else {
                throw new IllegalArgumentException("cannot bencode "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        }

        private void string(byte[] bytes) {
            number(bytes.length);
            put(':');
            room(bytes.length);
            System.arraycopy(bytes, 0, buf, count, bytes.length);
            count += bytes.length;
        }

        private void number(long n) {
            if (n == Long.MIN_VALUE) {
                for (byte b : Long.toString(n).getBytes(StandardCharsets.US_ASCII)) {
                    put(b);
                }
                return;
            }
            room(20);
            if (n < 0) {
                buf[count++] = '-';
                n = -n;
            }
            int digits = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int at = count + digits - 1; at >= count; at--) {
                buf[at] = (byte) ('0' + n % 10);
                n /= 10;
            }
            count += digits;
        }

        private void put(int b) {
            room(1);
            buf[count++] = (byte) b;
        }

        private void room(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, count);
        }
    }

    private static final class Reader {
        private final byte[] data;
        private final int start;
        private final int end;
        private int pos;

        Reader(byte[] data, int start, int end) {
            this.data = data;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        Object value(int depth) throws BencodeException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= end) {
                throw error("unexpected end of data");
            }
            byte b = data[pos];
            if (b == 'i') {
                pos++;
                return integer('e');
            }
            if (b == 'l') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value(depth + 1));
                }
                pos++;
                return list;
            }
            if (b == 'd') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (peek() != 'e') {
                    if (data[pos] < '0' || data[pos] > '9') {
                        throw error("dictionary key is not a byte string");
                    }
                    String key = new String(string(), StandardCharsets.UTF_8);
                    Object v = value(depth + 1);
                    map.putIfAbsent(key, v);
                }
                pos++;
                return map;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw error("unexpected byte 0x" + Integer.toHexString(b & 0xff));
        }

        private byte peek() throws BencodeException {
            if (pos >= end) {
                throw error("unterminated list or dictionary");
            }
            return data[pos];
        }

        private byte[] string() throws BencodeException {
            long length = integer(':');
            if (length < 0 || length > end - pos) {
                throw error("string length " + length + " exceeds the " + (end - pos) + " bytes left");
            }
            byte[] s = Arrays.copyOfRange(data, pos, pos + (int) length);
            pos += (int) length;
            return s;
        }

        private long integer(char terminator) throws BencodeException {
            boolean negative = false;
            if (pos < end && data[pos] == '-' && terminator == 'e') {
                negative = true;
                pos++;
            }
            long value = 0;
            int digits = 0;
            while (pos < end && data[pos] != terminator) {
                byte d = data[pos];
                if (d < '0' || d > '9') {
                    throw error("invalid digit 0x" + Integer.toHexString(d & 0xff) + " in number");
                }
                if (++digits > 18) {
                    throw error("number too long");
                }
                value = value * 10 + (d - '0');
                pos++;
            }
            if (pos >= end) {
                throw error("unterminated number");
            }
            if (digits == 0) {
                throw error("empty number");
            }
            // Canonical bencode forbids leading zeros and -0; we accept them, as rtpengine does.
            pos++;
            return negative ? -value : value;
        }

        private BencodeException error(String what) {
            return new BencodeException(what + " at byte " + (pos - start));
        }
    }
}
