package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Calls routed through media-sidecar's path on a real Asterisk 22: a PCMU caller (Local channel on [from-test]) to
 * PCMA-only callees in [test-media], so the AGI hook sends every call into the Stasis app.
 */
class StasisCallFlowTest extends OnAsteriskBed {
    @Test
    void answeredCallCarriesAudioBothWaysThroughTwoBridgesAndRelaysDtmf() throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("ring-then-echo");
            assertEquals("RINGING", caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5)),
                    "ringing passed back to the caller");
            caller.awaitAnswered(Duration.ofSeconds(5));
            caller.connectAudio();
            Thread.sleep(300);
            double share = caller.toneShareHeard(1500);
            assertTrue(share > 0.5, "the caller hears its 440 Hz echoed from the callee through both"
                    + " ExternalMedia legs; share at 440 Hz: " + share);
            assertTrue(bed.framesTranscoded() > 50, "frames transcoded by media-sidecar: "
                    + bed.framesTranscoded());

            // one key press at a time, as a person presses them: each digit crosses to the callee through ARI,
            // Echo() sends it back, and it crosses back to the caller
            StringBuilder back = new StringBuilder();
            for (char digit : "1234567890*".toCharArray()) {
                caller.sendDtmf(String.valueOf(digit));
                try {
                    back.append(caller.dtmfHeard(1, Duration.ofSeconds(5)));
                } catch (AssertionError e) {
                    throw new AssertionError("digit " + digit + " not back; " + relayed(), e);
                }
            }
            assertEquals("1234567890*", back.toString());
            assertTrue(relayed().endsWith(" 22.0"), "11 digits relayed each way: " + relayed());
            // '#' reaches the callee too: Echo() exits on '#' (app_echo.c), so the callee hangs up and the
            // caller gets its cause
            caller.sendDtmf("#");
            assertEquals(16, caller.awaitHangup(Duration.ofSeconds(5)), "Echo() heard '#' and ended; " + relayed());
            caller.removeProbeMedia();
            bed.assertNothingLeft(Duration.ofSeconds(3));
        }
    }

    private static String relayed() throws java.io.IOException {
        return bed.bridge.metrics().scrapeText().lines().filter(l -> l.startsWith("ari_bridge_dtmf_relayed_total"))
                .findFirst().orElse("ari_bridge_dtmf_relayed_total ?");
    }

    @Test
    void opusCallerKeepsOpusThroughAsteriskAndHearsItsToneFromAnAlawCallee() throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dialIn("echo", "from-test", "opus"); // an Opus-only caller; the callee takes PCMA only
            caller.awaitAnswered(Duration.ofSeconds(5));
            caller.connectAudio();
            Thread.sleep(400);
            double share = caller.toneShareHeard(1500);
            assertTrue(share > 0.5, "440 Hz sent as Opus, through Asterisk's Opus ExternalMedia leg, transcoded to"
                    + " PCMA, echoed, and back as Opus; share " + share);
            assertEquals("opus", bed.probes.ari.variable(caller.dialplanSide(), "ARI_BRIDGE_CALLER_CODEC"));
            caller.hangup();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void earlyMediaFromTheTargetReachesTheCallerBeforeTheAnswer() throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("early-then-echo"); // Progress(), Playtones(440) for 2 s, then Answer() and Echo()
            caller.awaitDialStatus(s -> s.equals("PROGRESS"), Duration.ofSeconds(5));
            caller.connectAudio();
            double early = caller.listen(800, 440);
            assertTrue(early > 0.5, "the target's 440 Hz before the answer, share " + early);
            caller.awaitAnswered(Duration.ofSeconds(5));
            Thread.sleep(200);
            assertTrue(caller.toneShareHeard(800) > 0.5, "then the answered call echoes");
            caller.hangup();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void calleeHangupEndsTheCallerWithTheCalleesCause() throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("answer-then-hangup");
            caller.awaitAnswered(Duration.ofSeconds(5));
            assertEquals(16, caller.awaitHangup(Duration.ofSeconds(6)));
            caller.removeProbeMedia();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void busyTargetEndsTheCallerWith17() throws Exception {
        assertCallerEndsWith("busy", 17);
    }

    @Test
    void unansweredTargetEndsTheCallerWith19AfterTheDialTimeout() throws Exception {
        long start = System.nanoTime();
        assertCallerEndsWith("noanswer", 19);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 2900 && ms < 6000, "dial-timeout 3 s; ended after " + ms + " ms");
    }

    @Test
    void congestedTargetEndsTheCallerWith34() throws Exception {
        assertCallerEndsWith("congestion", 34);
    }

    @Test
    void targetThatCannotBeCreatedEndsTheCallerWith34() throws Exception {
        // [from-test] sends any name to Local/<name>@test-media/n; test-media has no such extension
        assertCallerEndsWith("nosuchextension", 34);
    }

    @Test
    void mediaSidecarFailingToReachAsteriskEndsBothPartiesWith47() throws Exception {
        // media-url names a port nothing listens on: media-sidecar's connect is refused, it answers external media
        // with an error, and ari-bridge ends the call
        bed.bridge.close();
        bed.bridge = bed.startBridge(bed.config(Map.of("media-url", "ws://127.0.0.1:9/media"),
                AsteriskBed.SIDECAR_ROUTE));
        try {
            assertCallerEndsWith("echo", 47);
            assertTrue(bed.bridge.metrics().scrapeText().contains("ari_bridge_errors_total{kind=\"ng_refused\"} 1.0"),
                    "counted as media-sidecar refusing");
        } finally {
            bed.bridge.close();
            bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
        }
    }

    @Test
    void mediaSidecarKilledMidCallEndsBothPartiesWith41() throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("echo");
            caller.awaitAnswered(Duration.ofSeconds(5));
            waitUntilUp();
            bed.sidecar.kill(); // a crash: its WebSockets to Asterisk drop
            assertEquals(41, caller.awaitHangup(Duration.ofSeconds(5)));
            caller.removeProbeMedia();
        } finally {
            bed.sidecar = AsteriskBed.startSidecar();
            bed.bridge.close();
            bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    private void waitUntilUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bed.mediaCalls().isEmpty() || bed.bridge.stasis().describeCalls().stream().noneMatch(c -> c.state().equals("UP"))) {
            assertTrue(System.nanoTime() < deadline, "call not up: " + bed.bridge.stasis().describeCalls());
            Thread.sleep(20);
        }
    }

    private void assertCallerEndsWith(String exten, int cause) throws Exception {
        try (ProbeCaller caller = bed.caller()) {
            caller.dial(exten);
            assertEquals(cause, caller.awaitHangup(Duration.ofSeconds(8)), "cause toward the caller");
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }
}
