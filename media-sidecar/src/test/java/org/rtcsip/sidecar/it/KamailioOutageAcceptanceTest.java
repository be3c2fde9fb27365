package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.kamailio.cli.SidecarCtl;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.PlainCall;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sdp.AudioEndpoint;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.sipp.SippCall;

/**
 * Issue 5's "Kamailio down or unreachable": a media-sidecar process whose Kamailio is not there yet, comes up,
 * and goes away again. Each change is one line in the sidecar's log (and sidecarctl says so in one line), the
 * controller retries with backoff, media never stops, and a drain with Kamailio gone still exits 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KamailioOutageAcceptanceTest {

    private record Run(int code, String out, String err) {
    }

    private static Run sidecarctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void kamailioComingAndGoingIsOneLineEachWhileMediaFlowsAndADrainStillExitsZero() throws Exception {
        int rpcPort = FreePorts.tcp();
        String rpc = "http://127.0.0.1:" + rpcPort + "/RPC";
        // no start-up warm-up: the test times Kamailio's enable and the drain, not the first calls
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "s", "--kamailio-rpc=" + rpc,
                "--kamailio-poll-interval=1", "--drain-timeout=30", "--codec-warmup=0");
             NgClient ng = new NgClient(sidecar.ngAddress(), Duration.ofSeconds(3), 1);
             PlainCall call = PlainCall.start(ng, "outage@127.0.0.1")) {
            // Kamailio is not running: the controller retries, the sidecar relays
            await("the controller tried several times", Duration.ofSeconds(10),
                    () -> metric(sidecar, "kamailio_rpc_failures_total") >= 5, sidecar);
            assertEquals(50, call.aliceToBob(50), "media flows while Kamailio is down");
            assertEquals(50, call.bobToAlice(50));
            assertEquals(0.0, metric(sidecar, "kamailio_up"));
            assertEquals(1, lines(sidecar.logText(), "[OpsController] Kamailio unreachable").size(), sidecar.logText());

            Run show = sidecarctl("--rpc-url", rpc, "kamailio", "rtpengine", "show");
            assertEquals(new Run(3, "", "sidecarctl: Kamailio unreachable at " + rpc
                    + ": connection refused (rtpengine.show, 3 attempts)\n"), show);

            long starting = System.nanoTime();
            try (KamailioProcess kamailio = KamailioProcess.start(Network.host(), sidecar.ngUrl(),
                    Map.of("RPC_PORT", Integer.toString(rpcPort)));
                 KamailioRpcClient operator = KamailioRpcClient.builder(rpc).build()) {
                long started = System.nanoTime();
                await("the controller enabled the sidecar", Duration.ofSeconds(5),
                        () -> lines(sidecar.logText(), "enabled " + sidecar.ngUrl()).size() == 1, sidecar);
                // a poll (every second here) finds Kamailio back and the enable follows at once, not after the backoff
                System.out.println("[outage] Kamailio took " + (started - starting) / 1_000_000 + " ms to start; the "
                        + "sidecar was enabled " + (System.nanoTime() - starting) / 1_000_000 + " ms after its start");
                assertEquals(1, lines(sidecar.logText(), " answers now, after ").size(), sidecar.logText());
                assertEquals(RtpengineNode.State.ENABLED, operator.rtpengineShow(sidecar.ngUrl()).get(0).state());
                await("kamailio_up 1", Duration.ofSeconds(3), () -> metric(sidecar, "kamailio_up") == 1, sidecar);

                SippCall.Result sipp = SippCall.run(Network.host(), kamailio.sipAddress(), 1, Duration.ofSeconds(1));
                assertEquals(0, sipp.uacExitCode(), "a call through Kamailio and the sidecar\n" + sipp.diagnostics());
                assertTrue(sidecar.ownsMediaPort(AudioEndpoint.of(sipp.uasReceivedSdps().get(0)).port()));
            }
            // Kamailio gone again, with the ng call still up
            await("the outage noticed", Duration.ofSeconds(5), () -> metric(sidecar, "kamailio_up") == 0, sidecar);
            double failures = metric(sidecar, "kamailio_rpc_failures_total");
            Thread.sleep(2_500);
            assertTrue(metric(sidecar, "kamailio_rpc_failures_total") >= failures + 2, "the polls keep trying");
            assertEquals(50, call.aliceToBob(50), "media flows through the second outage");
            List<String> outages = lines(sidecar.logText(), "[OpsController] Kamailio unreachable");
            assertEquals(2, outages.size(), "one line per outage:\n" + sidecar.logText());
            assertTrue(outages.get(1).endsWith("(stats.get_statistics, 1 attempt); the sidecar keeps serving media"),
                    outages.get(1));

            // drain with Kamailio gone: the disable fails once, the drain waits for the call, then exits 0
            CompletableFuture<Run> drain = CompletableFuture.supplyAsync(() -> sidecarctl("--sidecar-url",
                    sidecar.httpUrl(), "drain", "--wait", "--wait-timeout", "30"));
            await("draining", Duration.ofSeconds(5), () -> health(sidecar) == 503, sidecar);
            assertEquals(50, call.aliceToBob(50), "the call in progress keeps its media while draining");
            Run delete = sidecarctl("--ng-url", sidecar.ngUrl(), "sessions", "delete", "outage@127.0.0.1");
            assertEquals(0, delete.code(), delete.toString());
            Run drained = drain.get(20, TimeUnit.SECONDS);
            assertEquals(0, drained.code(), drained.toString());
            List<String> said = List.of(drained.out().split("\n"));
            assertEquals("draining the sidecar at " + sidecar.httpUrl() + ": 1 call in progress; no new calls, it exits "
                    + "when they end, in 30 s at most", said.get(0));
            assertTrue(said.get(said.size() - 1).matches("the sidecar at " + sidecar.httpUrl() + " exited after \\d+ s"),
                    drained.out());
            assertEquals(0, sidecar.awaitExit(Duration.ofSeconds(5)), sidecar.logTail(20));
            String log = sidecar.logText();
            assertEquals(2, lines(log, "[OpsController] Kamailio unreachable").size(),
                    "the drain's failed disable is the same outage: " + log);
            assertEquals(1, lines(log, "did not confirm that " + sidecar.ngUrl() + " is disabled").size(), log);
            assertEquals(1, lines(log, "drained: the last call ended after").size(), log);
        }
    }

    private static int health(SidecarProcess sidecar) {
        try {
            return sidecar.health().statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static double metric(SidecarProcess sidecar, String sample) {
        try {
            return sidecar.metric(sample);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(line -> line.contains(containing)).toList();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition, SidecarProcess sidecar) {
        Poll.until(what, timeout, condition, () -> "\n--- sidecar log\n" + sidecar.logTail(20));
    }
}
