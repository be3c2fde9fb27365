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
        HeardTones.assertBrowserHeard(call.browser(), TRUNK_TONE_HZ, why);
    }

    static void assertTrunkHeardTheBrowserTone(BrowserCall.Result call, Supplier<String> why) {
        HeardTones.assertTrunkHeard(call.trunkHeard(), BROWSER_TONE_HZ, why);
    }
}
