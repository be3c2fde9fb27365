package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The FastAGI hook as the shipped dialplan runs it ({@code AGI(${ARI_BRIDGE_AGI},<Dial string>)} then Dial) on a
 * real Asterisk: what it decides from the caller's native formats and the routes, the variables it sets, and what
 * the call does then.
 */
class FastAgiRoutingTest extends OnAsteriskBed {
    private void useRoutes(String extra) throws Exception {
        bed.bridge.close();
        bed.bridge = bed.startBridge(extra);
    }

    private String var(ProbeCaller c, String name) throws Exception {
        return bed.probes.ari.variable(c.dialplanSide(), name);
    }

    @Test
    void callerCodecTheTargetLacksGoesThroughTheSidecarAndSaysWhy() throws Exception {
        useRoutes(AsteriskBed.SIDECAR_ROUTE);
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("noanswer");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            assertEquals("sidecar", var(caller, "ARI_BRIDGE_ROUTE"));
            assertEquals("caller speaks ulaw, route test-media takes alaw: media-sidecar transcodes ulaw<->alaw",
                    var(caller, "ARI_BRIDGE_REASON"));
            assertEquals("Local/noanswer@test-media/n", var(caller, "ARI_BRIDGE_DIAL"));
            assertEquals("ulaw", var(caller, "ARI_BRIDGE_CALLER_CODEC"));
            assertEquals("alaw", var(caller, "ARI_BRIDGE_TARGET_CODEC"));
            assertEquals(1, bed.bridge.stasis().activeCalls(), "the call is in the Stasis app");
            assertTrue(bed.bridge.metrics().scrapeText().contains("ari_bridge_calls_routed_total{decision=\"sidecar\"} 1.0"));
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void opusCallerToAG711TargetGoesThroughTheSidecar() throws Exception {
        useRoutes(AsteriskBed.SIDECAR_ROUTE);
        try (ProbeCaller caller = bed.caller()) {
            caller.dialIn("noanswer", "from-test", "opus");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            assertEquals("sidecar", var(caller, "ARI_BRIDGE_ROUTE"));
            assertEquals("opus", var(caller, "ARI_BRIDGE_CALLER_CODEC"));
            assertEquals("alaw", var(caller, "ARI_BRIDGE_TARGET_CODEC"));
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void callerCodecTheTargetTakesIsDialedDirect() throws Exception {
        useRoutes("\n[route test-media]\ndial = Local/*@test-media/n\ncodecs = alaw, ulaw\n");
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("noanswer");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            assertEquals("direct", var(caller, "ARI_BRIDGE_ROUTE"));
            assertEquals("route test-media takes ulaw", var(caller, "ARI_BRIDGE_REASON"));
            assertEquals(0, bed.bridge.stasis().activeCalls(), "Dial runs; the Stasis app sees nothing");
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void targetNoRouteNamesIsDialedDirect() throws Exception {
        useRoutes(""); // the shipped routes only: trunk and browsers
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("noanswer");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            assertEquals("direct", var(caller, "ARI_BRIDGE_ROUTE"));
            assertEquals("no route matches Local/noanswer@test-media/n", var(caller, "ARI_BRIDGE_REASON"));
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void withoutAnAriConnectionTheHookDialsDirectRatherThanIntoADeadStasisApp() throws Exception {
        useRoutes(AsteriskBed.SIDECAR_ROUTE);
        bed.bridge.events().stop();
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("noanswer");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            assertEquals("direct", var(caller, "ARI_BRIDGE_ROUTE"));
            assertEquals("caller speaks ulaw, route test-media takes alaw: media-sidecar transcodes ulaw<->alaw;"
                    + " but ari-bridge has no ARI connection, so Dial runs as without it",
                    var(caller, "ARI_BRIDGE_REASON"));
        }
        useRoutes(AsteriskBed.SIDECAR_ROUTE);
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }

    @Test
    void withAriBridgeStoppedTheDialplanRunsAsWithoutIt() throws Exception {
        bed.bridge.close();
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("noanswer");
            caller.awaitDialStatus(s -> s.equals("RINGING"), Duration.ofSeconds(5));
            AssertionsForAri.assertNotFound(() -> var(caller, "ARI_BRIDGE_ROUTE"),
                    "AGI failed (nothing listens on 4573): no decision was made, and Dial rang the target");
        } finally {
            bed.bridge = bed.startBridge(AsteriskBed.SIDECAR_ROUTE);
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }
}
