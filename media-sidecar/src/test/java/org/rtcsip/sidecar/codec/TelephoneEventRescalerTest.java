package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Telephone-events between telephone-event/48000 (browser) and telephone-event/8000 (trunk). The input sequences
 * follow the RFC 4733 §2.5.1 sender rules: the event's timestamp on every packet, growing durations, the M bit on
 * the first, the end packet sent three times with the final duration.
 */
class TelephoneEventRescalerTest {
    private final byte[] in = new byte[4];
    private final byte[] out = new byte[4];

    /** What one map call produced, as a string to compare: verdict, then the output packet if one was written. */
    private String send(TelephoneEventRescaler r, long timestamp, int event, boolean end, int volume, int duration) {
        TelephoneEvent.write(in, 0, event, end, volume, duration);
        TelephoneEventRescaler.Verdict v = r.map(timestamp, in, 0, 4, out, 0);
        return v.sends() ? v + " " + packet(r) : v.toString();
    }

    private String packet(TelephoneEventRescaler r) {
        return "ts=" + r.timestamp() + (r.marker() ? " M" : "") + " event=" + TelephoneEvent.event(out, 0)
                + (TelephoneEvent.end(out, 0) ? " E" : "") + " vol=" + TelephoneEvent.volume(out, 0) + " dur="
                + TelephoneEvent.duration(out, 0);
    }

