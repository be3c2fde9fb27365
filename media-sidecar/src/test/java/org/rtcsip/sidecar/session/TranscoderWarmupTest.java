package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;

class TranscoderWarmupTest {
    @Test
    void transcodesBrowserOpusAndTrunkPcmuFrameForFrameWithinItsBudget() {
        long[] now = {0};
        // a clock that moves 1 ms per reading: the budget ends the run after a known amount of work
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(1_000_000_000L, () -> now[0] += 1_000_000, () -> false, null);

        assertTrue(r.framesIn() >= 400, "frames fed in: " + r.framesIn());
        assertTrue(r.framesIn() <= 1200, "the budget stops it: " + r.framesIn());
        assertEquals(0, r.undecodable(), "hybrid-mode browser Opus and PCMU both decode");
        assertEquals(r.framesIn(), r.packetsOut(), "one 20 ms packet out per 20 ms frame in, both directions");
        assertEquals("opus/48000/2 -> PCMU/8000 and PCMU/8000 -> opus/48000/2", r.path());
        assertFalse(r.settled(), "no JIT to watch: the budget ended it");
    }

    @Test
    void endsOnceTheJitHasBeenIdleForASecond() {
        long[] now = {0};
        // the JIT compiles 50 ms per second of warm-up for its first 3 s, then 1 ms per second (unrelated code)
        LongSupplier compileMillis = () -> Math.min(now[0], 3_000_000_000L) / 20_000_000 + now[0] / 1_000_000_000;
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(60_000_000_000L, () -> now[0] += 1_000_000, () -> false, compileMillis);

        assertTrue(r.settled(), r.toString());
        assertTrue(r.elapsedNanos() >= 4_000_000_000L && r.elapsedNanos() <= 5_200_000_000L,
                "ends within the first quiet second after 3 s of compiling, not at the 60 s budget: " + r);
        assertTrue(r.toString().contains("compiled"), r.toString());
    }

    @Test
    void aJitThatKeepsCompilingRunsToTheBudget() {
        long[] now = {0};
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(3_000_000_000L, () -> now[0] += 1_000_000, () -> false, () -> now[0] / 100_000_000);

        assertFalse(r.settled(), r.toString());
        assertTrue(r.elapsedNanos() >= 3_000_000_000L, r.toString());
        assertTrue(r.toString().contains("ended before the JIT was idle"), r.toString());
    }

    @Test
    void stopsAtOnceWhenCancelled() {
        TranscoderWarmup.Result r = new TranscoderWarmup(concentus())
                .run(60_000_000_000L, System::nanoTime, () -> true, null);

        assertEquals(0, r.framesIn());
    }

    @Test
    void freesTheNativeCodecStatesItMade() {
        long before = OpusCodecs.liveNativeStates();
        long[] now = {0};
        new TranscoderWarmup(new CodecFactory(OpusCodecs.libopus(), OpusEncoderSettings.defaults()))
                .run(100_000_000L, () -> now[0] += 1_000_000, () -> false, null);

        assertEquals(before, OpusCodecs.liveNativeStates(), "libopus encoder and decoder closed");
    }

    private static CodecFactory concentus() {
        return new CodecFactory(OpusCodecs.concentus(), OpusEncoderSettings.defaults());
    }
}
