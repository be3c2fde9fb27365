package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RFC 4733 §2.3 payload layout, read and written. */
class TelephoneEventTest {
    @Test
    void readsTheFieldsOfTheSection23Layout() {
        // Digit 9, E=1, R=0, volume 10 (-10 dBm0), duration 1600 (200 ms at 8 kHz).
        byte[] b = {0x09, (byte) 0x8A, 0x06, 0x40};
        assertTrue(TelephoneEvent.fits(b, 0, 4));
        assertEquals(9, TelephoneEvent.event(b, 0));
        assertTrue(TelephoneEvent.end(b, 0));
        assertEquals(10, TelephoneEvent.volume(b, 0));
        assertEquals(1600, TelephoneEvent.duration(b, 0));
    }

    @Test
    void ignoresTheReservedBitOnReadAndWritesItAsZero() {
        // RFC 4733 §2.3.3: R is zero on send and ignored on receipt.
        byte[] b = {0x0B, 0x4A, (byte) 0xFF, (byte) 0xFF};
        assertFalse(TelephoneEvent.end(b, 0));
        assertEquals(10, TelephoneEvent.volume(b, 0));
        assertEquals(0xFFFF, TelephoneEvent.duration(b, 0));
        byte[] out = new byte[6];
        assertEquals(4, TelephoneEvent.write(out, 1, 11, false, 10, 0xFFFF));
        assertArrayEquals(new byte[] {0, 0x0B, 0x0A, (byte) 0xFF, (byte) 0xFF, 0}, out);
    }

    @Test
    void writingThenReadingGivesBackEveryField() {
        byte[] b = new byte[4];
        for (int event = 0; event < 256; event++) {
            for (int volume = 0; volume <= TelephoneEvent.MAX_VOLUME; volume += 7) {
                for (int duration : new int[] {0, 1, 160, 960, 0x8000, 0xFFFF}) {
                    for (boolean end : new boolean[] {false, true}) {
                        TelephoneEvent.write(b, 0, event, end, volume, duration);
                        assertEquals(event, TelephoneEvent.event(b, 0));
                        assertEquals(end, TelephoneEvent.end(b, 0));
                        assertEquals(volume, TelephoneEvent.volume(b, 0));
                        assertEquals(duration, TelephoneEvent.duration(b, 0));
                        assertEquals(0, b[1] & 0x40, "R bit");
                    }
                }
            }
        }
    }

    @Test
    void refusesViewsShorterThanOneBlockOrOutsideTheArray() {
        assertFalse(TelephoneEvent.fits(new byte[3], 0, 3), "3 bytes");
        assertFalse(TelephoneEvent.fits(new byte[8], 6, 4), "past the end");
        assertFalse(TelephoneEvent.fits(new byte[8], -1, 4), "negative offset");
        assertFalse(TelephoneEvent.fits(null, 0, 4), "no array");
        assertTrue(TelephoneEvent.fits(new byte[8], 4, 4));
        assertTrue(TelephoneEvent.fits(new byte[8], 0, 8), "two blocks: the first is read");
    }

    @Test
    void mapsDtmfCharactersToTheSection32Codes() {
        assertEquals("0123456789*#ABCD", new String(new char[] {
            TelephoneEvent.dtmfCharacter(0), TelephoneEvent.dtmfCharacter(1), TelephoneEvent.dtmfCharacter(2),
            TelephoneEvent.dtmfCharacter(3), TelephoneEvent.dtmfCharacter(4), TelephoneEvent.dtmfCharacter(5),
            TelephoneEvent.dtmfCharacter(6), TelephoneEvent.dtmfCharacter(7), TelephoneEvent.dtmfCharacter(8),
            TelephoneEvent.dtmfCharacter(9), TelephoneEvent.dtmfCharacter(10), TelephoneEvent.dtmfCharacter(11),
            TelephoneEvent.dtmfCharacter(12), TelephoneEvent.dtmfCharacter(13), TelephoneEvent.dtmfCharacter(14),
            TelephoneEvent.dtmfCharacter(15)}));
        assertEquals(TelephoneEvent.EVENT_STAR, TelephoneEvent.dtmfEvent('*'));
        assertEquals(TelephoneEvent.EVENT_POUND, TelephoneEvent.dtmfEvent('#'));
        assertEquals(13, TelephoneEvent.dtmfEvent('b'));
        assertEquals(-1, TelephoneEvent.dtmfEvent('E'));
        assertEquals(0, TelephoneEvent.dtmfCharacter(TelephoneEvent.EVENT_FLASH));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(4733);
        byte[] b = new byte[8];
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(b);
            int off = random.nextInt(9);
            int len = random.nextInt(9);
            if (TelephoneEvent.fits(b, off, len)) {
                int d = TelephoneEvent.duration(b, off);
                assertTrue(d >= 0 && d <= 0xFFFF);
                assertTrue(TelephoneEvent.volume(b, off) <= 63);
                TelephoneEvent.event(b, off);
                TelephoneEvent.end(b, off);
            }
        }
    }
}
