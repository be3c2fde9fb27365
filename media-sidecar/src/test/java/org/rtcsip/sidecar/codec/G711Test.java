package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * G.711 against a reference written from the recommendation's tables: Table 1 (A-law) and Table 2 (µ-law) give, per
 * segment, where the decision values start and the step between them; the decoder output is the middle of each
 * interval. The implementation under test uses the G.191 bit arithmetic instead, so the two are independent.
 */
class G711Test {
    /** G.711 Table 2 (µ-law), 14-bit scale: segment start decision values and steps (segment 1 starts with a half step). */
    private static final int[] ULAW_SEGMENT_START = {0, 31, 95, 223, 479, 991, 2015, 4063};
    private static final int[] ULAW_STEP = {2, 4, 8, 16, 32, 64, 128, 256};
    /** G.711 Table 1 (A-law), 13-bit scale: segments 1 and 2 share step 2. */
    private static final int[] ALAW_SEGMENT_START = {0, 32, 64, 128, 256, 512, 1024, 2048};
    private static final int[] ALAW_STEP = {2, 2, 4, 8, 16, 32, 64, 128};
    /** 16-bit samples are the tables' scales times these. */
    private static final int ULAW_SCALE = 4;
    private static final int ALAW_SCALE = 8;

    /** Lower decision value of magnitude interval {@code m} (0..127), and of the overload point at 128. */
    private static int ulawLower(int m) {
        if (m == 128) {
            return 8159;
        }
        int segment = m >> 4;
        int interval = m & 15;
        if (segment == 0) {
            return interval == 0 ? 0 : 2 * interval - 1;
        }
        return ULAW_SEGMENT_START[segment] + interval * ULAW_STEP[segment];
    }

    private static int ulawOutput(int m) {
        if (m == 0) {
            return 0;
        }
        return (ulawLower(m) + ulawLower(m + 1)) / 2;
    }

    private static int alawLower(int m) {
        if (m == 128) {
            return 4096;
        }
        return ALAW_SEGMENT_START[m >> 4] + (m & 15) * ALAW_STEP[m >> 4];
    }

    private static int alawOutput(int m) {
        return (alawLower(m) + alawLower(m + 1)) / 2;
    }

    /** µ-law character signal: polarity bit 1 for positive, the 7 magnitude bits inverted. */
    private static int ulawReferenceDecode(int code) {
        int m = 0x7F - (code & 0x7F);
        int y = ULAW_SCALE * ulawOutput(m);
        return (code & 0x80) != 0 ? y : -y;
    }

    /** A-law character signal: polarity bit 1 for positive, even bits inverted. */
    private static int alawReferenceDecode(int code) {
        int plain = code ^ 0x55;
        int y = ALAW_SCALE * alawOutput(plain & 0x7F);
        return (plain & 0x80) != 0 ? y : -y;
    }

    /**
     * A 16-bit sample x stands for the interval [x, x+1), so its magnitude is |x + 1/2|: x for x >= 0, -x-1 below
     * (as in ITU-T G.191). The code is the table interval whose decision values hold it; past the last decision
     * value the last interval (overload).
     */
    private static int ulawReferenceEncode(int x) {
        int magnitude = x >= 0 ? x : -x - 1;
        int m = 0;
        while (m < 127 && magnitude >= ULAW_SCALE * ulawLower(m + 1)) {
            m++;
        }
        return (x >= 0 ? 0x80 : 0) | (0x7F - m);
    }

    private static int alawReferenceEncode(int x) {
        int magnitude = x >= 0 ? x : -x - 1;
        int m = 0;
        while (m < 127 && magnitude >= ALAW_SCALE * alawLower(m + 1)) {
            m++;
        }
        return ((x >= 0 ? 0x80 : 0) | m) ^ 0x55;
    }

    @Test
    void decodesEveryUlawCodeToTheTable2Output() {
        for (int code = 0; code < 256; code++) {
            assertEquals(ulawReferenceDecode(code), G711.ulawToLinear(code), "µ-law code " + code);
        }
    }

    @Test
    void decodesEveryAlawCodeToTheTable1Output() {
        for (int code = 0; code < 256; code++) {
            assertEquals(alawReferenceDecode(code), G711.alawToLinear(code), "A-law code " + code);
        }
    }

