package org.rtcsip.testbed.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** DTMF found in synthetic audio as a phone would hear it: with a tone and noise behind, at 8 and 48 kHz. */
class DtmfDetectorTest {
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D";

    /** Each digit {@code toneMs} long, {@code gapMs} apart, over a 440 Hz tone {@code backgroundDb} below it. */
    private static short[] keyed(String digits, int rate, int toneMs, int gapMs, double backgroundDb, long seed) {
        Random random = new Random(seed);
        int per = rate * (toneMs + gapMs) / 1000;
        short[] x = new short[per * digits.length() + rate / 5];
        double amplitude = 6000;
        double background = amplitude * Math.pow(10, backgroundDb / 20);
        for (int i = 0; i < x.length; i++) {
            double v = background * Math.sin(2 * Math.PI * 440 * i / rate) + 50 * random.nextGaussian();
            int d = i / per;
            if (d < digits.length() && i % per < rate * toneMs / 1000) {
                int key = KEYS.indexOf(digits.charAt(d));
                v += amplitude * Math.sin(2 * Math.PI * ROWS[key / 4] * i / rate)
                        + amplitude * Math.sin(2 * Math.PI * COLUMNS[key % 4] * i / rate);
            }
            x[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return x;
    }

    @Test
    void findsEveryKeyInOrderAt8And48kHz() {
        String all = "123456789*0#ABCD";
        assertEquals(all, DtmfDetector.digits(keyed(all, 8000, 100, 100, -20, 1), 8000));
        assertEquals(all, DtmfDetector.digits(keyed(all, 48000, 100, 100, -20, 2), 48000));
        assertEquals(all, DtmfDetector.digits(keyed(all, 44100, 100, 100, -20, 3), 44100));
    }

    @Test
    void theSameDigitTwiceIsTwoKeysAfterAPauseOfAKeyer() {
        // 80 ms on, 120 ms off: an auto-dialer's pace
        assertEquals("1155##", DtmfDetector.digits(keyed("1155##", 8000, 80, 120, -30, 4), 8000));
    }

    @Test
    void aKeyInterruptedForAMomentIsOneKey() {
        short[] x = keyed("4", 8000, 300, 100, -30, 7);
        java.util.Arrays.fill(x, 1000, 1400, (short) 0); // 50 ms of nothing in the middle of the key
        assertEquals("4", DtmfDetector.digits(x, 8000));
    }

    @Test
    void aToneNoiseOrSilenceAloneHoldsNoDigit() {
        short[] tone = keyed("", 48000, 100, 100, 0, 5);
        assertEquals("", DtmfDetector.digits(tone, 48000));
        Random random = new Random(6);
        short[] noise = new short[8000 * 3];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) Math.round(3000 * random.nextGaussian());
        }
        assertEquals("", DtmfDetector.digits(noise, 8000));
        assertEquals("", DtmfDetector.digits(new short[8000], 8000));
    }
}
