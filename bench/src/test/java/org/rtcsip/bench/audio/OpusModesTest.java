package org.rtcsip.bench.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpusModesTest {
    @Test
    void namesEveryConfigurationRangeOfRfc6716Table2() {
        assertEquals("SILK NB", OpusModes.mode(1));
        assertEquals("SILK MB", OpusModes.mode(5));
        assertEquals("SILK WB", OpusModes.mode(11));
        assertEquals("hybrid SWB", OpusModes.mode(13));
        assertEquals("hybrid FB", OpusModes.mode(15));
        assertEquals("CELT NB", OpusModes.mode(16));
        assertEquals("CELT WB", OpusModes.mode(23));
        assertEquals("CELT SWB", OpusModes.mode(24));
        assertEquals("CELT FB", OpusModes.mode(31));
    }

    @Test
    void describesTheShareOfEachModeAndOfStereoPackets() {
        OpusModes m = new OpusModes();
        for (int i = 0; i < 3; i++) {
            m.count(31 << 3 | 0x04); // CELT FB 20 ms, stereo
        }
        m.count(15 << 3); // hybrid FB 20 ms, mono
        assertEquals("CELT FB 75%, hybrid FB 25%, stereo 75%", m.describe());

        OpusModes narrow = new OpusModes();
        narrow.count(1 << 3); // SILK NB 20 ms, mono
        OpusModes total = new OpusModes();
        narrow.addTo(total);
        assertEquals("SILK NB 100%, mono", total.describe());
        assertEquals("no Opus packets", new OpusModes().describe());
    }
}
