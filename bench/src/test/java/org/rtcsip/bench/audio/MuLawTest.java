package org.rtcsip.bench.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MuLawTest {

    @Test
    void encodesTheEndsAndTheMiddleOfTheRangeAsG711Does() {
        assertEquals((byte) 0xFF, MuLaw.encode((short) 0));
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE));
        assertEquals((byte) 0x7F, MuLaw.encode((short) -1));
    }

    @Test
    void decodesTheCodesOfTheG711Table() {
        assertEquals(0, MuLaw.decode((byte) 0xFF));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        assertEquals(8, MuLaw.decode((byte) 0xFE));
    }

    @Test
    void roundTripErrorStaysWithinHalfAQuantisationStepOfItsSegment() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            int back = MuLaw.decode(MuLaw.encode((short) s));
            int magnitude = Math.min(Math.abs(s), 32635);
            // the segment of a magnitude has steps of 2^(segment+3); the error is below one step
            int step = 1 << (Math.max(0, 31 - Integer.numberOfLeadingZeros((magnitude + 132) >> 7)) + 3);
            assertTrue(Math.abs(back - Math.max(-32635, Math.min(32635, s))) <= step,
                    s + " came back as " + back + " (step " + step + ")");
        }
    }

    @Test
    void decodingIsMonotonicOverTheCodes() {
        // codes 0x00..0x7F are negative from -32124 up to 0; 0x80..0xFF positive from 32124 down to 0
        for (int c = 0; c < 0x7F; c++) {
            assertTrue(MuLaw.decode((byte) c) < MuLaw.decode((byte) (c + 1)), "code " + c);
        }
        for (int c = 0x80; c < 0xFF; c++) {
            assertTrue(MuLaw.decode((byte) c) > MuLaw.decode((byte) (c + 1)), "code " + c);
        }
    }

    @Test
    void pcmuFramesHoldTwentyMillisecondsOfSpeechLikeSignal() {
        FrameSet frames = FrameSet.pcmu(1, 1);
        assertEquals(50, frames.size());
        assertEquals(160, frames.frame(0).length);
        assertEquals(160, frames.timestampStep());
        assertTrue(frames.frame(0) != frames.frame(1));
        assertEquals(frames.frame(3), frames.frame(53), "frames loop");
    }
}
