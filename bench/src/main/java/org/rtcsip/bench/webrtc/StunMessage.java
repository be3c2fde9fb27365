package org.rtcsip.bench.webrtc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STUN message (RFC 5389) the server sent the generator's browser: its checks (rtpengine is a full ICE agent)
 * and its answers to ours. Parsed whole into a copy; the generator sees a few per call, so this is control path
 * and {@link #parse} throws with the reason.
 */
final class StunMessage {
    /** Attributes a message may carry before it is refused (a check carries about 8). */
    private static final int MAX_ATTRIBUTES = 32;

    private final byte[] message;
    private final int[] types;
    private final int[] offsets;
    private final int count;
    private final int integrityAt;

    private StunMessage(byte[] message, int[] types, int[] offsets, int count, int integrityAt) {
        this.message = message;
        this.types = types;
        this.offsets = offsets;
        this.count = count;
        this.integrityAt = integrityAt;
    }

    /** RFC 7983 §7 / RFC 5389 §6: first byte 0..3 and the magic cookie; {@link #parse} checks the rest. */
    static boolean looksLikeStun(byte[] buf, int off, int len) {
        return len >= StunWriter.HEADER && (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == StunWriter.MAGIC_COOKIE;
    }

    /**
     * Checks the framing (RFC 5389 §6, §15): header, length field, attribute bounds, MESSAGE-INTEGRITY size,
     * FINGERPRINT present, last and matching.
     *
     * @throws StunFormatException naming what is wrong
     */
    static StunMessage parse(byte[] buf, int off, int len) throws StunFormatException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new StunFormatException("no datagram");
        }
        if (len < StunWriter.HEADER) {
            throw new StunFormatException(len + " bytes: shorter than the 20-byte STUN header");
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunFormatException("first two bits are not zero (RFC 5389 §6): not STUN");
        }
        if (readInt(buf, off + 4) != StunWriter.MAGIC_COOKIE) {
            throw new StunFormatException("no magic cookie (RFC 5389 §6)");
        }
        int declared = readShort(buf, off + 2);
        if (declared + StunWriter.HEADER != len || (declared & 3) != 0) {
            throw new StunFormatException("length field " + declared + " does not fit a " + len + "-byte datagram");
        }
        byte[] m = Arrays.copyOfRange(buf, off, off + len);
        int[] types = new int[MAX_ATTRIBUTES];
        int[] offsets = new int[MAX_ATTRIBUTES];
        int count = 0;
        int integrityAt = -1;
        int pos = StunWriter.HEADER;
        while (pos < len) {
            if (count == MAX_ATTRIBUTES) {
                throw new StunFormatException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            if (len - pos < 4) {
                throw new StunFormatException("attribute header at byte " + pos + " is cut off");
            }
            int type = readShort(m, pos);
            int length = readShort(m, pos + 2);
            int padded = (length + 3) & ~3;
            if (padded > len - pos - 4) {
                throw new StunFormatException(String.format("attribute 0x%04X of %d bytes overruns the message",
                        type, length));
            }
            if (count > 0 && types[count - 1] == StunWriter.FINGERPRINT) {
                throw new StunFormatException("attribute after FINGERPRINT (RFC 5389 §15.5: it comes last)");
            }
            if (type == StunWriter.MESSAGE_INTEGRITY && length != 20) {
                throw new StunFormatException("MESSAGE-INTEGRITY has " + length + " bytes, need 20");
            }
            if (type == StunWriter.FINGERPRINT) {
                if (length != 4) {
                    throw new StunFormatException("FINGERPRINT has " + length + " bytes, need 4");
                }
                long crc = crc32(m, 0, pos) ^ StunWriter.FINGERPRINT_XOR;
                if ((int) crc != readInt(m, pos + 4)) {
                    throw new StunFormatException("FINGERPRINT does not match the message (CRC-32)");
                }
            }
            if (type == StunWriter.MESSAGE_INTEGRITY && integrityAt < 0) {
                integrityAt = pos;
            }
            types[count] = type;
            offsets[count++] = pos;
            pos += 4 + padded;
        }
        if (count == 0 || types[count - 1] != StunWriter.FINGERPRINT) {
            throw new StunFormatException("no FINGERPRINT at the end (RFC 8445 §7.2.2: ICE requires it)");
        }
        return new StunMessage(m, types, offsets, count, integrityAt);
    }

    /** Method and class bits, e.g. 0x0001 for a Binding request, 0x0101 for its success response. */
    int type() {
        return readShort(message, 0);
    }

    byte[] transactionId() {
        return Arrays.copyOfRange(message, 8, 20);
    }

    boolean has(int attributeType) {
        return find(attributeType) >= 0;
    }

    /** The value of the first attribute of {@code attributeType}, or null. */
    byte[] attribute(int attributeType) {
        int at = find(attributeType);
        return at < 0 ? null : Arrays.copyOfRange(message, at + 4, at + 4 + readShort(message, at + 2));
    }

    String username() {
        byte[] v = attribute(StunWriter.USERNAME);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /**
     * RFC 5389 §15.4: the HMAC-SHA1 under {@code key} of everything before MESSAGE-INTEGRITY, with the length
     * field counting up to its end, equals the one sent. False when there is none.
     */
    boolean integrityMatches(byte[] key) {
        if (integrityAt < 0) {
            return false;
        }
        byte[] covered = Arrays.copyOf(message, integrityAt);
        int length = integrityAt + 24 - StunWriter.HEADER;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) length;
        byte[] expected = hmacSha1(key, covered, 0, covered.length);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(message, integrityAt + 4, integrityAt + 24));
    }

    /** RFC 5389 §15.2; null when absent or of an unknown family. */
    InetSocketAddress xorMappedAddress() throws StunFormatException {
        byte[] v = attribute(StunWriter.XOR_MAPPED_ADDRESS);
        if (v == null) {
            return null;
        }
        int family = v.length >= 4 ? v[1] : 0;
        int size = family == 0x01 ? 4 : family == 0x02 ? 16 : -1;
        if (size < 0 || v.length != 4 + size) {
            throw new StunFormatException("XOR-MAPPED-ADDRESS of family " + family + " has " + v.length + " bytes");
        }
        int port = readShort(v, 2) ^ (StunWriter.MAGIC_COOKIE >>> 16);
        byte[] ip = new byte[size];
        for (int i = 0; i < size; i++) {
            ip[i] = (byte) (v[4 + i] ^ message[4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunFormatException("XOR-MAPPED-ADDRESS: " + e.getMessage());
        }
    }

    private int find(int attributeType) {
        for (int i = 0; i < count; i++) {
            if (types[i] == attributeType) {
                return offsets[i];
            }
        }
        return -1;
    }

    static byte[] hmacSha1(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from this JVM", e); // every JVM has it
        }
    }

    static long crc32(byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        return crc.getValue();
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return (readShort(b, at) << 16) | readShort(b, at + 2);
    }
}
