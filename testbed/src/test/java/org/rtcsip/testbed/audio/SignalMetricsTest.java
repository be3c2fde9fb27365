package org.rtcsip.testbed.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The measuring tools measured: known signals give known numbers. */
class SignalMetricsTest {
    /** {@code n} samples of {@code amplitude·sin(2πft + phase)} at {@code rate}. */
    static short[] sine(double frequency, double amplitude, int rate, int n, double phase) {
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate + phase));
        }
        return x;
    }

    @Test
    void goertzelGivesTheMeanSquareOfASineAtItsFrequencyAndLittleElsewhere() {
        short[] x = sine(1000, 10000, 8000, 8000, 0);
        assertEquals(10000.0 * 10000 / 2, Goertzel.power(x, 0, 8000, 1000, 8000), 10000.0 * 10000 / 2 * 0.001);
        assertEquals(SignalMetrics.meanSquare(x, 0, 8000), Goertzel.power(x, 0, 8000, 1000, 8000), 5e7 * 0.001);
        assertTrue(Goertzel.power(x, 0, 8000, 1500, 8000) < 1.0);
    }

    @Test
    void aToneWithFramesLeftOutIsStillATonePerBlockThoughNotAsOneLongSum() {
        short[] tone = sine(440, 8000, 8000, 16000, 0);
        short[] skipped = new short[16000 - 16000 / 4000 * 160];
        int n = 0;
        for (int i = 0; i < tone.length; i++) {
            if (i % 4000 >= 160) { // every 500 ms, 20 ms left out: phase jumps
                skipped[n++] = tone[i];
            }
        }
        assertTrue(Goertzel.share(skipped, 0, skipped.length, 440, 8000) < 0.5, "one long sum cancels");
        assertTrue(Goertzel.medianBlockShare(skipped, 800, 440, 8000) > 0.5, "blocks of 100 ms keep the tone");
        assertEquals(1.0, Goertzel.medianBlockShare(tone, 800, 440, 8000), 0.01);
        assertEquals(0, Goertzel.medianBlockShare(new short[100], 800, 440, 8000));
    }

    @Test
    void findsTheDominantFrequencyToATenthOfAHertz() {
        for (double f : new double[] {97.3, 440, 1013, 1234.5, 3400}) {
            short[] x = sine(f, 5000, 8000, 8000, 0);
            assertEquals(f, SignalMetrics.dominantFrequency(x, 0, x.length, 8000, 50, 3950), 0.1, "f=" + f);
        }
        short[] two = sine(697, 3000, 8000, 4000, 0);
        short[] high = sine(1209, 6000, 8000, 4000, 0);
        for (int i = 0; i < two.length; i++) {
            two[i] += high[i];
        }
        assertEquals(1209, SignalMetrics.dominantFrequency(two, 0, two.length, 8000, 50, 3950), 0.1);
    }

    @Test
    void snrOfASineWithKnownNoiseIsTheRatioOfTheirPowers() {
        Random random = new Random(1);
        short[] x = new short[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) Math.round(10000 * Math.sin(2 * Math.PI * 440 * i / 8000.0 + 0.7)
                    + 100 * random.nextGaussian());
        }
        // Signal power 5e7, noise power 1e4 (plus rounding, 1/12): 10·log10(5e7 / 1e4) = 36.99 dB.
        assertEquals(36.99, SignalMetrics.snrDb(x, 0, x.length, 440, 8000), 0.15);
        assertEquals(10000, SignalMetrics.fittedAmplitude(x, 0, x.length, 440, 8000), 10);
    }

    @Test
    void findsTheDelayBetweenASignalAndItsDelayedCopy() {
        Random random = new Random(5);
        short[] x = new short[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) Math.round(3000 * random.nextGaussian()); // white noise: one clear correlation peak
        }
        short[] delayed = new short[8000];
        System.arraycopy(x, 0, delayed, 37, 8000 - 37);
        assertEquals(37, SignalMetrics.delay(x, delayed, 1000, 4000, 100));
        assertEquals(1.0, SignalMetrics.correlation(x, 1000, delayed, 1037, 4000), 1e-9);
    }
}
