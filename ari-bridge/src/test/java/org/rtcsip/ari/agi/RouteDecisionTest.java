package org.rtcsip.ari.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtcsip.ari.config.Route;

class RouteDecisionTest {
    private static final Route TRUNK = new Route("trunk", "PJSIP/*@trunk", List.of("ulaw", "alaw"));
    private static final Route BROWSERS = new Route("browsers", "PJSIP/webrtc*", List.of("opus"));

    @Test
    void browserOpusToAG711TrunkGoesThroughTheSidecarTowardItsFirstCodec() {
        RouteDecision d = RouteDecision.decide("PJSIP/100@trunk", NativeFormats.parse("(opus|ulaw|alaw)"), TRUNK);
        assertEquals(RouteDecision.Kind.SIDECAR, d.kind());
        assertEquals("opus", d.callerCodec());
        assertEquals("ulaw", d.targetCodec());
        assertEquals("caller speaks opus, route trunk takes ulaw,alaw: media-sidecar transcodes opus<->ulaw",
                d.reason());
    }

    @Test
    void aCodecTheTargetTakesIsDialedDirect() {
        RouteDecision d = RouteDecision.decide("PJSIP/100@trunk", NativeFormats.parse("(alaw)"), TRUNK);
        assertEquals(RouteDecision.Kind.DIRECT, d.kind());
        assertEquals("route trunk takes alaw", d.reason());
    }

    @Test
    void aTrunkCallerToABrowserGoesThroughTheSidecarToKeepOpus() {
        RouteDecision d = RouteDecision.decide("PJSIP/webrtc", NativeFormats.parse("(ulaw)"), BROWSERS);
        assertEquals(RouteDecision.Kind.SIDECAR, d.kind());
        assertEquals("opus", d.targetCodec());
    }

    @Test
    void nothingToSayIsDirect() {
        assertEquals("no route matches Local/1@x",
                RouteDecision.decide("Local/1@x", List.of("ulaw"), null).reason());
        assertEquals("the caller has no audio format",
                RouteDecision.decide("PJSIP/1@trunk", NativeFormats.parse("(nothing)"), TRUNK).reason());
        RouteDecision g722 = RouteDecision.decide("PJSIP/1@trunk", List.of("g722"), TRUNK);
        assertEquals(RouteDecision.Kind.DIRECT, g722.kind());
        assertEquals("no transcoding from g722 to ulaw,alaw in media-sidecar", g722.reason());
    }
}
