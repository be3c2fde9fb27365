package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cutting PCM to the outgoing ptime with timestamps that follow real time across gaps. */
class RepacketizerTest {
    private static short[] ramp(int from, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void cuts20msPacketsInto30msFramesWithContinuousTimestampsAndSamples() {
        Repacketizer r = new Repacketizer(8000, 30, 4, 1000);
        assertEquals(240, r.frameSamples());
        short[] frame = new short[240];
        int pushed = 0;
        int pulled = 0;
        long expected = 1000;
        for (int packet = 0; packet < 12; packet++) {
            assertEquals(160, r.push(ramp(pushed, 160), 0, 160));
            pushed += 160;
            while (r.framesReady() > 0) {
                assertEquals(expected, r.nextFrameTimestamp());
                assertEquals(240, r.pull(frame, 0));
                for (int i = 0; i < 240; i++) {
                    assertEquals((short) (pulled + i), frame[i]);
                }
                pulled += 240;
                expected += 240;
            }
        }
        assertEquals(8, pulled / 240, "12 x 20 ms = 8 x 30 ms");
        assertEquals(0, r.partialSamples());
    }

    @Test
    void cutsEveryPtimeFromAnyInputSize() {
        for (int ptime : new int[] {10, 20, 30, 40}) {
            for (int in : new int[] {20, 80, 160, 240, 320, 480, 960}) {
                Repacketizer r = new Repacketizer(8000, ptime, 16, 0);
                short[] frame = new short[r.frameSamples()];
                long expected = 0;
                int frames = 0;
                for (int k = 0; k < 24; k++) {
                    assertEquals(in, r.push(new short[in], 0, in));
                    while (r.framesReady() > 0) {
                        assertEquals(expected, r.nextFrameTimestamp());
                        r.pull(frame, 0);
                        expected += r.frameSamples();
                        frames++;
                    }
                }
                assertEquals(24 * in / r.frameSamples(), frames, ptime + " ms from " + in + "-sample input");
            }
        }
    }

    @Test
    void aGapClosesThePartialFrameWithSilenceAndMovesTheTimestampOn() {
        Repacketizer r = new Repacketizer(8000, 20, 4, 0);
        r.push(ramp(1, 100), 0, 100);
        r.skip(1000); // e.g. Opus DTX: 125 ms with nothing sent
        assertEquals(1, r.framesReady(), "the 100 samples go out padded, not held back");
        assertEquals(0, r.nextFrameTimestamp());
        short[] frame = new short[160];
        r.pull(frame, 0);
        assertEquals(100, frame[99]);
        assertEquals(0, frame[100]);
        assertEquals(1100, r.writeTimestamp(), "the gap counts from where the audio stopped");
        r.push(ramp(7, 160), 0, 160);
        assertEquals(1100, r.nextFrameTimestamp());
        r.pull(frame, 0);
        assertEquals(7, frame[0]);
    }

    @Test
    void aGapShorterThanThePaddingFillsOnlyWhatPassed() {
        Repacketizer r = new Repacketizer(8000, 20, 4, 0);
        r.push(new short[100], 0, 100);
        r.skip(20);
        assertEquals(0, r.framesReady());
        assertEquals(120, r.partialSamples());
        assertEquals(120, r.writeTimestamp());
        r.push(new short[40], 0, 40);
        assertEquals(1, r.framesReady());
        assertEquals(0, r.nextFrameTimestamp());
    }

    @Test
    void refusesAudioNobodyPulledAndAppendsNothingOfIt() {
        Repacketizer r = new Repacketizer(8000, 20, 2, 0);
        assertEquals(320, r.push(new short[320], 0, 320));
        assertEquals(CodecError.BUFFER_TOO_SMALL, r.push(new short[1], 0, 1));
        assertEquals(0, r.room());
        assertEquals(320, r.writeTimestamp());
        assertEquals(CodecError.BAD_FRAME_SIZE, r.push(new short[10], 5, 10));
        assertEquals(CodecError.BUFFER_TOO_SMALL, r.pull(new short[100], 0));
        assertEquals(0, new Repacketizer(8000, 20, 2, 0).pull(new short[160], 0), "nothing ready");
    }

    @Test
    void refusesAPtimeTheTranscoderDoesNotSend() {
        assertEquals("ptime 25 ms: the transcoder sends 10, 20, 30 or 40",
                assertThrows(IllegalArgumentException.class, () -> new Repacketizer(8000, 25, 4, 0)).getMessage());
    }

    @Test
    void timestampsOnlyGrowAcrossRandomAudioGapsAndTheWrapAt2to32() {
        Random random = new Random(3550);
        Repacketizer r = new Repacketizer(8000, 20, 64, 0xFFFF_F000L);
        short[] frame = new short[160];
        long previous = -1;
        long timeline = 0xFFFF_F000L;
        int frames = 0;
        for (int i = 0; i < 5_000; i++) {
            if (random.nextInt(4) == 0) {
                int gap = random.nextInt(2000);
                r.skip(gap);
                timeline += gap;
            } else {
                int n = 20 * (1 + random.nextInt(24));
                assertEquals(n, r.push(new short[n], 0, n));
                timeline += n;
            }
            assertEquals(timeline & 0xFFFF_FFFFL, r.writeTimestamp());
            while (r.framesReady() > 0) {
                long ts = r.nextFrameTimestamp();
                if (previous >= 0) {
                    long step = (ts - previous) & 0xFFFF_FFFFL;
                    assertTrue(step >= 160 && step < 0x8000_0000L, "step " + step);
                }
                previous = ts;
                r.pull(frame, 0);
                frames++;
            }
        }
        assertTrue(timeline > 0x1_0000_0000L, "the run crossed the wrap");
        assertTrue(frames > 1000);
    }
}
