package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sdp.AudioEndpoint;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.sipp.SippCall;

/**
 * Issue 5's drain, end to end: two media-sidecar processes in the rtpengine set of a real Kamailio 5.6 (the
 * shipped cfg), each with its ops controller. A sipp call runs on one of them; that one gets SIGTERM. Kamailio
 * stops giving it calls (the next INVITEs land on the other), its call keeps its audio until the BYE, and the
 * process exits 0 once that call is gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SidecarDrainAcceptanceTest {
    private static final Duration LONG_CALL = Duration.ofSeconds(14);
    private static final int SHORT_CALLS = 4;
    /** 20 ms packets. */
    private static final long LONG_CALL_PACKETS = LONG_CALL.toMillis() / 20;

    @Test
    void theDrainedSidecarKeepsItsCallUntilByeWhileNewCallsGoToTheOtherThenExitsZero() throws Exception {
        int rpcPort = FreePorts.tcp();
        String rpc = "http://127.0.0.1:" + rpcPort + "/RPC";
        // no start-up warm-up: the test times Kamailio's enable and the drain, not the first calls
        String[] options = {"--kamailio-rpc=" + rpc, "--kamailio-poll-interval=1", "--drain-timeout=60",
            "--codec-warmup=0"};
        // the sidecars first: Kamailio pings its set once at startup; their controllers wait for Kamailio
        try (SidecarProcess a = SidecarProcess.start(Network.host(), "a", options);
             SidecarProcess b = SidecarProcess.start(Network.host(), "b", options);
             KamailioProcess kamailio = KamailioProcess.start(Network.host(), a.ngUrl() + " " + b.ngUrl(),
                     Map.of("RPC_PORT", Integer.toString(rpcPort)));
             KamailioRpcClient operator = KamailioRpcClient.builder(rpc).build()) {
            long kamailioUp = System.nanoTime();
            SidecarPoll.until("both controllers enabled their sidecar in Kamailio", Duration.ofSeconds(10),
                    () -> enabled(a) && enabled(b), a, b);
            System.out.println("[drain] both sidecars enabled " + millisSince(kamailioUp) + " ms after Kamailio started");

            CompletableFuture<SippCall.Result> longCall = CompletableFuture.supplyAsync(
                    () -> SippCall.run(Network.host(), kamailio.sipAddress(), 1, LONG_CALL));
            SidecarPoll.until("the long call is up on one sidecar", Duration.ofSeconds(10),
                    () -> sessions(a) + sessions(b) == 1, a, b);
            SidecarProcess drained = sessions(a) == 1 ? a : b;
            SidecarProcess other = drained == a ? b : a;
            assertEquals(1, operator.dlgList().size(), "route[MEDIA_INVITE]'s dlg_manage() tracks the call");
            double offersOnDrained = drained.offers();
            double offersOnOther = other.offers();

            long sigterm = System.nanoTime();
            drained.sigterm();
            SidecarPoll.until("Kamailio lists the drained sidecar as disabled by hand", Duration.ofSeconds(5),
                    () -> operator.rtpengineShow(drained.ngUrl()).get(0).state()
                            == RtpengineNode.State.DISABLED_PERMANENTLY, a, b);
            long disabledMillis = millisSince(sigterm);
            assertEquals(503, drained.health().statusCode());
            assertTrue(drained.health().body().contains("\"status\":\"draining\""), drained.health().body());
            assertEquals(RtpengineNode.State.ENABLED, operator.rtpengineShow(other.ngUrl()).get(0).state());

            SippCall.Result shortCalls = SippCall.run(Network.host(), kamailio.sipAddress(), SHORT_CALLS,
                    Duration.ofSeconds(1));
            assertEquals(0, shortCalls.uacExitCode(), "the new calls succeed\n" + shortCalls.diagnostics());
            assertEquals(offersOnOther + SHORT_CALLS, other.offers(), "every new INVITE landed on " + other.name());
            assertEquals(offersOnDrained, drained.offers(), "no new call reached the drained " + drained.name());
            for (String offer : shortCalls.uasReceivedSdps()) {
                int port = AudioEndpoint.of(offer).port();
                assertTrue(other.ownsMediaPort(port), "new call on " + other.portRange() + ", got " + port);
            }
            assertTrue(drained.isAlive(), "the drained sidecar waits for its call\n" + drained.logTail(20));

            // when the BYE's delete removed the last call (sessions 0), and when the process ended. The process may
            // exit between two polls of the watch: then the last poll that still saw the call bounds the delete
            // from below, and exit minus that poll bounds the exit delay from above.
            AtomicLong lastSeenWithCall = new AtomicLong(System.nanoTime());
            AtomicLong lastCallGone = new AtomicLong();
            AtomicLong exited = new AtomicLong();
            drained.onExit(() -> exited.set(System.nanoTime()));
            Thread watch = new Thread(() -> {
                while (lastCallGone.get() == 0 && exited.get() == 0) {
                    long polled = System.nanoTime();
                    double now = sessions(drained);
                    if (now == 0) {
                        lastCallGone.set(System.nanoTime());
                    } else if (now == 1) {
                        lastSeenWithCall.set(polled);
                    }
                    Poll.pause(20);
                }
            }, "watch-drained");
            watch.setDaemon(true);
            watch.start();

            SippCall.Result result = longCall.get(LONG_CALL.toSeconds() + 30, TimeUnit.SECONDS);
            assertEquals(0, result.uacExitCode(), "the drained call ends normally\n" + result.diagnostics());
            assertEquals(0, result.uasExitCode(), result.diagnostics());
            int exit = drained.awaitExit(Duration.ofSeconds(10));
            assertEquals(0, exit, "the drained sidecar exits 0 after its last call\n" + drained.logTail(20));
            watch.join(2000);
            long callGone = lastCallGone.get() != 0 ? lastCallGone.get() : lastSeenWithCall.get();
            assertTrue(callGone - sigterm > 3_000_000_000L, "the drained call went on for seconds after SIGTERM");
            long exitAfterDelete = (exited.get() - callGone) / 1_000_000;
            assertTrue(exitAfterDelete < 2000, "exit " + exitAfterDelete + " ms after the last call ended");
            System.out.println("[drain] disabled in Kamailio " + disabledMillis + " ms after SIGTERM; the drained call "
                    + "went on " + (callGone - sigterm) / 1_000_000 + " ms after SIGTERM; the process exited 0 "
                    + exitAfterDelete + " ms after its last call's delete");

            // the audio of the drained call went on through the drained sidecar until the BYE
            assertWholeCallRelayed("UAC -> UAS", result, result.uas().mediaPort(), result.uac().mediaPort(), drained);
            assertWholeCallRelayed("UAS -> UAC", result, result.uac().mediaPort(), result.uas().mediaPort(), drained);

            String log = drained.logText();
            assertTrue(log.contains("draining (SIGTERM): 1 call in progress"), log);
            assertTrue(log.contains("disabled " + drained.ngUrl() + " in Kamailio's rtpengine set"), log);
            assertTrue(log.contains("drained: the last call ended after "), log);
            assertEquals(200, other.health().statusCode(), "the other sidecar still serves");
        }
    }

    private static void assertWholeCallRelayed(String direction, SippCall.Result result, int receiverPort,
                                               int senderPort, SidecarProcess drained) {
        long sent = result.rtp().packetsFrom(senderPort);
        long received = result.rtp().packetsTo(receiverPort);
        assertTrue(sent >= LONG_CALL_PACKETS * 8 / 10, direction + ": sipp sent only " + sent + "\n" + result.diagnostics());
        // the drain began a few seconds into the call: had it cut the media, most packets would be missing
        assertTrue(received >= sent * 95 / 100, direction + ": received " + received + " of " + sent + " sent\n"
                + result.diagnostics());
        result.rtp().senderCountsTo(receiverPort).keySet().forEach(port -> assertTrue(drained.ownsMediaPort(port),
                direction + ": relayed from " + port + ", not from the drained sidecar's " + drained.portRange()));
    }

    private static boolean enabled(SidecarProcess sidecar) {
        try {
            return sidecar.metric("sidecar_kamailio_membership{state=\"enabled\",url=\"" + sidecar.ngUrl() + "\"}") == 1;
        } catch (Exception e) {
            return false;
        }
    }

    private static double sessions(SidecarProcess sidecar) {
        try {
            return sidecar.metric("sidecar_sessions");
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

}
