package org.rtcsip.sidecar.net.websocket;

/**
 * Parses WebSocket frames (RFC 6455 §5.2) from a byte range and hands whole messages to a {@link Sink}. An
 * unfragmented data frame is handed over in place (no copy, no allocation); fragments (§5.4) are gathered into one
 * reused buffer of {@code maxMessage} bytes. Control frames may arrive between fragments. Sans-IO: the caller reads
 * the socket and says how many bytes it has; the reader says how many it used (a frame cut short waits for more).
 */
public final class WebSocketFrameReader {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /** Where whole messages go. {@code buf} is valid only during the call. */
    public interface Sink {
        /** A text (opcode 1) or binary (opcode 2) message. */
        void message(int opcode, byte[] buf, int off, int len);

        /** A close, ping or pong frame (payload at most 125 bytes, §5.5). */
        void control(int opcode, byte[] buf, int off, int len);
    }

    /** A frame that breaks RFC 6455: the connection must fail with {@link #closeCode} (§7.1.7). */
    public static final class ProtocolException extends Exception {
        private final int closeCode;

        ProtocolException(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }

        /** 1002 protocol error, 1009 message too big (§7.4.1). */
        public int closeCode() {
            return closeCode;
        }
    }

    private final boolean expectMasked;
    private final byte[] fragments;
    private int fragmentLength;
    /** Opcode of the message being gathered from fragments, or -1. */
    private int fragmentOpcode = -1;

    /**
     * @param expectMasked true on a server (client frames MUST be masked), false on a client (server frames MUST
     *                     NOT be, §5.1)
     * @param maxMessage   the largest message accepted, fragmented or not
     */
    public WebSocketFrameReader(boolean expectMasked, int maxMessage) {
        this.expectMasked = expectMasked;
        this.fragments = new byte[maxMessage];
    }

    public int maxMessage() {
        return fragments.length;
    }

    /**
     * Parses whole frames from {@code buf[off, off+len)}. A masked frame is unmasked in place.
     *
     * @return bytes used (whole frames); the rest is the start of a frame still being received
     */
    public int read(byte[] buf, int off, int len, Sink sink) throws ProtocolException {
        int pos = off;
        int end = off + len;
        while (end - pos >= 2) {
            int b0 = buf[pos] & 0xff;
            int b1 = buf[pos + 1] & 0xff;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            long payload = b1 & 0x7f;
            int header = 2;
            if (payload == 126) {
                if (end - pos < 4) {
                    break;
                }
                payload = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
                header = 4;
            } else if (payload == 127) {
                if (end - pos < 10) {
                    break;
                }
                payload = 0;
                for (int i = 0; i < 8; i++) {
                    payload = (payload << 8) | (buf[pos + 2 + i] & 0xff);
                }
                if (payload < 0) {
                    throw new ProtocolException(1002, "64-bit payload length with the most significant bit set");
                }
                header = 10;
            }
            if ((b0 & 0x70) != 0) {
                throw new ProtocolException(1002, "reserved bits set without a negotiated extension (RSV "
                        + ((b0 >> 4) & 7) + ")");
            }
            if (masked != expectMasked) {
                throw new ProtocolException(1002, masked ? "a masked frame from the server (§5.1)"
                        : "an unmasked frame from the client (§5.1)");
            }
            boolean control = opcode >= 0x8;
            if (control && (payload > 125 || !fin)) {
                throw new ProtocolException(1002, "a fragmented or longer than 125 bytes control frame (§5.5)");
            }
            boolean known = opcode <= OP_BINARY || (opcode >= OP_CLOSE && opcode <= OP_PONG);
            if (!known) {
                throw new ProtocolException(1002, "unknown opcode 0x" + Integer.toHexString(opcode));
            }
            if (payload > fragments.length) {
                throw new ProtocolException(1009, "a frame of " + payload + " bytes, more than the "
                        + fragments.length + " accepted");
            }
            int maskAt = pos + header;
            int dataAt = maskAt + (masked ? 4 : 0);
            if (end - dataAt < payload) {
                break; // the rest of this frame has not arrived yet
            }
            int n = (int) payload;
            if (masked) {
                for (int i = 0; i < n; i++) {
                    buf[dataAt + i] ^= buf[maskAt + (i & 3)];
                }
            }
            pos = dataAt + n;
            if (control) {
                sink.control(opcode, buf, dataAt, n);
            } else if (opcode == OP_CONTINUATION) {
                if (fragmentOpcode < 0) {
                    throw new ProtocolException(1002, "a continuation frame without a message to continue");
                }
                gather(buf, dataAt, n);
                if (fin) {
                    int op = fragmentOpcode;
                    fragmentOpcode = -1;
                    sink.message(op, fragments, 0, fragmentLength);
                }
            } else {
                if (fragmentOpcode >= 0) {
                    throw new ProtocolException(1002, "a new message before the fragmented one ended (§5.4)");
                }
                if (fin) {
                    sink.message(opcode, buf, dataAt, n);
                } else {
                    fragmentOpcode = opcode;
                    fragmentLength = 0;
                    gather(buf, dataAt, n);
                }
            }
        }
        return pos - off;
    }

    private void gather(byte[] buf, int off, int n) throws ProtocolException {
        if (fragmentLength + n > fragments.length) {
            throw new ProtocolException(1009, "a fragmented message longer than " + fragments.length + " bytes");
        }
        System.arraycopy(buf, off, fragments, fragmentLength, n);
        fragmentLength += n;
    }
}
