package org.rtcsip.sidecar.ice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw STUN bytes for tests, independent of ice4j and of the production codec ({@link StunCodec}, the one STUN codec
 * of the repository): JDK HMAC-SHA1 and CRC32 straight from RFC 5389 §15.4/§15.5. It builds what a codec cannot
 * or must not write (attributes of any type and length, checks laid out as Chromium lays them out with
 * GOOG-NETWORK-INFO, no FINGERPRINT, attributes after MESSAGE-INTEGRITY) and checks StunCodec's output as the peer
 * would (integrity, fingerprint, re-sealing RFC 5769's vectors). It reads no attribute values: not a second codec,
 * the independent oracle and hostile writer the codec's tests need.
 */
final class RawStun {
    private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();
    private final int type;
    private final byte[] transactionId;

    RawStun(int type, byte[] transactionId) {
        this.type = type;
        this.transactionId = transactionId.clone();
    }

    static RawStun bindingRequest(byte[] transactionId) {
        return new RawStun(0x0001, transactionId);
    }

    RawStun attribute(int attributeType, byte[] value) {
        attributes.write(attributeType >> 8);
        attributes.write(attributeType);
        attributes.write(value.length >> 8);
        attributes.write(value.length);
        attributes.writeBytes(value);
        for (int i = value.length; i % 4 != 0; i++) {
            attributes.write(0);
        }
        return this;
    }

    RawStun username(String username) {
        return attribute(0x0006, username.getBytes(StandardCharsets.UTF_8));
    }

    RawStun priority(long priority) {
        return attribute(0x0024, new byte[] {(byte) (priority >> 24), (byte) (priority >> 16), (byte) (priority >> 8),
                (byte) priority});
    }

    RawStun controlling(long tieBreaker) {
        return attribute(0x802A, longBytes(tieBreaker));
    }

    RawStun controlled(long tieBreaker) {
        return attribute(0x8029, longBytes(tieBreaker));
    }

    RawStun useCandidate() {
        return attribute(0x0025, new byte[0]);
    }

    /** Chromium's GOOG-NETWORK-INFO (comprehension-optional): network id 1, cost 50. */
    RawStun googNetworkInfo() {
        return attribute(0xC057, new byte[] {0, 1, 0, 50});
    }

    /** The message with MESSAGE-INTEGRITY (when key is not null) and FINGERPRINT appended. */
    byte[] build(byte[] key) {
        return build(key, true);
    }

    byte[] build(byte[] key, boolean fingerprint) {
        byte[] body = attributes.toByteArray();
        byte[] message = header(body.length);
        message = concat(message, body);
        if (key != null) {
            byte[] withMi = concat(message, new byte[24]);
            setLength(withMi, withMi.length - 20);
            byte[] mac = hmac(key, withMi, withMi.length - 24);
            withMi[withMi.length - 24] = 0x00;
            withMi[withMi.length - 23] = 0x08;
            withMi[withMi.length - 22] = 0x00;
            withMi[withMi.length - 21] = 0x14;
            System.arraycopy(mac, 0, withMi, withMi.length - 20, 20);
            message = withMi;
        }
        if (fingerprint) {
            message = appendFingerprint(message);
        }
        return message;
    }

    private byte[] header(int bodyLength) {
        byte[] header = new byte[20];
        header[0] = (byte) (type >> 8);
        header[1] = (byte) type;
        setLength(header, bodyLength);
        header[4] = 0x21;
        header[5] = 0x12;
        header[6] = (byte) 0xA4;
        header[7] = 0x42;
        System.arraycopy(transactionId, 0, header, 8, 12);
        return header;
    }

    static byte[] appendFingerprint(byte[] message) {
        byte[] withFp = concat(message, new byte[8]);
        setLength(withFp, withFp.length - 20);
        long crc = crc(withFp, withFp.length - 8);
        withFp[withFp.length - 8] = (byte) 0x80;
        withFp[withFp.length - 7] = 0x28;
        withFp[withFp.length - 6] = 0x00;
        withFp[withFp.length - 5] = 0x04;
        withFp[withFp.length - 4] = (byte) (crc >> 24);
        withFp[withFp.length - 3] = (byte) (crc >> 16);
        withFp[withFp.length - 2] = (byte) (crc >> 8);
        withFp[withFp.length - 1] = (byte) crc;
        return withFp;
    }

    /**
     * Recomputes MESSAGE-INTEGRITY and FINGERPRINT of a message laid out as [...][MI][FP], in place: the test
     * oracle for our encoder.
     */
    static byte[] reseal(byte[] message, byte[] key) {
        byte[] copy = message.clone();
        int mi = copy.length - 8 - 24;
        setLength(copy, mi + 24 - 20);
        System.arraycopy(hmac(key, copy, mi), 0, copy, mi + 4, 20);
        setLength(copy, copy.length - 20);
        long crc = crc(copy, copy.length - 8);
        for (int i = 0; i < 4; i++) {
            copy[copy.length - 4 + i] = (byte) (crc >> (24 - 8 * i));
        }
        return copy;
    }

    /** Peer's view: the MESSAGE-INTEGRITY attribute of {@code message} verifies with {@code key}. */
    static boolean integrityValid(byte[] message, byte[] key) {
        int mi = find(message, 0x0008);
        if (mi < 0) {
            return false;
        }
        byte[] copy = message.clone();
        setLength(copy, mi + 24 - 20);
        byte[] mac = hmac(key, copy, mi);
        for (int i = 0; i < 20; i++) {
            if (mac[i] != message[mi + 4 + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean fingerprintValid(byte[] message) {
        int fp = find(message, 0x8028);
        if (fp != message.length - 8) {
            return false;
        }
        long crc = crc(message, fp);
        long carried = ((message[fp + 4] & 0xFFL) << 24) | ((message[fp + 5] & 0xFF) << 16)
                | ((message[fp + 6] & 0xFF) << 8) | (message[fp + 7] & 0xFF);
        return crc == carried;
    }

    /** Offset of the first attribute of that type, or -1. */
    static int find(byte[] message, int attributeType) {
        int pos = 20;
        while (pos + 4 <= message.length) {
            int t = ((message[pos] & 0xFF) << 8) | (message[pos + 1] & 0xFF);
            int len = ((message[pos + 2] & 0xFF) << 8) | (message[pos + 3] & 0xFF);
            if (t == attributeType) {
                return pos;
            }
            pos += 4 + ((len + 3) & ~3);
        }
        return -1;
    }

    static byte[] hex(String text) {
        String clean = text.replaceAll("\\s", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void setLength(byte[] message, int length) {
        message[2] = (byte) (length >> 8);
        message[3] = (byte) length;
    }

    private static long crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return crc.getValue() ^ 0x5354554EL;
    }

    private static byte[] hmac(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >> (56 - 8 * i));
        }
        return bytes;
    }
}
