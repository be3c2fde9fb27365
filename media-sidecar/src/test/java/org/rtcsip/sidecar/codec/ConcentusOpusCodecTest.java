package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Concentus backends through the AudioDecoder/AudioEncoder contract: sizes, errors, hostile input. */
class ConcentusOpusCodecTest {
    private static byte[] encodedVoice(int frameSamples) {
        ConcentusOpusEncoder encoder = new ConcentusOpusEncoder(OpusEncoderSettings.defaults());
        short[] pcm = new SyntheticVoice(8000, 8000, 1).next(frameSamples);
        byte[] out = new byte[1500];
        int len = encoder.encode(pcm, 0, frameSamples, out, 0, out.length);
        assertTrue(len > 0, CodecError.label(len));
        return java.util.Arrays.copyOf(out, len);
    }

    @Test
    void encodesEveryOpusFrameSizeAndDecodesItToTheSameDurationAtEachOutputRate() {
        for (int samples : new int[] {20, 40, 80, 160, 320, 480}) {
            byte[] packet = encodedVoice(samples);
            assertEquals(samples, OpusPacket.samples(packet, 0, packet.length, 8000));
            for (int rate : new int[] {8000, 16000, 48000}) {
                ConcentusOpusDecoder decoder = new ConcentusOpusDecoder(rate);
                short[] pcm = new short[decoder.maxSamplesPerPacket()];
                assertEquals(samples * rate / 8000, decoder.decode(packet, 0, packet.length, pcm, 0),
                        samples + " samples at 8 kHz decoded at " + rate);
            }
        }
    }

    @Test
    void refuses30msBecauseItIsNotAnOpusFrameSize() {
        ConcentusOpusEncoder encoder = new ConcentusOpusEncoder(OpusEncoderSettings.defaults());
        assertEquals(CodecError.BAD_FRAME_SIZE, encoder.encode(new short[240], 0, 240, new byte[1500], 0, 1500));
        assertEquals(CodecError.BAD_FRAME_SIZE, encoder.encode(new short[100], 0, 160, new byte[1500], 0, 1500));
        assertEquals(CodecError.BUFFER_TOO_SMALL, encoder.encode(new short[160], 0, 160, new byte[2], 0, 2));
        assertEquals(CodecError.BUFFER_TOO_SMALL, encoder.encode(new short[160], 0, 160, new byte[10], 0, 20));
    }

    @Test
    void namesTheErrorOfEachBadDecoderCall() {
        ConcentusOpusDecoder decoder = new ConcentusOpusDecoder(8000);
        byte[] packet = encodedVoice(160);
        assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decode(packet, 0, 0, new short[960], 0), "empty payload");
        assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decode(packet, 0, packet.length, new short[159], 0));
        assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decode(packet, 0, packet.length, new short[960], 801));
        assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(150, new short[960], 0), "not 2.5 ms steps");
        assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(0, new short[960], 0));
        assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(980, new short[2000], 0), "over 120 ms");
        assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decodeLost(160, new short[100], 0));
        assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decodeFec(new byte[0], 0, 0, 160, new short[960], 0));
        assertEquals(160, decoder.decodeLost(160, new short[960], 0));
        assertEquals(960, decoder.decodeLost(960, new short[960], 0), "up to 120 ms concealed in one call");
        assertThrows(IllegalArgumentException.class, () -> new ConcentusOpusDecoder(44100));
    }

    @Test
    void randomPayloadsNeverThrowAndDecodeOrAreNamedCorrupt() {
        Random random = new Random(7587);
        ConcentusOpusDecoder decoder = new ConcentusOpusDecoder(8000);
        short[] pcm = new short[decoder.maxSamplesPerPacket()];
        byte[] good = encodedVoice(160);
        byte[] b = new byte[200];
        int corrupt = 0;
        for (int i = 0; i < 5_000; i++) {
            int len;
            if (i % 2 == 0) {
                random.nextBytes(b);
                len = 1 + random.nextInt(b.length);
            } else {
                // A real packet with a few bytes flipped: deeper into the decoder than random bytes get.
                System.arraycopy(good, 0, b, 0, good.length);
                for (int k = 0; k < 3; k++) {
                    b[random.nextInt(good.length)] ^= (byte) (1 << random.nextInt(8));
                }
                len = good.length;
            }
            int n = decoder.decode(b, 0, len, pcm, 0);
            assertTrue(n == CodecError.CORRUPT_PAYLOAD || (n > 0 && n <= pcm.length), "result " + n);
            if (n < 0) {
                corrupt++;
            }
        }
        System.out.printf("opus decoder fuzz: %d of 5000 payloads refused as corrupt%n", corrupt);
        // Still decodes a good packet afterwards.
        assertEquals(160, decoder.decode(good, 0, good.length, pcm, 0));
    }

    @Test
    void appliesNewSettingsBetweenPackets() {
        ConcentusOpusEncoder encoder = new ConcentusOpusEncoder(OpusEncoderSettings.defaults());
        OpusEncoderSettings lossy = OpusEncoderSettings.defaults().withFec(true, 20).withBitrate(16000);
        encoder.apply(lossy);
        assertEquals(lossy, encoder.settings());
        encoder.reset();
        assertEquals(lossy, encoder.settings(), "reset keeps the settings");
    }
}