    @Test
    void decodesTheWellKnownEndsOfBothTables() {
        // The extremes and zeros every G.711 table agrees on.
        assertEquals(-32124, G711.ulawToLinear(0x00));
        assertEquals(32124, G711.ulawToLinear(0x80));
        assertEquals(0, G711.ulawToLinear(0xFF));
        assertEquals(0, G711.ulawToLinear(0x7F));
        assertEquals(8, G711.ulawToLinear(0xFE));
        assertEquals(-8, G711.ulawToLinear(0x7E));
        assertEquals(8, G711.alawToLinear(0xD5));
        assertEquals(-8, G711.alawToLinear(0x55));
        assertEquals(32256, G711.alawToLinear(0xAA));
        assertEquals(-32256, G711.alawToLinear(0x2A));
    }

    @Test
    void encodesEvery16BitSampleToTheUlawIntervalHoldingIt() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            assertEquals(ulawReferenceEncode(x), G711.linearToUlaw(x) & 0xFF, "sample " + x);
        }
    }

    @Test
    void encodesEvery16BitSampleToTheAlawIntervalHoldingIt() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            assertEquals(alawReferenceEncode(x), G711.linearToAlaw(x) & 0xFF, "sample " + x);
        }
    }

    @Test
    void encodesSilenceAndFullScaleToTheWellKnownCodes() {
        assertEquals(0xFF, G711.linearToUlaw(0) & 0xFF);
        assertEquals(0x7F, G711.linearToUlaw(-1) & 0xFF);
        assertEquals(0x80, G711.linearToUlaw(Short.MAX_VALUE) & 0xFF);
        assertEquals(0x00, G711.linearToUlaw(Short.MIN_VALUE) & 0xFF);
        assertEquals(0xD5, G711.linearToAlaw(0) & 0xFF);
        assertEquals(0x55, G711.linearToAlaw(-1) & 0xFF);
        assertEquals(0xAA, G711.linearToAlaw(Short.MAX_VALUE) & 0xFF);
        assertEquals(0x2A, G711.linearToAlaw(Short.MIN_VALUE) & 0xFF);
    }

    @Test
    void reEncodingADecodedCodeGivesTheSameCodeExceptUlawNegativeZero() {
        for (int code = 0; code < 256; code++) {
            int ulaw = G711.linearToUlaw(G711.ulawToLinear(code)) & 0xFF;
            assertEquals(code == 0x7F ? 0xFF : code, ulaw, "µ-law code " + code);
            assertEquals(code, G711.linearToAlaw(G711.alawToLinear(code)) & 0xFF, "A-law code " + code);
        }
    }

    @Test
    void bulkMethodsMatchTheSampleMethodsAndRespectOffsets() {
        short[] pcm = new short[70000];
        for (int i = 0; i < 65536; i++) {
            pcm[i + 3] = (short) (i + Short.MIN_VALUE);
        }
        byte[] ulaw = new byte[70000];
        byte[] alaw = new byte[70000];
        G711.encodeUlaw(pcm, 3, 65536, ulaw, 5);
        G711.encodeAlaw(pcm, 3, 65536, alaw, 5);
        for (int i = 0; i < 65536; i++) {
            assertEquals(G711.linearToUlaw(pcm[i + 3]), ulaw[i + 5]);
            assertEquals(G711.linearToAlaw(pcm[i + 3]), alaw[i + 5]);
        }
        assertEquals(0, ulaw[4]);
        assertEquals(0, ulaw[65536 + 5]);
        short[] back = new short[300];
        byte[] codes = new byte[258];
        for (int c = 0; c < 256; c++) {
            codes[c + 2] = (byte) c;
        }
        G711.decodeUlaw(codes, 2, 256, back, 7);
        for (int c = 0; c < 256; c++) {
            assertEquals(G711.ulawToLinear(c), back[c + 7]);
        }
        G711.decodeAlaw(codes, 2, 256, back, 7);
        for (int c = 0; c < 256; c++) {
            assertEquals(G711.alawToLinear(c), back[c + 7]);
        }
        assertEquals(0, back[6]);
        assertEquals(0, back[263]);
    }

    @Test
    void decodedOutputIsOddSymmetric() {
        for (int code = 0; code < 128; code++) {
            assertEquals(-G711.ulawToLinear(code | 0x80), G711.ulawToLinear(code));
            assertEquals(-G711.alawToLinear(code | 0x80), G711.alawToLinear(code));
        }
        assertTrue(G711.ulawToLinear(0x80) > G711.ulawToLinear(0x81), "µ-law magnitude falls as the code rises");
    }
}
