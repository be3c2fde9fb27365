package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.browser.Softphone;

/** What every browser call must show whatever else a test checks: it ended well and each side heard the other. */
final class BrowserCallChecks {
    static final int BROWSER_TONE_HZ = 1000;
    /** conf-samples/sipp/tone-440hz-1s.pcmu, which every sipp scenario streams. */
    static final int TRUNK_TONE_HZ = 440;

    private BrowserCallChecks() {
    }

    static void assertCompleted(BrowserCall.Result call, Supplier<String> why) {
        assertNull(call.browser().error(), () -> "the browser's call must be set up, measured and ended: "
                + why.get());
        assertEquals(0, call.sippExitCode(), () -> "sipp must complete its call: " + why.get());
    }

    static void assertBrowserHeardTheTrunkTone(BrowserCall.Result call, Supplier<String> why) {
        Softphone.Report browser = call.browser();
        assertEquals(TRUNK_TONE_HZ, browser.heardHz(), 3.0, () -> "the browser must hear the trunk's tone: "
                + why.get());
        assertTrue(browser.heardToneOverFloorDb() > 30, () -> "the tone the browser hears must stand 30 dB over the"
                + " band's median, got " + browser.heardToneOverFloorDb() + " dB: " + why.get());
        // 3 s after the answer, 150 at 20 ms; a first call on 2 busy cores may spend a second on ICE and DTLS
        assertTrue(browser.packetsReceived() >= 50, () -> "RTP the browser decrypted: " + why.get());
    }

    static void assertTrunkHeardTheBrowserTone(BrowserCall.Result call, Supplier<String> why) {
        short[] heard = call.trunkHeard();
        int second = 8000;
        // skip the first second (DTLS and ICE settle, the fake microphone starts), analyse the next two
        assertTrue(heard.length >= 3 * second, () -> "the trunk must receive at least 3 s of PCMU, got "
                + heard.length + " samples: " + why.get());
        double dominant = SignalMetrics.dominantFrequency(heard, second, 2 * second, 8000, 100, 3900);
        assertEquals(BROWSER_TONE_HZ, dominant, 3.0, () -> "the trunk must hear the browser's tone: " + why.get());
        // a browser's fake microphone slips phase now and then (file loop, capture timing), so no sine fits two
        // seconds: judge the tone by the median SNR of 100 ms blocks
        double median = SignalMetrics.medianBlockSnrDb(heard, second, 20, 800, dominant, 8000);
        assertTrue(median > 20, () -> "the browser's tone at the trunk must be clean (median SNR of 100 ms blocks"
                + " > 20 dB), got " + median + " dB: " + why.get());
    }
}
