package org.rtcsip.sidecar.dtls;

/** Reads DTLS record headers (RFC 6347 §4.1) without decrypting anything. */
final class DtlsRecords {
    static final int HEADER = 13;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEARTBEAT = 24;
    private static final int CLIENT_HELLO = 1;
    /** RFC 6347 §4.1: DTLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
    static final int MAX_RECORD_BODY = (1 << 14) + 2048;

    private DtlsRecords() {
    }

    /**
     * How many leading bytes of the datagram are whole, plausible DTLS records (content type 20..24, version
     * DTLS 1.0 or 1.2, a length that fits). 0 means the first record is already bad. RFC 6347 §4.1.2.7: invalid records
     * are silently discarded.
     */
    static int wellFormedPrefix(byte[] b, int off, int len) {
        int p = 0;
        while (len - p >= HEADER) {
            int type = b[off + p] & 0xFF;
            int minor = b[off + p + 2] & 0xFF;
            // RFC 6347 §4.1: DTLS 1.0 is {254, 255}, DTLS 1.2 {254, 253}. Bouncy Castle throws on the reserved
            // {254, 254} and would take the association down with it.
            if (type < CHANGE_CIPHER_SPEC || type > HEARTBEAT || (b[off + p + 1] & 0xFF) != 0xFE
                    || (minor != 0xFF && minor != 0xFD)) {
                break;
            }
            int body = u16(b, off + p + 11);
            if (body > MAX_RECORD_BODY || HEADER + body > len - p) {
                break;
            }
            p += HEADER + body;
        }
        return p;
    }

    /** The datagram starts with a plaintext ClientHello (or a fragment of one). */
    static boolean startsWithClientHello(byte[] b, int off, int len) {
        return len > HEADER && (b[off] & 0xFF) == HANDSHAKE && u16(b, off + 3) == 0
                && (b[off + HEADER] & 0xFF) == CLIENT_HELLO;
    }

    /** Length of the record body whose header starts at {@code at} (already known to be in bounds). */
    static int bodyLength(byte[] b, int at) {
        return u16(b, at + 11);
    }

    static int epochAt(byte[] b, int at) {
        return u16(b, at + 3);
    }

    static int contentType(byte[] record) {
        return record[0] & 0xFF;
    }

    static int epoch(byte[] record) {
        return u16(record, 3);
    }

    /** message_seq of a plaintext handshake record (RFC 6347 §4.2.2), or -1. */
    static int messageSeq(byte[] record) {
        if (contentType(record) != HANDSHAKE || epoch(record) != 0 || record.length < HEADER + 6) {
            return -1;
        }
        return u16(record, HEADER + 4);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }
}
