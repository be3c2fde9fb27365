package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.browser.Softphone;

/**
 * How the browser tests judge that a tone crossed a call: by what the browser's analyser heard, and by the PCMU the
 * trunk received, decoded from the capture.
 */
public final class HeardTones {
    private static final int TRUNK_RATE = 8000;

    private HeardTones() {
    }

    /** The browser heard {@code hz} (within 3 Hz), 30 dB over the band's median, from at least 50 packets. */
    public static void assertBrowserHeard(Softphone.Report browser, int hz, Supplier<String> why) {
        assertEquals(hz, browser.heardHz(), 3.0, () -> "the browser must hear the trunk's tone: " + why.get());
        assertTrue(browser.heardToneOverFloorDb() > 30, () -> "the tone the browser hears must stand 30 dB over the"
                + " band's median, got " + browser.heardToneOverFloorDb() + " dB: " + why.get());
        // 3 s after the answer, 150 at 20 ms; a first call on 2 busy cores may spend a second on ICE and DTLS
        assertTrue(browser.packetsReceived() >= 50, () -> "RTP the browser decrypted: " + why.get());
    }

    /**
     * The trunk's decoded audio ({@code heard}, 8 kHz) carries {@code hz} (within 3 Hz) cleanly in its second and
     * third second.
     */
    public static void assertTrunkHeard(short[] heard, int hz, Supplier<String> why) {
        int second = TRUNK_RATE;
        // skip the first second (DTLS and ICE settle, the fake microphone starts), analyse the next two
        assertTrue(heard.length >= 3 * second, () -> "the trunk must receive at least 3 s of PCMU, got "
                + heard.length + " samples: " + why.get());
        double dominant = SignalMetrics.dominantFrequency(heard, second, 2 * second, TRUNK_RATE, 100, 3900);
        assertEquals(hz, dominant, 3.0, () -> "the trunk must hear the browser's tone: " + why.get());
        // a browser's fake microphone slips phase now and then (file loop, capture timing), so no sine fits two
        // seconds: judge the tone by the median SNR of 100 ms blocks
        double median = SignalMetrics.medianBlockSnrDb(heard, second, 20, 800, dominant, TRUNK_RATE);
        assertTrue(median > 20, () -> "the browser's tone at the trunk must be clean (median SNR of 100 ms blocks"
                + " > 20 dB), got " + median + " dB: " + why.get());
    }
}
