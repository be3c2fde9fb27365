package org.rtcsip.bench.audio;

import java.util.SplittableRandom;

/**
 * A deterministic signal with speech's broad traits, so codecs spend the effort they spend on speech: a voiced
 * source (harmonics of a wandering 90-190 Hz pitch, shaped by two moving formants), syllables of 120-320 ms with
 * short gaps, an unvoiced noise burst now and then, and a longer pause every couple of seconds. Not speech, and
 * not meant to be listened to: it only keeps encoders out of their cheap paths for silence and pure tones.
 */
public final class SpeechLikeSignal {
    private SpeechLikeSignal() {
    }

    /** {@code seconds} of 16-bit mono PCM at {@code sampleRate}, the same for the same seed. */
    public static short[] generate(int sampleRate, double seconds, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = (int) Math.round(seconds * sampleRate);
        short[] out = new short[n];
        double nyquistGuard = Math.min(3800, sampleRate / 2.0 - 200);
        double pitch = 130;
        double phase = 0;
        int i = 0;
        int syllables = 0;
        while (i < n) {
            int voiced = (int) (sampleRate * (0.12 + 0.20 * rnd.nextDouble()));
            int gap = (int) (sampleRate * (++syllables % 8 == 0 ? 0.40 : 0.03 + 0.10 * rnd.nextDouble()));
            double f1 = 300 + 600 * rnd.nextDouble();
            double f2 = 900 + 1500 * rnd.nextDouble();
            double level = 5000 + 6000 * rnd.nextDouble();
            boolean fricative = rnd.nextInt(4) == 0;
            for (int k = 0; k < voiced && i < n; k++, i++) {
                pitch += (rnd.nextDouble() - 0.5) * 0.4;
                pitch = Math.max(90, Math.min(190, pitch));
                phase += 2 * Math.PI * pitch / sampleRate;
                double envelope = Math.sin(Math.PI * k / voiced); // rise and fall over the syllable
                double v = 0;
                for (int h = 1; h * pitch < nyquistGuard; h++) {
                    double f = h * pitch;
                    double formants = 1 / (1 + sq((f - f1) / 150)) + 0.6 / (1 + sq((f - f2) / 250));
                    v += formants / h * Math.sin(h * phase);
                }
                double noise = fricative && k < voiced / 4 ? (rnd.nextDouble() - 0.5) * 0.6 : 0;
                out[i] = clip(level * envelope * (v + noise));
            }
            for (int k = 0; k < gap && i < n; k++, i++) {
                out[i] = clip((rnd.nextDouble() - 0.5) * 40); // room noise, not digital silence
            }
        }
        return out;
    }

    private static double sq(double x) {
        return x * x;
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
