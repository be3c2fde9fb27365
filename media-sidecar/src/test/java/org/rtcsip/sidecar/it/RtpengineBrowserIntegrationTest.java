package org.rtcsip.sidecar.it;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * The browser test bed proven against the reference ng server, Debian's rtpengine 10.5 (ICE, DTLS-SRTP and Opus
 * transcoding): what holds here must hold for media-sidecar in rtpengine's place.
 */
@Tag("reference-peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtpengineBrowserIntegrationTest extends BrowserCallsContract {
    @Override
    NgMediaServer startMediaServer(LoopbackNamespace namespace, String mediaAddress) {
        // debug: ICE, DTLS and codec decisions, for failure messages
        return RtpengineProcess.start(namespace, 7);
    }

    /**
     * rtpengine 10.5 writes no a=group:BUNDLE into its SDP toward the browser, and a max-bundle Chromium refuses
     * both its answer ("Answer cannot remove m= section with mid='0' from already-established BUNDLE group") and
     * its offer ("max-bundle configured but session description has no BUNDLE group"). The reference is therefore
     * run with the balanced policy; media-sidecar must pass with max-bundle.
     */
    @Override
    String bundlePolicy() {
        return "balanced";
    }

    /**
     * The shipped cfg's WITH_TRANSCODING flags toward the trunk are {@code codec-mask-all transcode-PCMU}: rtpengine
     * 10.5 then offers PCMU alone, without telephone-event (seen in its offer: m=audio ... RTP/AVP 0), so the trunk
     * has no payload type to take digits on. media-sidecar offers telephone-event/8000 beside the transcoded codec.
     */
    @Override
    boolean offersTelephoneEventToTheTrunk(CodecPlan plan) {
        return plan == CodecPlan.PCMU_ON_BOTH_LEGS;
    }
}
