package org.rtcsip.sidecar.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium with JsSIP through Kamailio's WebSocket to a PCMU sipp trunk, both call directions and both
 * codec plans, with media-sidecar where {@link RtpengineBrowserIntegrationTest} has rtpengine. Chromium runs with
 * max-bundle (rtpengine cannot), so the sidecar's BUNDLE lines are checked too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SidecarBrowserIntegrationTest extends BrowserCallsContract {
    private BrowserNgServerProcess sidecar;

    @Override
    NgMediaServer startMediaServer(BrowserNetworkNamespace ns) {
        sidecar = BrowserNgServerProcess.sidecar(ns);
        return sidecar;
    }

    /** Adds the sidecar's counters (drops by reason, DTLS, transcoding) to every failure message. */
    @Override
    String diagnostics(BrowserCall.Result call, CodecPlan plan) {
        String metrics = namespace.run(List.of("curl", "-s", "http://127.0.0.1:" + sidecar.httpPort() + "/metrics"),
                Duration.ofSeconds(5)).text();
        return super.diagnostics(call, plan) + "\n--- sidecar /metrics (non-zero)\n" + metrics.lines()
                .filter(l -> l.startsWith("sidecar_") && !l.endsWith(" 0.0")).collect(Collectors.joining("\n"));
    }
}
