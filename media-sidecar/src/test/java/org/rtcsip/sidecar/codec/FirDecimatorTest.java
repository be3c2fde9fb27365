package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rtcsip.testbed.audio.SignalMetrics;

class FirDecimatorTest {
    private static short[] decimate(double hz, int frames) {
        FirDecimator d = new FirDecimator(48000, 8000);
        ToneGenerator tone = new ToneGenerator(hz, 10000, 48000);
        short[] out = new short[160 * frames];
        int at = 0;
        for (int i = 0; i < frames; i++) {
            at += d.process(tone.next(960), 0, 960, out, at);
        }
        assertEquals(160 * frames, at, "exactly one output sample per six inputs, frame after frame");
        return out;
    }

    @Test
    void keepsTheTelephoneBand() {
        short[] out = decimate(1000, 20);
        double amplitude = SignalMetrics.fittedAmplitude(out, 800, out.length - 800, 1000, 8000);
        assertEquals(10000, amplitude, 150, "passband gain within 0.15 dB");
        assertTrue(SignalMetrics.snrDb(out, 800, out.length - 800, 1000, 8000) > 40);
    }

    @Test
    void stopsWhatWouldAliasIntoIt() {
        short[] out = decimate(6000, 20); // would fold to 2 kHz without the low-pass
        double rms = SignalMetrics.rms(out, 800, out.length - 800);
        assertTrue(rms < 10000 / Math.sqrt(2) / 100, "at least 40 dB down, rms " + rms);
    }
}
