package org.rtcsip.sidecar.net.websocket;

/**
 * Writes single, unfragmented WebSocket frames (RFC 6455 §5.2) into a caller's buffer. A client masks every frame
 * (§5.3) with a 32-bit key that the caller supplies per frame; a server does not mask.
 */
public final class WebSocketFrameWriter {
    private WebSocketFrameWriter() {
    }

    /** Header bytes a frame of {@code payload} bytes needs (2, 4 or 10, plus 4 for the masking key). */
    public static int headerLength(int payload, boolean masked) {
        int h = payload < 126 ? 2 : payload <= 0xffff ? 4 : 10;
        return masked ? h + 4 : h;
    }

    /**
     * Writes {@code FIN=1, opcode} and {@code src[srcOff, srcOff+len)} (masked with {@code maskKey} when
     * {@code masked}) at {@code dst[dstOff]}.
     *
     * @return bytes written: {@code headerLength(len, masked) + len}
     */
    public static int write(int opcode, byte[] src, int srcOff, int len, boolean masked, int maskKey,
                            byte[] dst, int dstOff) {
        int p = dstOff;
        dst[p++] = (byte) (0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (len < 126) {
            dst[p++] = (byte) (maskBit | len);
        } else if (len <= 0xffff) {
            dst[p++] = (byte) (maskBit | 126);
            dst[p++] = (byte) (len >>> 8);
            dst[p++] = (byte) len;
        } else {
            dst[p++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                dst[p++] = (byte) ((long) len >>> shift);
            }
        }
        if (!masked) {
            System.arraycopy(src, srcOff, dst, p, len);
            return p + len - dstOff;
        }
        int maskAt = p;
        dst[p++] = (byte) (maskKey >>> 24);
        dst[p++] = (byte) (maskKey >>> 16);
        dst[p++] = (byte) (maskKey >>> 8);
        dst[p++] = (byte) maskKey;
        for (int i = 0; i < len; i++) {
            dst[p + i] = (byte) (src[srcOff + i] ^ dst[maskAt + (i & 3)]);
        }
        return p + len - dstOff;
    }
}
