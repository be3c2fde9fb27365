package org.rtcsip.sidecar.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bounded, fixed-seed fuzzing of the packet path: it must answer every input with a length or a code. */
class SrtpPacketFuzzTest {

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void randomBytesAreRefusedWithACodeAndNeverThrow(SrtpSuite suite) {
        Random rnd = new Random(3711 + suite.ordinal());
        SrtpTransform u = SrtpRoundTripTest.unprotector(suite);
        byte[] buf = new byte[400];
        int[] seen = new int[16];
        for (int i = 0; i < 20_000; i++) {
            rnd.nextBytes(buf);
            int off = rnd.nextInt(50);
            int len = rnd.nextInt(buf.length - off + 1);
            if (i % 2 == 0 && len > 0) {
                buf[off] = (byte) ((buf[off] & 0x3f) | 0x80); // mostly version 2, so the crypto gets reached
            }
            int r = (i % 3 == 0) ? u.unprotectRtcp(buf, off, len) : u.unprotectRtp(buf, off, len);
            assertTrue(r < 0, "random bytes authenticated at iteration " + i);
            assertNotEquals(SrtpError.INTERNAL_ERROR, r, "iteration " + i);
            seen[-r]++;
        }
        assertTrue(seen[-SrtpError.AUTH_FAIL] > 1000, "the fuzz must reach authentication");
        assertTrue(seen[-SrtpError.MALFORMED] > 1000, "the fuzz must reach the header checks");
        assertEquals(0, u.rtpSsrcCount() + u.rtcpSsrcCount());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void mutatedGenuinePacketsAreRefusedWithACodeAndNeverThrow(SrtpSuite suite) {
        Random rnd = new Random(4711 + suite.ordinal());
        SrtpTransform p = SrtpRoundTripTest.protector(suite);
        SrtpTransform u = SrtpRoundTripTest.unprotector(suite);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean isRtcp = i % 4 == 0;
            byte[] buf = isRtcp
                    ? SrtpRoundTripTest.rtcp(0, 0x1234, i)
                    : SrtpRoundTripTest.rtp(0, 0x1234, i & 0xffff, 40);
            int len = isRtcp ? p.protectRtcp(buf, 0, 28) : p.protectRtp(buf, 0, 52);
            assertTrue(len > 0, SrtpError.label(len));
            int mutation = rnd.nextInt(5);
            switch (mutation) {
                case 0 -> buf[rnd.nextInt(len)] ^= (byte) (1 + rnd.nextInt(255));
                case 1 -> len = rnd.nextInt(len); // truncated
                case 2 -> buf[0] = (byte) (0x80 | rnd.nextInt(0x40)); // CC, X and P flipped
                case 3 -> {
                    buf[0] |= 0x10; // an extension that may point anywhere
                    buf[14] = (byte) rnd.nextInt(256);
                    buf[15] = (byte) rnd.nextInt(256);
                }
                default -> { } // untouched: must pass
            }
            int r = isRtcp ? u.unprotectRtcp(buf, 0, len) : u.unprotectRtp(buf, 0, len);
            assertNotEquals(SrtpError.INTERNAL_ERROR, r, "iteration " + i);
            if (mutation == 4) {
                assertEquals(isRtcp ? 28 : 52, r, "untouched packet " + i + ": " + SrtpError.label(r));
                accepted++;
            } else if (r >= 0) {
                // A flip of the CC/X/P bits can leave the header readable but never the tag intact,
                // except when the flipped bits happen to equal the original ones.
                assertEquals(isRtcp ? 28 : 52, r);
            }
        }
        assertTrue(accepted > 3000);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectingRandomBytesNeverThrows(SrtpSuite suite) {
        Random rnd = new Random(5764 + suite.ordinal());
        byte[] buf = new byte[400];
        SrtpTransform p = SrtpRoundTripTest.protector(suite);
        for (int i = 0; i < 20_000; i++) {
            rnd.nextBytes(buf);
            int off = rnd.nextInt(50);
            int len = rnd.nextInt(buf.length - off + 1);
            if (len > 0) {
                buf[off] = (byte) ((buf[off] & 0x3f) | 0x80);
            }
            int r = (i % 3 == 0) ? p.protectRtcp(buf, off, len) : p.protectRtp(buf, off, len);
            assertNotEquals(SrtpError.INTERNAL_ERROR, r, "iteration " + i);
            assertTrue(r < 0 || r > len, "iteration " + i);
        }
    }
}
