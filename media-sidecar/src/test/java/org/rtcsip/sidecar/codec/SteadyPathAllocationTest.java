package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The codec classes we wrote allocate nothing per packet once warm: G.711 both ways, the Repacketizer, the
 * telephone-event rescaler, the Opus header reader, and the libopus backend (JNA direct calls over reused native
 * buffers). (Concentus itself allocates per frame; see CodecFrameCost.)
 */
class SteadyPathAllocationTest {
    private static final int ROUNDS = 20_000;

    private static long allocatedPerRound(Runnable round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < ROUNDS; i++) {
            round.run();
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ROUNDS; i++) {
            round.run();
        }
        return (threads.getThreadAllocatedBytes(thread) - before) / ROUNDS;
    }

    @Test
    void g711RepacketizingAndEventRescalingAllocateNothingPerPacket() {
        G711Codec pcmu = G711Codec.PCMU;
        G711Codec pcma = G711Codec.PCMA;
        short[] pcm = ToneGenerator.sine(1000, 8000, 8000, 160);
        byte[] payload = new byte[160];
        short[] decoded = new short[160];
        Repacketizer repacketizer = new Repacketizer(8000, 30, 4, 0);
        short[] frame = new short[240];
        TelephoneEventRescaler rescaler = new TelephoneEventRescaler(48000, 8000);
        byte[] event = new byte[4];
        byte[] eventOut = new byte[4];
        byte[] opus = {0x08, 0x40, 0x11, 0x22};
        long[] timestamp = {0};
        long perRound = allocatedPerRound(() -> {
            pcmu.encode(pcm, 0, 160, payload, 0, 160);
            pcmu.decode(payload, 0, 160, decoded, 0);
            pcma.encode(decoded, 0, 160, payload, 0, 160);
            pcma.decode(payload, 0, 160, decoded, 0);
            repacketizer.push(decoded, 0, 160);
            if (timestamp[0] % 7 == 0) {
                repacketizer.skip(80);
            }
            while (repacketizer.framesReady() > 0) {
                repacketizer.nextFrameTimestamp();
                repacketizer.pull(frame, 0);
            }
            int d = (int) (timestamp[0] % 10) * 960 + 960;
            TelephoneEvent.write(event, 0, 5, d == 9600, 10, d);
            rescaler.map(timestamp[0] / 10 * 96000, event, 0, 4, eventOut, 0);
            rescaler.repeatEnd(eventOut, 0);
            OpusPacket.samples(opus, 0, opus.length, 8000);
            OpusPacket.hasFec(opus, 0, opus.length);
            timestamp[0]++;
        });
        assertTrue(perRound == 0, perRound + " bytes allocated per packet");
    }

    @Test
    void libopusEncodesDecodesConcealsAndRecoversWithoutAllocatingPerPacket() {
        short[] voice = new SyntheticVoice(8000, 8000, 9).next(8000);
        byte[] payload = new byte[1500];
        short[] decoded = new short[960];
        int[] frame = {0};
        try (LibOpusEncoder encoder = new LibOpusEncoder(OpusEncoderSettings.defaults().withFec(true, 10));
             LibOpusDecoder decoder = new LibOpusDecoder(8000)) {
            long perRound = allocatedPerRound(() -> {
                int f = frame[0]++ % 50;
                int len = encoder.encode(voice, f * 160, 160, payload, 0, payload.length);
                if (f % 10 == 3) {
                    decoder.decodeLost(160, decoded, 0);
                } else if (f % 10 == 7) {
                    decoder.decodeFec(payload, 0, len, 160, decoded, 0);
                }
                if (decoder.decode(payload, 0, len, decoded, 0) != 160) {
                    throw new AssertionError("decode failed");
                }
            });
            assertTrue(perRound == 0, perRound + " bytes allocated per packet");
        }
    }
}
