package org.rtcsip.sidecar.net.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * The steady path allocates nothing: parsing 20 ms media frames and writing masked ones reuse their buffers
 * (measured with the JVM's per-thread allocation counter after a warm-up, so the JIT's own work is done).
 */
class WebSocketAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static final class Count implements WebSocketFrameReader.Sink {
        long bytes;

        @Override
        public void message(int opcode, byte[] buf, int off, int len) {
            bytes += len;
        }

        @Override
        public void control(int opcode, byte[] buf, int off, int len) {
            bytes += len;
        }
    }

    @Test
    void parsingAndWritingMediaFramesAllocateNothing() throws Exception {
        byte[] payload = new byte[160];
        byte[] wire = new byte[50 * 166];
        int n = 0;
        for (int i = 0; i < 50; i++) {
            n += WebSocketFrameWriter.write(WebSocketFrameReader.OP_BINARY, payload, 0, 160, false, 0, wire, n);
        }
        int length = n;
        WebSocketFrameReader reader = new WebSocketFrameReader(false, 4096);
        Count sink = new Count();
        byte[] out = new byte[200];
        Runnable round = () -> {
            try {
                for (int k = 0; k < 200; k++) {
                    reader.read(wire, 0, length, sink);
                    WebSocketFrameWriter.write(WebSocketFrameReader.OP_BINARY, payload, 0, 160, true, k, out, 0);
                }
            } catch (WebSocketFrameReader.ProtocolException e) {
                throw new AssertionError(e);
            }
        };
        for (int warm = 0; warm < 50; warm++) {
            round.run();
        }
        long before = allocated();
        for (int r = 0; r < 20; r++) {
            round.run(); // 10,000 frames parsed, 200 written
        }
        long perMessage = (allocated() - before) / (20 * (200 * 50 + 200));
        // the counter's own reads and the odd JIT event allocate a few hundred bytes in all: 0 per message
        assertEquals(0, perMessage, "bytes allocated per frame parsed or written");
        assertEquals(70L * 200 * 50 * 160, sink.bytes);
    }
}
