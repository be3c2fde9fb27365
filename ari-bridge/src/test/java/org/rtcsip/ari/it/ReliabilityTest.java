package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.rtcsip.ari.ari.AriException;
import org.rtcsip.testbed.process.Poll;

/**
 * Issue item 5 on a real Asterisk: the events WebSocket lost mid-call, ari-bridge restarted mid-call, Asterisk
 * restarted mid-call, and bad input from ARI. After each: what the parties get, and nothing left behind.
 */
class ReliabilityTest extends OnAsteriskBed {
    private ProbeCaller upCall() throws Exception {
        ProbeCaller caller = bed.caller();
        caller.dial("echo");
        caller.awaitAnswered(Duration.ofSeconds(5));
        caller.connectAudio();
        Thread.sleep(300);
        assertTrue(caller.toneShareHeard(600) > 0.5, "audio flows before the fault");
        return caller;
    }

    private static long waitOpen(Duration within) {
        return Poll.millisUntil("ari-bridge's events WebSocket reopened", within, () -> bed.bridge.events().isOpen());
    }

    private static long waitActiveCalls(int n, Duration within) {
        return Poll.millisUntil("ari-bridge holds " + n + " calls", within,
                () -> bed.bridge.stasis().activeCalls() == n);
    }

    /** ari_bridge_ari_reconnects_total of the bridge now: a test that reconnects counts from what was before it. */
    private static double reconnects() throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ari_bridge_ari_reconnects_total ([0-9.]+)$")
                .matcher(bed.bridge.metrics().scrapeText());
        assertTrue(m.find(), "ari_bridge_ari_reconnects_total is exported");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void eventsWebSocketDroppedMidCallReopensAndTheCallKeepsAudioAndDtmf() throws Exception {
        try (ProbeCaller caller = upCall()) {
            double reconnectsBefore = reconnects();
            long dropped = System.nanoTime();
            bed.bridge.events().drop();
            // OkHttp reports the cancel on its own thread
            Poll.millisUntil("the drop noticed", Duration.ofSeconds(1), () -> !bed.bridge.events().isOpen());
            waitOpen(Duration.ofSeconds(5));
            long reopenMs = (System.nanoTime() - dropped) / 1_000_000;
            System.out.println("events WebSocket reopened " + reopenMs + " ms after the drop; reconcile took "
                    + bed.bridge.stasis().lastReconcileMillis() + " ms");
            assertTrue(reopenMs < 1500, "first reopen after 250 ms: " + reopenMs + " ms");
            assertEquals(1, bed.bridge.stasis().activeCalls(), "the call is kept");
            assertTrue(caller.toneShareHeard(600) > 0.5, "audio kept");
            caller.sendDtmf("5");
            assertEquals("5", caller.dtmfHeard(1, Duration.ofSeconds(5)), "DTMF relayed again after the reopen");
            // the bridge may have reconnected before (an Asterisk restart in another test): one more for this drop
            assertEquals(reconnectsBefore + 1, reconnects(), "reconnects counted");
            System.out.println("drop to DTMF relayed: " + (System.nanoTime() - dropped) / 1_000_000 + " ms");
            caller.hangup();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void ariBridgeRestartedMidCallAdoptsTheCallWhichKeepsAudioAndDtmf() throws Exception {
        try (ProbeCaller caller = upCall()) {
            bed.bridge.close();
            assertTrue(caller.toneShareHeard(600) > 0.5, "media does not pass through ari-bridge: audio goes on");
            long start = System.nanoTime();
            bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
            waitActiveCalls(1, Duration.ofSeconds(5));
            System.out.println("new ari-bridge adopted the call " + (System.nanoTime() - start) / 1_000_000
                    + " ms after it started");
            caller.sendDtmf("7");
            assertEquals("7", caller.dtmfHeard(1, Duration.ofSeconds(5)), "DTMF relayed by the new ari-bridge");
            caller.hangup();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void callerHangingUpWhileAriBridgeIsDownEndsTheCalleeWhenItIsBack() throws Exception {
        long deletesBefore = bed.sidecarDeletes();
        String callee;
        try (ProbeCaller caller = upCall()) {
            callee = "arib-" + caller.dialplanSide() + "-b";
            bed.bridge.close();
            caller.hangup();
            Thread.sleep(300);
            assertTrue(bed.probes.ari.channels().stream().anyMatch(c -> c.id().equals(callee)),
                    "with nobody listening, the callee is still up (this is the window a restart closes)");
        }
        bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
        bed.assertNothingLeft(Duration.ofSeconds(3));
        assertTrue(bed.sidecarDeletes() > deletesBefore, "media-sidecar's call was deleted over ng");
    }

    @Test
    void aCallerLeftInTheAppWithoutACallIsHungUpWith41WhenAriBridgeIsBack() throws Exception {
        bed.bridge.close();
        // the test holds app "ari-bridge" for a moment, as a crashed ari-bridge would have: a caller enters it
        try (AriTestApp impostor = new AriTestApp(bed.asterisk, "ari-bridge"); ProbeCaller caller = bed.caller()) {
            caller.dialIn("route", "ari-bridge");
            impostor.await(org.rtcsip.ari.ari.AriEvent.StasisStart.class,
                    e -> e.channel().id().equals(caller.dialplanSide()), Duration.ofSeconds(5),
                    "the caller in app ari-bridge");
            impostor.close();
            long start = System.nanoTime();
            bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
            assertEquals(41, caller.awaitHangup(Duration.ofSeconds(6)), "temporary failure, not silence");
            System.out.println("stray caller hung up " + (System.nanoTime() - start) / 1_000_000
                    + " ms after ari-bridge started");
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void asteriskRestartedMidCallLeavesNoCallAnywhere() throws Exception {
        ProbeCaller caller = upCall();
        long start = System.nanoTime();
        bed.asterisk.restart();
        long restartMs = (System.nanoTime() - start) / 1_000_000;
        long reopenMs = waitOpen(Duration.ofSeconds(15));
        long cleanMs = waitActiveCalls(0, Duration.ofSeconds(5));
        // the test's own ARI app reconnects on its own schedule: calls the next test dials need it registered again
        Poll.millisUntil("the test's ARI app reconnected after the restart", Duration.ofSeconds(15),
                () -> bed.probes.isOpen());
        System.out.println("Asterisk restart took " + restartMs + " ms; events WebSocket reopened " + reopenMs
                + " ms later; calls ended " + cleanMs + " ms after that");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!bed.mediaCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(java.util.List.of(), bed.mediaCalls(), "0 orphan media-sidecar calls after the Asterisk restart");
        caller.close();
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void aWrongAriPasswordShowsOnHealthAndNothingElseBreaks() throws Exception {
        var config = bed.config(java.util.Map.of("ari-password", "wrong", "listen-agi", "127.0.0.1:4574",
                "listen-http", "127.0.0.1:2228"), "");
        try (org.rtcsip.ari.AriBridge wrong = new org.rtcsip.ari.AriBridge(config)) {
            wrong.start();
            Thread.sleep(800);
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                    "http://127.0.0.1:2228/health").toURL().openConnection();
            assertEquals(503, c.getResponseCode());
            String body = new String(c.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(body.contains("is not open (app ari-bridge): HTTP 401"), body);
        }
        assertTrue(bed.bridge.events().isOpen(), "the right ari-bridge is untouched");
    }

    @Test
    void malformedAndUnknownEventsAreCountedAndNothingStops() throws Exception {
        bed.bridge.stasis().message("this is not JSON");
        bed.bridge.stasis().message("[1,2]");
        bed.bridge.stasis().message("{\"type\":\"StasisStart\",\"application\":\"ari-bridge\"}");
        bed.bridge.stasis().message("{\"type\":\"ChannelTeleported\",\"application\":\"ari-bridge\"}");
        try {
            bed.bridge.ari().answer("no-such-channel");
        } catch (AriException expected) {
            assertEquals(404, expected.status());
        }
        Thread.sleep(100);
        String metrics = bed.bridge.metrics().scrapeText();
        assertTrue(metrics.contains("ari_bridge_errors_total{kind=\"malformed_event\"} 3.0"), metrics);
        assertTrue(metrics.contains("ari_bridge_errors_total{kind=\"unknown_event\"} 1.0"), metrics);
        assertTrue(metrics.contains("ari_bridge_errors_total{kind=\"ari_4xx\"} 1.0"), metrics);
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("busy");
            assertEquals(17, caller.awaitHangup(Duration.ofSeconds(5)), "calls still work");
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }
}
