package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both Opus backends (Concentus and libopus) through the AudioDecoder/AudioEncoder contract: sizes, errors, hostile
 * input. Each test runs once per backend.
 */
class OpusCodecTest {
    static java.util.stream.Stream<OpusCodecs> backends() {
        return OpusBackends.both();
    }

    private static byte[] encodedVoice(OpusCodecs opus, int frameSamples) {
        AudioEncoder encoder = opus.encoder(OpusEncoderSettings.defaults());
        short[] pcm = new SyntheticVoice(8000, 8000, 1).next(frameSamples);
        byte[] out = new byte[1500];
        int len = encoder.encode(pcm, 0, frameSamples, out, 0, out.length);
        encoder.close();
        assertTrue(len > 0, CodecError.label(len));
        return java.util.Arrays.copyOf(out, len);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void encodesEveryOpusFrameSizeAndDecodesItToTheSameDurationAtEachOutputRate(OpusCodecs opus) {
        for (int samples : new int[] {20, 40, 80, 160, 320, 480}) {
            byte[] packet = encodedVoice(opus, samples);
            assertEquals(samples, OpusPacket.samples(packet, 0, packet.length, 8000));
            for (int rate : new int[] {8000, 16000, 48000}) {
                try (AudioDecoder decoder = opus.decoder(rate)) {
                    short[] pcm = new short[decoder.maxSamplesPerPacket()];
                    assertEquals(samples * rate / 8000, decoder.decode(packet, 0, packet.length, pcm, 0),
                            samples + " samples at 8 kHz decoded at " + rate);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refuses30msBecauseItIsNotAnOpusFrameSize(OpusCodecs opus) {
        try (AudioEncoder encoder = opus.encoder(OpusEncoderSettings.defaults())) {
            assertEquals(CodecError.BAD_FRAME_SIZE, encoder.encode(new short[240], 0, 240, new byte[1500], 0, 1500));
            assertEquals(CodecError.BAD_FRAME_SIZE, encoder.encode(new short[100], 0, 160, new byte[1500], 0, 1500));
            assertEquals(CodecError.BAD_FRAME_SIZE, encoder.encode(null, 0, 160, new byte[1500], 0, 1500));
            assertEquals(CodecError.BUFFER_TOO_SMALL, encoder.encode(new short[160], 0, 160, new byte[2], 0, 2));
            assertEquals(CodecError.BUFFER_TOO_SMALL, encoder.encode(new short[160], 0, 160, new byte[10], 0, 20));
            assertEquals(CodecError.BUFFER_TOO_SMALL, encoder.encode(new short[160], 0, 160, null, 0, 20));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void namesTheErrorOfEachBadDecoderCall(OpusCodecs opus) {
        byte[] packet = encodedVoice(opus, 160);
        try (AudioDecoder decoder = opus.decoder(8000)) {
            assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decode(packet, 0, 0, new short[960], 0), "empty payload");
            assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decode(null, 0, 10, new short[960], 0), "no payload");
            assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decode(packet, 0, packet.length, new short[159], 0));
            assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decode(packet, 0, packet.length, new short[960], 801));
            assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(150, new short[960], 0), "not 2.5 ms steps");
            assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(0, new short[960], 0));
            assertEquals(CodecError.BAD_FRAME_SIZE, decoder.decodeLost(980, new short[2000], 0), "over 120 ms");
            assertEquals(CodecError.BUFFER_TOO_SMALL, decoder.decodeLost(160, new short[100], 0));
            assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decodeFec(new byte[0], 0, 0, 160, new short[960], 0));
            assertEquals(160, decoder.decodeLost(160, new short[960], 0));
            assertEquals(960, decoder.decodeLost(960, new short[960], 0), "up to 120 ms concealed in one call");
        }
        assertThrows(IllegalArgumentException.class, () -> opus.decoder(44100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void randomPayloadsNeverThrowAndDecodeOrAreNamedCorrupt(OpusCodecs opus) {
        Random random = new Random(7587);
        byte[] good = encodedVoice(opus, 160);
        byte[] b = new byte[200];
        int corrupt = 0;
        try (AudioDecoder decoder = opus.decoder(8000)) {
            short[] pcm = new short[decoder.maxSamplesPerPacket()];
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
                // FEC decoding reads the same hostile bytes through another path of the decoder.
                if (i % 5 == 0) {
                    int f = decoder.decodeFec(b, 0, len, 160, pcm, 0);
                    assertTrue(f == CodecError.CORRUPT_PAYLOAD || f == 160, "FEC result " + f);
                }
            }
            System.out.printf("%s decoder fuzz: %d of 5000 payloads refused as corrupt%n", opus, corrupt);
            // Still decodes a good packet afterwards.
            assertEquals(160, decoder.decode(good, 0, good.length, pcm, 0));
        }
    }

    /** Packets that parse as Opus but lie about their frames: each backend must refuse them, never crash. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void namesCorruptEachMalformedPacketShape(OpusCodecs opus) {
        byte[][] malformed = {
            // TOC 0xF8..0xFB: CELT fullband 20 ms (config 31), frame count code 0..3 (RFC 6716 §3.1).
            {(byte) 0xF8},                                        // code 0 with an empty frame
            {(byte) 0xFA, (byte) 0xFF},                           // code 2: a length of 252 or more needs two bytes
            {(byte) 0xFB, (byte) 0x82, 10},                       // code 3 VBR, 2 frames, the first 10 bytes: absent
            {(byte) 0xFB, (byte) 0x43, (byte) 0xFF, (byte) 0xFF}, // code 3 CBR, padding longer than the packet
            {(byte) 0xF9, 1, 2, 3},                               // code 1: two equal frames need an even length
        };
        try (AudioDecoder decoder = opus.decoder(8000)) {
            short[] pcm = new short[decoder.maxSamplesPerPacket()];
            assertEquals(160, decoder.decode(malformed[0], 0, 1, pcm, 0),
                    "a TOC alone is a valid empty frame (RFC 6716 §3.2.1: DTX), decoded as concealment");
            for (int i = 1; i < malformed.length; i++) {
                assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decode(malformed[i], 0, malformed[i].length, pcm, 0),
                        "malformed packet " + i);
            }
        }
    }

    @Test
    void concentusAppliesNewSettingsBetweenPackets() {
        ConcentusOpusEncoder encoder = new ConcentusOpusEncoder(OpusEncoderSettings.defaults());
        OpusEncoderSettings lossy = OpusEncoderSettings.defaults().withFec(true, 20).withBitrate(16000);
        encoder.apply(lossy);
        assertEquals(lossy, encoder.settings());
        encoder.reset();
        assertEquals(lossy, encoder.settings(), "reset keeps the settings");
    }
}
