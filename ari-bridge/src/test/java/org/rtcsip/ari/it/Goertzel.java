package org.rtcsip.ari.it;

import java.util.List;

/** The share of a signal's energy at one frequency (Goertzel filter over the whole recording). */
final class Goertzel {
    private Goertzel() {
    }

    static double share(List<short[]> frames, double frequency, int sampleRate) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        double total = 0;
        int n = 0;
        for (short[] f : frames) {
            for (short x : f) {
                double s = x + coeff * s1 - s2;
                s2 = s1;
                s1 = s;
                total += (double) x * x;
                n++;
            }
        }
        if (n == 0 || total == 0) {
            return 0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        // a pure tone of amplitude A over n samples: power ~ (A n / 2)^2, total ~ A^2 n / 2
        return Math.min(1.0, power / (total * n / 2));
    }
}
