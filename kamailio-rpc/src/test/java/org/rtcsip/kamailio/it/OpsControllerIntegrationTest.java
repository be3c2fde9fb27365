package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.control.ControllerRpc;
import org.rtcsip.kamailio.control.KamailioSnapshot;
import org.rtcsip.kamailio.control.OpsController;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * The ops controller against a real Kamailio 5.6 (shipped cfg) whose rtpengine set holds a real
 * rtpengine standing in for a sidecar: it enables the URL, reads a registered browser into its
 * snapshot, disables the URL for a drain, and turns Kamailio's exit into one log line.
 */
class OpsControllerIntegrationTest {

    @Test
    void enablesReadsStateDisablesAndSurvivesKamailiosExit() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        OpsController.Log lines = new OpsController.Log() {
            @Override
            public void info(String line) {
                log.add("INFO " + line);
            }

            @Override
            public void warning(String line) {
                log.add("WARNING " + line);
            }
        };
        try (RtpengineProcess rtpengine = RtpengineProcess.start(Network.host());
             KamailioProcess kamailio = KamailioProcess.start(Network.host(), rtpengine.ngUrl(), Map.of());
             KamailioRpcClient operator = KamailioRpcClient.builder(kamailio.rpcUrl()).build();
             KamailioRpcClient controllerClient = KamailioRpcClient.builder(kamailio.rpcUrl())
                     .readRetries(1, Duration.ZERO, Duration.ZERO).build()) {
            String url = rtpengine.ngUrl();
            // as after a sidecar restart: Kamailio has the URL disabled
            operator.rtpengineEnable(url, false);
            assertEquals(RtpengineNode.State.DISABLED_PERMANENTLY, operator.rtpengineShow(url).get(0).state());

            OpsController controller = new OpsController(ControllerRpc.of(controllerClient), url,
                    Duration.ofSeconds(10), lines);
            controller.ready();
            long now = 1_000;
            controller.runDue(now);
            assertEquals(OpsController.Membership.ENABLED, controller.membership(), log.toString());
            assertEquals(RtpengineNode.State.ENABLED, operator.rtpengineShow(url).get(0).state(),
                    "Kamailio pinged the ng server and enabled it");

            try (SipWebSocketClient browser = SipWebSocketClient.connect(kamailio.wsUri())) {
                assertTrue(browser.register("dora", "127.0.0.1").startsWith("SIP/2.0 200"));
                now += 10_000;
                controller.runDue(now);
                KamailioSnapshot snapshot = controller.snapshot();
                assertTrue(snapshot.reachable());
                assertEquals(1L, snapshot.wsConnections(), snapshot.toString());
                assertEquals(1L, snapshot.registeredContacts(), snapshot.toString());
                assertEquals(1L, snapshot.registeredUsers(), snapshot.toString());
                assertEquals(0L, snapshot.activeDialogs(), "dlg_manage() tracks calls, there is none");
                assertEquals(List.of(url), snapshot.rtpengineNodes().stream().map(RtpengineNode::url).toList());
            }

            controller.drain();
            now += 1;
            controller.runDue(now);
            assertEquals(OpsController.Membership.DISABLED, controller.membership(), log.toString());
            assertTrue(controller.disableAttempted());
            assertEquals(RtpengineNode.State.DISABLED_PERMANENTLY, operator.rtpengineShow(url).get(0).state());

            kamailio.close();
            for (int i = 0; i < 5; i++) {
                now += 10_000;
                controller.runDue(now);
            }
            assertFalse(controller.snapshot().reachable());
            assertEquals(5, controller.rpcFailures());
            assertEquals(1, log.stream().filter(line -> line.contains("unreachable")).count(), log.toString());
            assertEquals(3, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("INFO enabled " + url + " in Kamailio's rtpengine set"), log.get(0));
            assertTrue(log.get(1).startsWith("INFO disabled " + url + " in Kamailio's rtpengine set"), log.get(1));
            assertEquals("WARNING Kamailio unreachable at " + kamailio.rpcUrl() + ": connection refused "
                    + "(stats.get_statistics, 1 attempt); the sidecar keeps serving media", log.get(2));
        }
    }
}
