package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** G711Codec and G711Codec as AudioDecoder/AudioEncoder: counts, offsets, and the error each bad call gets. */
class G711CodecTest {
    @Test
    void encodesAndDecodesOneByteperSampleAtTheGivenOffsets() {
        G711Codec pcmu = G711Codec.PCMU;
        short[] pcm = {0, 0, 1000, -1000, 32767};
        byte[] out = new byte[6];
        assertEquals(3, pcmu.encode(pcm, 2, 3, out, 1, 5));
        assertEquals(0, out[0]);
        assertEquals(G711.linearToUlaw(1000), out[1]);
        assertEquals(G711.linearToUlaw(-1000), out[2]);
        assertEquals((byte) 0x80, out[3]);
        short[] back = new short[4];
        assertEquals(3, pcmu.decode(out, 1, 3, back, 1));
        assertArrayEquals(new short[] {0, G711.ulawToLinear(out[1]), G711.ulawToLinear(out[2]), 32124}, back);

        G711Codec pcma = G711Codec.PCMA;
        assertEquals(3, pcma.encode(pcm, 2, 3, out, 0, 6));
        assertEquals(G711.linearToAlaw(1000), out[0]);
        assertEquals(3, pcma.decode(out, 0, 3, back, 0));
        assertEquals(G711.alawToLinear(out[0]), back[0]);
    }

    @Test
    void namesTheErrorOfEachBadCall() {
        for (AudioDecoder d : new AudioDecoder[] {G711Codec.PCMU, G711Codec.PCMA}) {
            short[] pcm = new short[160];
            assertEquals(CodecError.CORRUPT_PAYLOAD, d.decode(new byte[10], 5, 10, pcm, 0), "view outside its array");
            assertEquals(CodecError.CORRUPT_PAYLOAD, d.decode(new byte[10], -1, 4, pcm, 0), "negative offset");
            assertEquals(CodecError.BUFFER_TOO_SMALL, d.decode(new byte[200], 0, 161, pcm, 0), "pcm too short");
            assertEquals(CodecError.BUFFER_TOO_SMALL, d.decodeLost(161, pcm, 0));
            assertEquals(CodecError.BAD_FRAME_SIZE, d.decodeLost(-1, pcm, 0));
            assertFalse(d.supportsFec());
            assertEquals(CodecError.UNSUPPORTED, d.decodeFec(new byte[160], 0, 160, 160, pcm, 0));
            assertEquals("codec_unsupported", CodecError.label(CodecError.UNSUPPORTED));
        }
        for (AudioEncoder e : new AudioEncoder[] {G711Codec.PCMU, G711Codec.PCMA}) {
            assertEquals(CodecError.BUFFER_TOO_SMALL, e.encode(new short[160], 0, 160, new byte[200], 0, 159));
            assertEquals(CodecError.BUFFER_TOO_SMALL, e.encode(new short[160], 0, 160, new byte[100], 0, 160));
            assertEquals(CodecError.BAD_FRAME_SIZE, e.encode(new short[100], 0, 160, new byte[200], 0, 200));
        }
    }

    @Test
    void concealsALostPacketWithSilenceSinceG711HasNoConcealmentOfItsOwn() {
        short[] pcm = new short[170];
        java.util.Arrays.fill(pcm, (short) 99);
        assertEquals(160, G711Codec.PCMA.decodeLost(160, pcm, 5));
        assertEquals(99, pcm[4]);
        assertEquals(0, pcm[5]);
        assertEquals(0, pcm[164]);
        assertEquals(99, pcm[165]);
    }
}
