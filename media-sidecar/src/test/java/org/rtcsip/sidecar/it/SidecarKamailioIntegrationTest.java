package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.sipp.SippCall;

/**
 * media-sidecar behind the shipped kamailio.cfg, exactly where rtpengine sits in
 * {@link RtpenginePeerIntegrationTest}, plus what only the sidecar can show: its counters and that every port is
 * free again after BYE.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SidecarKamailioIntegrationTest extends KamailioSippCallsContract {
    private static final int SEQUENTIAL_CALLS = 100;

    private InProcessSidecar sidecar;

    @Override
    NgMediaServer startMediaServer() throws Exception {
        sidecar = new InProcessSidecar();
        return sidecar;
    }

    @Test
    void sidecarCountersSawEveryRelayedPacketAndNoStranger() throws Exception {
        double forwarded = sidecar.sidecar.metric("sidecar_forwarded_packets_total");
        long received = calls.rtp().packetsTo(calls.uas().mediaPort()) + calls.rtp().packetsTo(calls.uac().mediaPort());
        assertTrue(forwarded >= received, "sidecar forwarded " + forwarded + ", sipps received " + received);
        assertEquals(0, sidecar.sidecar.sidecar.calls().metrics().drops(DropReason.STRICT_SOURCE), diagnostics());
        assertEquals(0, sidecar.sidecar.sidecar.calls().metrics().drops(DropReason.MALFORMED_RTP), diagnostics());
    }

    @Test
    void afterByeEverySessionAndPortIsGone() throws Exception {
        awaitNoSessions();
        assertNothingLeft();
    }

    @Test
    void hundredSequentialCallsLeaveNoSessionAndNoPort() throws Exception {
        SippCall.Result many = SippCall.run(Network.host(), kamailio.sipAddress(), SEQUENTIAL_CALLS,
                Duration.ofMillis(200));
        assertEquals(0, many.uacExitCode(), "UAC: all " + SEQUENTIAL_CALLS + " calls must succeed\n"
                + many.diagnostics());
        assertTrue(many.rtpReceivedByUas() > 0 && many.rtpReceivedByUac() > 0, many.diagnostics());
        awaitNoSessions();
        assertNothingLeft();
    }

    private void awaitNoSessions() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sidecar.sidecar.metric("sidecar_sessions") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(0.0, sidecar.sidecar.metric("sidecar_sessions"), diagnostics());
        assertEquals(0.0, sidecar.sidecar.metric("sidecar_ports_in_use"), diagnostics());
        try (NgClient ng = sidecar.sidecar.ngClient()) {
            assertEquals(List.of(), ng.exchange(NgClient.dict("command", "list")).get("calls"));
        }
        for (int port = sidecar.sidecar.portMin; port <= sidecar.sidecar.portMax; port++) {
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close();
        }
    }
}
