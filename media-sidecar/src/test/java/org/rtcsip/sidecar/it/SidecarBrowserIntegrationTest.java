package org.rtcsip.sidecar.it;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * Headless Chromium with JsSIP through Kamailio's WebSocket to a PCMU sipp trunk, both call directions and both
 * codec plans, with media-sidecar where {@link RtpengineBrowserIntegrationTest} has rtpengine. Chromium runs with
 * max-bundle (rtpengine cannot), so the sidecar's BUNDLE lines are checked too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SidecarBrowserIntegrationTest extends BrowserCallsContract {
    private SidecarProcess sidecar;

    @Override
    NgMediaServer startMediaServer(LoopbackNamespace ns, String mediaAddress) {
        sidecar = SidecarProcess.start(ns, "browser", "--interface=" + mediaAddress);
        return sidecar;
    }

    /** Adds the sidecar's counters (drops by reason, DTLS, transcoding) to every failure message. */
    @Override
    String diagnostics(BrowserCall.Result call, CodecPlan plan) {
        String metrics;
        try {
            metrics = sidecar.get("/metrics").body();
        } catch (IOException e) {
            metrics = e.toString();
        }
        return super.diagnostics(call, plan) + "\n--- sidecar /metrics (non-zero)\n" + metrics.lines()
                .filter(l -> l.startsWith("sidecar_") && !l.endsWith(" 0.0")).collect(Collectors.joining("\n"));
    }
}
