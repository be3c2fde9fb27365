package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Opus packet headers (RFC 6716 §3.1 TOC, §3.2 frame packing) read without decoding. */
class OpusPacketTest {
    private static byte toc(int config, boolean stereo, int code) {
        return (byte) ((config << 3) | (stereo ? 4 : 0) | code);
    }

    @Test
    void readsTheFrameSizeOfEveryTocConfiguration() {
        // RFC 6716 §3.1 Table 2, in ms: SILK NB/MB/WB 10/20/40/60, hybrid SWB/FB 10/20, CELT NB/WB/SWB/FB 2.5/5/10/20.
        double[] ms = new double[32];
        for (int c = 0; c < 12; c++) {
            ms[c] = new double[] {10, 20, 40, 60}[c % 4];
        }
        for (int c = 12; c < 16; c++) {
            ms[c] = new double[] {10, 20}[c % 2];
        }
        for (int c = 16; c < 32; c++) {
            ms[c] = new double[] {2.5, 5, 10, 20}[c % 4];
        }
        for (int c = 0; c < 32; c++) {
            byte[] p = {toc(c, false, 0), 0};
            assertEquals(ms[c] * 8, OpusPacket.samples(p, 0, 2, 8000), "config " + c + " at 8 kHz");
            assertEquals(ms[c] * 48, OpusPacket.samples(p, 0, 2, 48000), "config " + c + " at 48 kHz");
        }
    }

    @Test
    void countsFramesByTheTocCode() {
        // Config 1: SILK NB 20 ms.
        assertEquals(160, OpusPacket.samples(new byte[] {toc(1, false, 0), 1, 2}, 0, 3, 8000));
        assertEquals(320, OpusPacket.samples(new byte[] {toc(1, false, 1), 1, 2}, 0, 3, 8000));
        assertEquals(320, OpusPacket.samples(new byte[] {toc(1, false, 2), 1, 2}, 0, 3, 8000));
        // Code 3: M in the low six bits of the second byte; 3 x 20 ms.
        assertEquals(480, OpusPacket.samples(new byte[] {toc(1, false, 3), 3, 0, 0, 0}, 0, 5, 8000));
        // The view's offset is honoured.
        assertEquals(160, OpusPacket.samples(new byte[] {99, 99, toc(1, false, 0), 5}, 2, 2, 8000));
    }

    @Test
    void namesMalformedHeadersCorrupt() {
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(new byte[0], 0, 0, 8000), "empty");
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(new byte[] {toc(1, false, 3)}, 0, 1, 8000),
                "code 3 without its frame count");
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(new byte[] {toc(1, false, 3), 0}, 0, 2, 8000),
                "code 3 with zero frames");
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(new byte[] {toc(3, false, 3), 3}, 0, 2, 8000),
                "3 x 60 ms is over 120 ms");
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(new byte[] {toc(1, false, 0)}, 0, 2, 8000),
                "view past the array");
        assertEquals(CodecError.CORRUPT_PAYLOAD, OpusPacket.samples(null, 0, 0, 8000), "no array");
    }

    @Test
    void findsTheLbrrFlagAfterTheVadFlags() {
        // 20 ms SILK frame: VAD flag is the top bit, LBRR the next (RFC 6716 §4.2.3-§4.2.4).
        assertTrue(OpusPacket.hasFec(new byte[] {toc(1, false, 0), (byte) 0b0100_0000}, 0, 2));
        assertFalse(OpusPacket.hasFec(new byte[] {toc(1, false, 0), (byte) 0b1011_1111}, 0, 2));
        // 60 ms SILK frame: three VAD flags, then LBRR.
        assertTrue(OpusPacket.hasFec(new byte[] {toc(3, false, 0), (byte) 0b0001_0000}, 0, 2));
        assertFalse(OpusPacket.hasFec(new byte[] {toc(3, false, 0), (byte) 0b1110_1111}, 0, 2));
        // Stereo 20 ms: mid VAD, mid LBRR, side VAD, side LBRR.
        assertTrue(OpusPacket.hasFec(new byte[] {toc(1, true, 0), (byte) 0b0001_0000}, 0, 2));
        // CELT never carries LBRR, whatever its bits.
        assertFalse(OpusPacket.hasFec(new byte[] {toc(16, false, 0), (byte) 0xFF}, 0, 2));
        // Code 2: the first frame follows its one-byte length; code 3 VBR: after the count and M-1 lengths.
        assertTrue(OpusPacket.hasFec(new byte[] {toc(1, false, 2), 1, (byte) 0x40, 0}, 0, 4));
        assertTrue(OpusPacket.hasFec(new byte[] {toc(1, false, 3), (byte) 0x82, 1, (byte) 0x40, 0}, 0, 5));
        // Code 3 with padding: one padding-length byte (2), then the frame.
        assertTrue(OpusPacket.hasFec(new byte[] {toc(1, false, 3), (byte) 0x41, 2, (byte) 0x40, 0, 0}, 0, 6));
        // A zero-length first frame (a DTX packet is just the TOC) has none.
        assertFalse(OpusPacket.hasFec(new byte[] {toc(1, false, 0)}, 0, 1));
    }

    @Test
    void randomBytesNeverThrowAndGiveACountOrCorrupt() {
        Random random = new Random(6716);
        byte[] b = new byte[64];
        for (int i = 0; i < 200_000; i++) {
            random.nextBytes(b);
            int len = random.nextInt(b.length + 1);
            int samples = OpusPacket.samples(b, 0, len, 8000);
            assertTrue(samples == CodecError.CORRUPT_PAYLOAD || (samples > 0 && samples <= 960));
            OpusPacket.hasFec(b, 0, len);
        }
    }
}
