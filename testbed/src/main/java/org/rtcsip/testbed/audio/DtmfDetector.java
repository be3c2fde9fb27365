package org.rtcsip.testbed.audio;

/**
 * Finds the DTMF digits in recorded audio (ITU-T Q.23 frequencies): what a phone heard when the far end's RFC 4733
 * events were played out as tones (a browser's NetEq does that). 40 ms Hann-windowed blocks every 10 ms; a block
 * holds a digit when the strongest row and the strongest column frequency each stand 6 dB above the other three of
 * their group, the two carry at least 30 % of the block's energy, and they are within 12 dB of each other (twist;
 * Q.24 asks less of a sender, but a receiver's playout fades the row tone first). A key counts once its digit held
 * for {@value #MIN_BLOCKS} blocks in a row (40 ms): a different digit is a new key, the same digit is a new key only
 * after {@value #PAUSE_BLOCKS} blocks without a digit (80 ms), so a key disturbed for a moment (a receiver fading
 * the previous key out over the next one) is still one key.
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
    private static final int MIN_BLOCKS = 4;
    /** Blocks without a digit that end a key: the same digit after fewer is the same key. */
    private static final int PAUSE_BLOCKS = 8;
    private static final double GROUP_MARGIN = 4; // power ratio, 6 dB
    private static final double MIN_SHARE = 0.3;
    /** A browser's NetEq plays the column tone up to 10 dB above the row tone as it fades a digit out. */
    private static final double MAX_TWIST = Math.pow(10, 12 / 10.0);
    /** About -50 dBFS: quieter blocks hold no digit. */
    private static final double MIN_MEAN_SQUARE = 32768.0 * 32768.0 * 1e-5;

    private DtmfDetector() {
    }

    /** The digits heard in {@code pcm} (sampled at {@code sampleRate}), in order. */
    public static String digits(short[] pcm, int sampleRate) {
        int block = sampleRate / 25;
        int hop = sampleRate / 100;
        StringBuilder out = new StringBuilder();
        char last = 0;
        char current = 0;
        int run = 0;
        int pause = PAUSE_BLOCKS;
        for (int off = 0; off + block <= pcm.length; off += hop) {
            char d = digitIn(pcm, off, block, sampleRate);
            if (d == 0) {
                pause++;
                run = 0;
                current = 0;
                continue;
            }
            run = d == current ? run + 1 : 1;
            current = d;
            // another key, or the same key again after a pause: a key disturbed for a moment is still one key
            if (run == MIN_BLOCKS && (d != last || pause >= PAUSE_BLOCKS)) {
                out.append(d);
                last = d;
            }
            if (run >= MIN_BLOCKS) {
                pause = 0;
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