    @Test
    void carriesABrowserDigitAt48kHzToTheTrunkAt8kHz() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        r.anchor(960_000, 5_000);
        long ts = 960_000 + 9_600; // 200 ms after the anchor
        // Digit 5, 100 ms, updates every 20 ms (960 units at 48 kHz), end sent three times.
        List<String> got = new ArrayList<>();
        for (int d = 960; d <= 4800; d += 960) {
            got.add(send(r, ts, 5, d == 4800, 10, d));
        }
        got.add(send(r, ts, 5, true, 10, 4800));
        got.add(send(r, ts, 5, true, 10, 4800));
        got.add(send(r, ts, 5, true, 10, 4800));
        assertEquals(List.of(
                "SEND ts=6600 M event=5 vol=10 dur=160",
                "SEND ts=6600 event=5 vol=10 dur=320",
                "SEND ts=6600 event=5 vol=10 dur=480",
                "SEND ts=6600 event=5 vol=10 dur=640",
                "SEND ts=6600 event=5 E vol=10 dur=800",
                "SEND_REPEATED_END ts=6600 event=5 E vol=10 dur=800",
                "SEND_REPEATED_END ts=6600 event=5 E vol=10 dur=800",
                "DROP_REPEATED_END"), got);
        assertEquals(0, r.pendingEndRepeats());
    }

    @Test
    void carriesATrunkDigitAt8kHzToTheBrowserAt48kHz() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(8000, 48000);
        r.anchor(160, 90_000);
        // Digit #, 200 ms at 50 ms updates (400 units at 8 kHz).
        assertEquals("SEND ts=99600 M event=11 vol=7 dur=2400", send(r, 1_760, 11, false, 7, 400));
        assertEquals("SEND ts=99600 event=11 vol=7 dur=4800", send(r, 1_760, 11, false, 7, 800));
        assertEquals("SEND ts=99600 event=11 vol=7 dur=7200", send(r, 1_760, 11, false, 7, 1200));
        assertEquals("SEND ts=99600 event=11 E vol=7 dur=9600", send(r, 1_760, 11, true, 7, 1600));
        assertEquals(99_600, r.rescaleTimestamp(1_760));
    }

    @Test
    void makesUpTheEndRepeatsTheSenderLeftOut() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(8000, 48000);
        assertFalse(r.repeatEnd(out, 0), "nothing owed before any event");
        send(r, 800, 3, false, 10, 160);
        assertEquals(0, r.pendingEndRepeats());
        assertEquals("SEND ts=4800 event=3 E vol=10 dur=1920", send(r, 800, 3, true, 10, 320));
        assertEquals(2, r.pendingEndRepeats());
        assertTrue(r.repeatEnd(out, 0));
        assertEquals("ts=4800 event=3 E vol=10 dur=1920", packet(r));
        assertEquals(1, r.pendingEndRepeats());
        // The sender's own repeat arrives late: it counts as our third send.
        assertEquals("SEND_REPEATED_END ts=4800 event=3 E vol=10 dur=1920", send(r, 800, 3, true, 10, 320));
        assertFalse(r.repeatEnd(out, 0));
        assertEquals("DROP_REPEATED_END", send(r, 800, 3, true, 10, 320));
    }

    @Test
    void dropsReorderedUpdatesAndPacketsOfAnOlderEvent() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        send(r, 48_000, 1, false, 10, 1920);
        assertEquals("DROP_STALE", send(r, 48_000, 1, false, 10, 960), "an update older than one sent");
        assertEquals("SEND ts=8000 event=1 vol=10 dur=480", send(r, 48_000, 1, false, 10, 2880));
        assertEquals("SEND ts=8000 event=1 E vol=10 dur=640", send(r, 48_000, 1, true, 10, 3840));
        assertEquals("DROP_STALE", send(r, 48_000, 1, false, 10, 2880), "an update after the end");
        assertEquals("SEND ts=16000 M event=2 vol=10 dur=160", send(r, 96_000, 2, false, 10, 960));
        assertEquals("DROP_STALE", send(r, 48_000, 1, true, 10, 3840), "the old event's end, late");
    }

    @Test
    void theSameDigitPressedAgainIsANewEvent() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        send(r, 0, 7, false, 10, 960);
        send(r, 0, 7, true, 10, 4800);
        assertEquals("SEND ts=1600 M event=7 vol=10 dur=160", send(r, 9_600, 7, false, 10, 960));
    }

    @Test
    void aNewEventAfterLostEndPacketsStartsCleanly() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        send(r, 0, 4, false, 10, 960);
        send(r, 0, 4, false, 10, 1920);
        // The end packets of 4 were lost; 6 starts 300 ms later, and a second press of 4 later still.
        assertEquals("SEND ts=2400 M event=6 vol=10 dur=160", send(r, 14_400, 6, false, 10, 960));
        assertEquals("SEND ts=4800 M event=4 vol=10 dur=160", send(r, 28_800, 4, false, 10, 960));
        assertEquals(0, r.pendingEndRepeats());
    }

    @Test
    void aLongEventAt8kHzIsSplitIntoSegmentsAt48kHz() {
        // RFC 4733 §2.5.1.3: past 0xFFFF units a new segment starts at start + 0xFFFF.
        TelephoneEventRescaler r = new TelephoneEventRescaler(8000, 48000);
        assertEquals("SEND ts=0 M event=0 vol=10 dur=48000", send(r, 0, 0, false, 10, 8000));
        assertEquals("SEND ts=65535 event=0 vol=10 dur=6465", send(r, 0, 0, false, 10, 12000));
        assertEquals("SEND ts=65535 event=0 E vol=10 dur=30465", send(r, 0, 0, true, 10, 16000));
        assertTrue(r.repeatEnd(out, 0));
        assertEquals("ts=65535 event=0 E vol=10 dur=30465", packet(r));
    }

    @Test
    void aLongEventAt48kHzHasItsInputSegmentsJoinedAt8kHz() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        r.anchor(1_000_000, 0);
        assertEquals("SEND ts=0 M event=9 vol=10 dur=10000", send(r, 1_000_000, 9, false, 10, 60000));
        assertEquals("SEND ts=0 event=9 vol=10 dur=10923", send(r, 1_000_000, 9, false, 10, 0xFFFF));
        // The sender's second segment, starting 0xFFFF after the first.
        assertEquals("SEND ts=0 event=9 vol=10 dur=11083", send(r, 1_065_535, 9, false, 10, 960));
        assertEquals("SEND ts=0 event=9 E vol=10 dur=11243", send(r, 1_065_535, 9, true, 10, 1920));
        assertEquals("SEND_REPEATED_END ts=0 event=9 E vol=10 dur=11243", send(r, 1_065_535, 9, true, 10, 1920));
    }

    @Test
    void timestampsWrapAroundThe32BitRange() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(8000, 48000);
        r.anchor(0xFFFF_FF00L, 0xFFFF_0000L);
        // 0x100 input units past the wrap = 0x200 after the anchor -> 0xC00 at 48 kHz -> wraps the output too.
        assertEquals("SEND ts=" + ((0xFFFF_0000L + 0xC00) & 0xFFFF_FFFFL) + " M event=1 vol=10 dur=960",
                send(r, 0x100, 1, false, 10, 160));
        TelephoneEventRescaler back = new TelephoneEventRescaler(48000, 8000);
        back.anchor(100, 0xFFFF_FFF0L);
        assertEquals("SEND ts=" + (0xFFFF_FFF0L + 160 - 0x1_0000_0000L) + " M event=1 vol=10 dur=160",
                send(back, 1060, 1, false, 10, 960));
    }

    @Test
    void refusesAPayloadShorterThanOneEvent() {
        TelephoneEventRescaler r = new TelephoneEventRescaler(48000, 8000);
        assertEquals(TelephoneEventRescaler.Verdict.DROP_MALFORMED, r.map(0, new byte[3], 0, 3, out, 0));
        assertEquals("dtmf_malformed", TelephoneEventRescaler.Verdict.DROP_MALFORMED.label());
        assertEquals("dtmf_stale", TelephoneEventRescaler.Verdict.DROP_STALE.label());
    }

    @Test
    void randomPacketSequencesNeverThrowAndNeverShrinkAnEventsReportedEnd() {
        Random random = new Random(2833);
        for (int trial = 0; trial < 200; trial++) {
            TelephoneEventRescaler r = random.nextBoolean()
                    ? new TelephoneEventRescaler(48000, 8000) : new TelephoneEventRescaler(8000, 48000);
            r.anchor(random.nextInt(), random.nextInt());
            long ts = random.nextInt() & 0xFFFF_FFFFL;
            long lastTimestamp = -1;
            long lastEnd = -1;
            for (int i = 0; i < 300; i++) {
                if (random.nextInt(10) == 0) {
                    ts = (ts + random.nextInt(20_000) - 2_000) & 0xFFFF_FFFFL;
                }
                int len = random.nextInt(10) == 0 ? random.nextInt(4) : 4;
                random.nextBytes(in);
                in[0] = (byte) random.nextInt(3);
                TelephoneEventRescaler.Verdict v = r.map(ts, in, 0, len, out, 0);
                if (v.sends()) {
                    long end = r.timestamp() + TelephoneEvent.duration(out, 0);
                    if (r.timestamp() == lastTimestamp && !r.marker()) {
                        assertTrue(end >= lastEnd, "an event's reported end never moves back");
                    }
                    lastTimestamp = r.timestamp();
                    lastEnd = end;
                }
                if (random.nextInt(5) == 0) {
                    r.repeatEnd(out, 0);
                }
            }
        }
    }
}
