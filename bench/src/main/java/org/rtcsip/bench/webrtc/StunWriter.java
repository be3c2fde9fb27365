package org.rtcsip.bench.webrtc;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one STUN message (RFC 5389 §6) as a browser's ICE agent sends it: header, attributes in the order they
 * are added, then MESSAGE-INTEGRITY (§15.4) and FINGERPRINT (§15.5). Control path of the generator (a few
 * messages per call), so it allocates freely.
 */
final class StunWriter {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;

    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int SOFTWARE = 0x8022;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;

    static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER = 20;
    /** RFC 5389 §15.5: the CRC-32 is XORed with "STUN". */
    static final int FINGERPRINT_XOR = 0x5354554E;

    private byte[] buf = new byte[256];
    private int length = HEADER;
    private final byte padding;

    /** A message of {@code type} with a 12-byte transaction id, padding attributes with zeros. */
    StunWriter(int type, byte[] transactionId) {
        this(type, transactionId, (byte) 0);
    }

    /** RFC 5389 §15: padding bytes may have any value; RFC 5769's vectors use spaces. */
    StunWriter(int type, byte[] transactionId, byte padding) {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes, got " + transactionId.length);
        }
        this.padding = padding;
        putShort(0, type);
        putInt(4, MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, buf, 8, 12);
    }

    StunWriter attribute(int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        ensure(4 + padded);
        putShort(length, type);
        putShort(length + 2, value.length);
        System.arraycopy(value, 0, buf, length + 4, value.length);
        Arrays.fill(buf, length + 4 + value.length, length + 4 + padded, padding);
        length += 4 + padded;
        return this;
    }

    StunWriter text(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    StunWriter u32(int type, long value) {
        byte[] v = new byte[4];
        for (int i = 0; i < 4; i++) {
            v[i] = (byte) (value >>> (24 - 8 * i));
        }
        return attribute(type, v);
    }

    StunWriter u64(int type, long value) {
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (value >>> (56 - 8 * i));
        }
        return attribute(type, v);
    }

    /** RFC 5389 §15.2: the address XORed with the magic cookie (IPv4) or cookie and transaction id (IPv6). */
    StunWriter xorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] v = new byte[4 + ip.length];
        v[1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        int port = address.getPort() ^ (MAGIC_COOKIE >>> 16);
        v[2] = (byte) (port >> 8);
        v[3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            v[4 + i] = (byte) (ip[i] ^ buf[4 + i]); // bytes 4..19 of the header: cookie, then transaction id
        }
        return attribute(XOR_MAPPED_ADDRESS, v);
    }

    /**
     * RFC 5389 §15.4: HMAC-SHA1 with the short-term key (RFC 8445 §7.2.2: the ice-pwd of the agent that receives
     * the request) over the message so far, with the length field already counting this attribute.
     */
    StunWriter integrity(byte[] key) {
        ensure(24);
        putShort(2, length + 24 - HEADER);
        byte[] hmac = StunMessage.hmacSha1(key, buf, 0, length);
        return attribute(MESSAGE_INTEGRITY, hmac);
    }

    /** Adds FINGERPRINT (RFC 5389 §15.5) and returns the message. */
    byte[] finish() {
        ensure(8);
        putShort(2, length + 8 - HEADER);
        long crc = StunMessage.crc32(buf, 0, length) ^ FINGERPRINT_XOR;
        u32(FINGERPRINT, crc & 0xFFFFFFFFL);
        return Arrays.copyOf(buf, length);
    }

    /**
     * A connectivity check as the controlling browser sends it (RFC 8445 §7.2.2, §7.2.5.1 aggressive nomination
     * as Chromium did for years): USERNAME {@code "serverUfrag:ourUfrag"}, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
     * signed with the server's ice-pwd.
     */
    static byte[] bindingRequest(byte[] transactionId, String username, long priority, long tieBreaker,
            boolean useCandidate, byte[] serverPassword) {
        StunWriter w = new StunWriter(BINDING_REQUEST, transactionId).text(USERNAME, username)
                .u32(PRIORITY, priority).u64(ICE_CONTROLLING, tieBreaker);
        if (useCandidate) {
            w.attribute(USE_CANDIDATE, new byte[0]);
        }
        return w.integrity(serverPassword).finish();
    }

    /** RFC 8445 §7.3.1.2: the answer to a server's check, XOR-MAPPED-ADDRESS = its source, signed with our ice-pwd. */
    static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress source, byte[] ourPassword) {
        return new StunWriter(BINDING_SUCCESS, transactionId).xorMappedAddress(source).integrity(ourPassword)
                .finish();
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    private void putShort(int at, int v) {
        buf[at] = (byte) (v >> 8);
        buf[at + 1] = (byte) v;
    }

    private void putInt(int at, int v) {
        putShort(at, v >>> 16);
        putShort(at + 2, v);
    }
}
