package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;

class TranscoderWarmupTest {
    @Test
    void transcodesBrowserOpusAndTrunkPcmuFrameForFrameWithinItsBudget() {
        long[] now = {0};
        // a clock that moves 1 ms per reading: the budget ends the run after a known amount of work
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(1_000_000_000L, () -> now[0] += 1_000_000, () -> false);

        assertTrue(r.framesIn() >= 400, "frames fed in: " + r.framesIn());
        assertTrue(r.framesIn() <= 1200, "the budget stops it: " + r.framesIn());
        assertEquals(0, r.undecodable(), "hybrid-mode browser Opus and PCMU both decode");
        assertEquals(r.framesIn(), r.packetsOut(), "one 20 ms packet out per 20 ms frame in, both directions");
        assertEquals("opus/48000/2 -> PCMU/8000 and PCMU/8000 -> opus/48000/2", r.path());
    }

    @Test
    void stopsAtOnceWhenCancelled() {
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(60_000_000_000L, System::nanoTime, () -> true);

        assertEquals(0, r.framesIn());
    }

    @Test
    void freesTheNativeCodecStatesItMade() {
        long before = OpusCodecs.liveNativeStates();
        long[] now = {0};
        new TranscoderWarmup(new CodecFactory(OpusCodecs.libopus(), OpusEncoderSettings.defaults()))
                .run(100_000_000L, () -> now[0] += 1_000_000, () -> false);

        assertEquals(before, OpusCodecs.liveNativeStates(), "libopus encoder and decoder closed");
    }

    private static CodecFactory concentus() {
        return new CodecFactory(OpusCodecs.concentus(), OpusEncoderSettings.defaults());
    }
}
