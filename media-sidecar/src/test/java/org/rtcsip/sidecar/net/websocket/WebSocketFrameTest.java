package org.rtcsip.sidecar.net.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 6455 §5.7's examples, both ways, and the frames §5 says a client must refuse. */
class WebSocketFrameTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final int MASK = 0x37fa213d;

    private record Got(int opcode, byte[] payload, boolean control) {
        @Override
        public String toString() {
            return (control ? "control " : "message ") + opcode + " " + new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    private static final class Collect implements WebSocketFrameReader.Sink {
        final List<Got> got = new ArrayList<>();

        @Override
        public void message(int opcode, byte[] buf, int off, int len) {
            got.add(new Got(opcode, Arrays.copyOfRange(buf, off, off + len), false));
        }

        @Override
        public void control(int opcode, byte[] buf, int off, int len) {
            got.add(new Got(opcode, Arrays.copyOfRange(buf, off, off + len), true));
        }
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static List<Got> readAll(boolean server, byte[] wire) throws Exception {
        Collect c = new Collect();
        int used = new WebSocketFrameReader(server, 70_000).read(wire, 0, wire.length, c);
        assertEquals(wire.length, used, "every byte used");
        return c.got;
    }

    @Test
    void singleFrameUnmaskedText() throws Exception {
        List<Got> got = readAll(false, bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f));
        assertEquals("[message 1 Hello]", got.toString());
    }

    @Test
    void singleFrameMaskedTextAsAServerReadsIt() throws Exception {
        List<Got> got = readAll(true, bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58));
        assertEquals("[message 1 Hello]", got.toString());
    }

    @Test
    void writerMasksHelloExactlyAsTheRfc() {
        byte[] out = new byte[16];
        int n = WebSocketFrameWriter.write(WebSocketFrameReader.OP_TEXT, HELLO, 0, 5, true, MASK, out, 0);
        assertArrayEquals(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
                Arrays.copyOf(out, n));
        n = WebSocketFrameWriter.write(WebSocketFrameReader.OP_PONG, HELLO, 0, 5, true, MASK, out, 0);
        assertArrayEquals(bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
                Arrays.copyOf(out, n), "§5.7 masked pong");
    }

    @Test
    void fragmentedUnmaskedTextIsOneMessage() throws Exception {
        List<Got> got = readAll(false, bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f));
        assertEquals("[message 1 Hello]", got.toString());
    }

    @Test
    void pingBetweenFragmentsIsDeliveredFirst() throws Exception {
        List<Got> got = readAll(false, bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f,
                0x80, 0x02, 0x6c, 0x6f));
        assertEquals("[control 9 Hello, message 1 Hello]", got.toString());
    }

    @Test
    void lengthsOf256And65536Bytes() throws Exception {
        for (int size : new int[] {256, 65536}) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) i;
            }
            byte[] wire = new byte[size + 10];
            int n = WebSocketFrameWriter.write(WebSocketFrameReader.OP_BINARY, payload, 0, size, false, 0, wire, 0);
            byte[] head = size == 256 ? bytes(0x82, 0x7e, 0x01, 0x00)
                    : bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
            assertArrayEquals(head, Arrays.copyOf(wire, head.length), "§5.7 header of " + size + " bytes");
            List<Got> got = readAll(false, Arrays.copyOf(wire, n));
            assertEquals(1, got.size());
            assertArrayEquals(payload, got.get(0).payload());
        }
    }

    @Test
    void aFrameCutShortWaitsForTheRest() throws Exception {
        byte[] wire = bytes(0x82, 0x03, 1, 2, 3, 0x82, 0x02, 4);
        Collect c = new Collect();
        WebSocketFrameReader r = new WebSocketFrameReader(false, 1000);
        assertEquals(5, r.read(wire, 0, wire.length, c), "the second frame is incomplete");
        assertEquals(1, c.got.size());
        byte[] rest = bytes(0x82, 0x02, 4, 5);
        assertEquals(4, r.read(rest, 0, rest.length, c));
        assertArrayEquals(bytes(4, 5), c.got.get(1).payload());
    }

    @Test
    void framesAClientMustRefuse() {
        WebSocketFrameReader r = new WebSocketFrameReader(false, 1000);
        Collect c = new Collect();
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58), 0, 11, c)).closeCode(),
                "masked from the server");
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0xc1, 0x00), 0, 2, c)).closeCode(), "RSV1 without an extension");
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0x83, 0x00), 0, 2, c)).closeCode(), "reserved opcode 3");
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0x09, 0x00), 0, 2, c)).closeCode(), "fragmented ping");
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0x80, 0x00), 0, 2, c)).closeCode(), "continuation of nothing");
        assertEquals(1009, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> r.read(
                bytes(0x82, 0x7e, 0x10, 0x00), 0, 4, c)).closeCode(), "4096 bytes > 1000 allowed");
        WebSocketFrameReader fresh = new WebSocketFrameReader(false, 1000);
        assertEquals(1002, assertThrows(WebSocketFrameReader.ProtocolException.class, () -> fresh.read(
                bytes(0x01, 0x01, 0x41, 0x81, 0x01, 0x42), 0, 6, c)).closeCode(), "new message inside a fragmented one");
    }
}
