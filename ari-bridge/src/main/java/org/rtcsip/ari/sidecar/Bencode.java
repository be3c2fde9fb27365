package org.rtcsip.ari.sidecar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode for ng requests and replies (ng-protocol.md §1.2). Byte strings decode to {@code String} (UTF-8): ari-bridge
 * reads only texts and numbers. Temporary: the shared ng-wire module replaces this and {@link NgClient}.
 */
final class Bencode {
    private static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeBytes(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(v -> write(out, v));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            map.forEach((k, v) -> {
                write(out, k.toString());
                write(out, v);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + value);
        }
    }

    static Object decode(byte[] data, int off, int len) throws NgException {
        int[] pos = {off};
        Object v = value(data, pos, off + len, 0);
        if (pos[0] != off + len) {
            throw new NgException("ng reply: trailing bytes after the bencode value");
        }
        return v;
    }

    private static Object value(byte[] d, int[] pos, int end, int depth) throws NgException {
        if (depth > MAX_DEPTH || pos[0] >= end) {
            throw new NgException("ng reply: bencode too deep or cut short");
        }
        byte b = d[pos[0]];
        if (b == 'i') {
            pos[0]++;
            return number(d, pos, end, 'e');
        }
        if (b == 'l') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            while (peek(d, pos, end) != 'e') {
                list.add(value(d, pos, end, depth + 1));
            }
            pos[0]++;
            return list;
        }
        if (b == 'd') {
            pos[0]++;
            Map<String, Object> map = new LinkedHashMap<>();
            while (peek(d, pos, end) != 'e') {
                Object key = value(d, pos, end, depth + 1);
                if (!(key instanceof String k)) {
                    throw new NgException("ng reply: dictionary key is not a string");
                }
                map.putIfAbsent(k, value(d, pos, end, depth + 1));
            }
            pos[0]++;
            return map;
        }
        if (b >= '0' && b <= '9') {
            long n = number(d, pos, end, ':');
            if (n > end - pos[0]) {
                throw new NgException("ng reply: string longer than the datagram");
            }
            String s = new String(d, pos[0], (int) n, StandardCharsets.UTF_8);
            pos[0] += (int) n;
            return s;
        }
        throw new NgException("ng reply: unexpected byte 0x" + Integer.toHexString(b & 0xff));
    }

    private static byte peek(byte[] d, int[] pos, int end) throws NgException {
        if (pos[0] >= end) {
            throw new NgException("ng reply: unterminated list or dictionary");
        }
        return d[pos[0]];
    }

    private static long number(byte[] d, int[] pos, int end, char terminator) throws NgException {
        boolean negative = pos[0] < end && d[pos[0]] == '-';
        if (negative) {
            pos[0]++;
        }
        long v = 0;
        int digits = 0;
        while (pos[0] < end && d[pos[0]] != terminator) {
            int c = d[pos[0]++] - '0';
            if (c < 0 || c > 9 || ++digits > 18) {
                throw new NgException("ng reply: bad number");
            }
            v = v * 10 + c;
        }
        if (pos[0] >= end || digits == 0) {
            throw new NgException("ng reply: unterminated number");
        }
        pos[0]++;
        return negative ? -v : v;
    }
}
