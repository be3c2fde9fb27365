package org.rtcsip.sidecar.it;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * The test bed proven against the reference ng server, Debian's rtpengine: what holds here must hold for
 * media-sidecar in rtpengine's place ({@link SidecarKamailioIntegrationTest}).
 */
@Tag("reference-peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtpenginePeerIntegrationTest extends KamailioSippCallsContract {
    @Override
    NgMediaServer startMediaServer() {
        return RtpengineProcess.start(Network.host());
    }
}
