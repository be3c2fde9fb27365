package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.testbed.ng.OperatorFlags;

/**
 * Issue 14, item 6: a browser's a=mid and a=group:BUNDLE come back in the sidecar's SDP whatever flags the
 * operator's kamailio.cfg passes ({@link OperatorFlags}: the shipped cfg, havfo/WEBRTC-to-SIP with and without
 * generate-mid, the bare minimum), for Chromium's and Firefox's real offers (captures in src/test/resources/sdp),
 * in both call directions. A max-bundle browser refuses an answer that drops its BUNDLE group and an offer without
 * one; rtpengine 10.5 without generate-mid sends both.
 */
class BundleGoldenTest {
    private static final List<String> BROWSER_OFFERS = List.of("chromium156-offer-audio.sdp",
            "firefox153esr-offer-audio-plain.sdp", "firefox153esr-offer-audio-mdns.sdp");

    static Stream<Arguments> browserOffersAndFlagSets() {
        return Stream.of(OperatorFlags.values()).flatMap(flags -> BROWSER_OFFERS.stream()
                .map(capture -> Arguments.of(flags, capture)));
    }

    /** Browser -> trunk: the trunk's answer (no mid, no group) reaches the browser with the browser's own mid. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("browserOffersAndFlagSets")
    void theAnswerToABrowserRepeatsItsMidAndBundleGroup(OperatorFlags flags, String capture) {
        VirtualSidecar sc = new VirtualSidecar("203.0.113.1");
        String browserOffer = resource(capture);
        String toTrunk = sc.sdpOf(KamailioRequest.offer(CALL_ID, "browser").sdp(browserOffer)
                .flags(flags.towardSip()));
        String toBrowser = sc.sdpOf(KamailioRequest.answer(CALL_ID, "browser", "trunk").sdp(TRUNK)
                .flags(flags.towardBrowser()));
        assertAll(
                () -> assertTrue(toTrunk.contains(" RTP/AVP "), toTrunk),
                () -> assertFalse(toTrunk.contains("a=mid:") || toTrunk.contains("a=group:"), toTrunk),
                () -> assertTrue(toTrunk.contains("c=IN IP4 203.0.113.1"), () -> "the trunk must be sent to the"
                        + " sidecar, also when the browser wrote c=0.0.0.0 (no default candidate): " + toTrunk),
                () -> assertTrue(toBrowser.contains(" UDP/TLS/RTP/SAVPF 0\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=mid:0\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=group:BUNDLE 0\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=rtcp-mux\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=fingerprint:sha-256 "), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=setup:active\r\n")
                        || toBrowser.contains("\r\na=setup:passive\r\n"), toBrowser),
                () -> assertFalse(toBrowser.contains("a=crypto"), toBrowser));
    }

    /** Trunk -> browser: the offer to the browser numbers its section and groups it, generate-mid or not. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(OperatorFlags.class)
    void anOfferToABrowserCarriesAMidAndABundleGroup(OperatorFlags flags) {
        VirtualSidecar sc = new VirtualSidecar("203.0.113.1");
        String toBrowser = sc.sdpOf(KamailioRequest.offer(CALL_ID, "trunk").sdp(ALICE)
                .flags(flags.towardBrowser()));
        assertAll(
                () -> assertTrue(toBrowser.contains(" UDP/TLS/RTP/SAVPF 0 8 101\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=mid:0\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=group:BUNDLE 0\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=rtcp-mux\r\n"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=fingerprint:sha-256 "), toBrowser),
                () -> assertFalse(toBrowser.contains("a=crypto"), toBrowser));
    }

    static String resource(String name) {
        try (InputStream in = BundleGoldenTest.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
