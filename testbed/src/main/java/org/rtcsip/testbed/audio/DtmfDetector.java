package org.rtcsip.testbed.audio;

/**
 * Finds the DTMF digits in recorded audio (ITU-T Q.23 frequencies): what a phone heard when the far end's RFC 4733
 * events were played out as tones (a browser's NetEq does that). 40 ms Hann-windowed blocks every 10 ms; a block
 * holds a digit when the strongest row and the strongest column frequency each stand 10 dB above the other three of
 * their group, the two carry at least a third of the block's energy, and they are within 8 dB of each other (twist,
 * Q.24 allows less). A digit counts once it held for {@value #MIN_BLOCKS} blocks in a row; the same digit again
 * needs a block without it in between.
 */
public final class DtmfDetector {
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final char[][] DIGITS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    private static final int MIN_BLOCKS = 3;
    private static final double GROUP_MARGIN = 10; // power ratio, 10 dB
    private static final double MIN_SHARE = 1.0 / 3;
    private static final double MAX_TWIST = Math.pow(10, 8 / 10.0);
    /** About -50 dBFS: quieter blocks hold no digit. */
    private static final double MIN_MEAN_SQUARE = 32768.0 * 32768.0 * 1e-5;

    private DtmfDetector() {
    }

    /** The digits heard in {@code pcm} (sampled at {@code sampleRate}), in order. */
    public static String digits(short[] pcm, int sampleRate) {
        int block = sampleRate / 25;
        int hop = sampleRate / 100;
        StringBuilder out = new StringBuilder();
        char current = 0;
        int run = 0;
        boolean counted = false;
        for (int off = 0; off + block <= pcm.length; off += hop) {
            char d = digitIn(pcm, off, block, sampleRate);
            if (d != 0 && d == current) {
                run++;
            } else {
                current = d;
                run = d == 0 ? 0 : 1;
                counted = false;
            }
            if (run >= MIN_BLOCKS && !counted) {
                out.append(current);
                counted = true;
            }
        }
        return out.toString();
    }

    /** The digit one block holds, or 0. */
    static char digitIn(short[] pcm, int off, int n, int sampleRate) {
        double total = SignalMetrics.meanSquare(pcm, off, n);
        if (total < MIN_MEAN_SQUARE) {
            return 0;
        }
        double[] rows = powers(pcm, off, n, sampleRate, ROWS);
        double[] columns = powers(pcm, off, n, sampleRate, COLUMNS);
        int row = strongest(rows);
        int column = strongest(columns);
        if (row < 0 || column < 0) {
            return 0;
        }
        double low = rows[row];
        double high = columns[column];
        // hannPower gives a sine's mean square whatever the window: comparable with the block's
        double share = (low + high) / total;
        double twist = high > low ? high / low : low / high;
        if (share < MIN_SHARE || twist > MAX_TWIST) {
            return 0;
        }
        return DIGITS[row][column];
    }

    private static double[] powers(short[] pcm, int off, int n, int sampleRate, double[] frequencies) {
        double[] p = new double[frequencies.length];
        for (int i = 0; i < frequencies.length; i++) {
            p[i] = Goertzel.hannPower(pcm, off, n, frequencies[i], sampleRate);
        }
        return p;
    }

    /** The index of the power {@value #GROUP_MARGIN} times above every other of its group, or -1. */
    private static int strongest(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        for (int i = 0; i < p.length; i++) {
            if (i != best && p[best] < GROUP_MARGIN * p[i]) {
                return -1;
            }
        }
        return best;
    }
}
