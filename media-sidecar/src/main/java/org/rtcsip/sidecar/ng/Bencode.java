package org.rtcsip.sidecar.ng;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode as the ng protocol uses it (ng-protocol.md §1.2): byte strings, integers, lists and dictionaries.
 * Decoded values are {@code byte[]}, {@code Long}, {@code List<Object>} and {@code Map<String, Object>} (keys in
 * wire order; a repeated key keeps its first value, since Kamailio sends aliases like {@code delete delay} twice).
 * Control path only: this allocates freely.
 */
public final class Bencode {
    /** Nesting deeper than this is refused rather than risking a stack overflow on hostile input. */
    static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    public static Object decode(byte[] data, int offset, int length) throws BencodeException {
        Reader reader = new Reader(data, offset, offset + length);
        Object value = reader.value(0);
        if (reader.pos != reader.end) {
            throw new BencodeException("trailing data after bencode value at byte " + (reader.pos - offset));
        }
        return value;
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof byte[] bytes) {
            writeBytes(out, bytes);
        } else if (value instanceof String s) {
            writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            out.writeBytes(("i" + ((Number) value).longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object item : list) {
                write(out, item);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                write(out, e.getKey().toString());
                write(out, e.getValue());
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + (value == null ? "null" : value.getClass()));
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
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
            byte[] s = new byte[(int) length];
            System.arraycopy(data, pos, s, 0, (int) length);
            pos += (int) length;
            return s;
        }

        private long integer(char terminator) throws BencodeException {
            int begin = pos;
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
            // Canonical bencode forbids leading zeros and -0; we accept them (rtpengine does too) except "-".
            pos++;
            if (negative && value == 0 && digits == 0) {
                throw error("bare minus sign");
            }
            return negative ? -value : value;
        }

        private BencodeException error(String what) {
            return new BencodeException(what + " at byte " + (pos - start));
        }
    }
}
