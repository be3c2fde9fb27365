package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.JavaBrowser;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;
import org.rtcsip.testbed.ng.OperatorFlags;

/**
 * Full ICE toward a browser (issue 14, item 4), against {@link JavaBrowser}, a full agent itself: with
 * {@code --ice=full} the sidecar answers a browser's offer as the controlled agent (RFC 8445 §6.1.1: the offerer
 * controls), which selects a pair only when the browser's USE-CANDIDATE meets a check of its own that succeeded
 * (§7.3.1.5): so media flowing proves the sidecar checked. Offering to a browser with the ng {@code ICE-lite=off}
 * (rtpengine's key) it is controlling and must nominate, or the controlled browser never selects a pair.
 */
class FullIceEndToEndTest {
    private static final String PCMU = "a=rtpmap:0 PCMU/8000\r\n";
    private TestSidecar sc;
    private NgClient ng;
    private RtpParty trunk;
    private JavaBrowser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (trunk != null) {
            trunk.close();
        }
        if (ng != null) {
            ng.close();
        }
        if (sc != null) {
            sc.close();
        }
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private String iceOf(String callId) throws Exception {
        Map<String, Object> q = ng.exchange(Map.of("command", "query", "call-id", callId));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ICE=([a-z ]+)").matcher(q.toString());
        return m.find() ? m.group(1) : q.toString();
    }

    @Test
    void withIceFullTheSidecarAnswersABrowserAsTheControlledAgentAndChecksItsCandidates() throws Exception {
        sc = new TestSidecar("--ice=full");
        ng = sc.ngClient();
        trunk = new RtpParty();
        browser = new JavaBrowser(true);
        Map<String, Object> offer = ng.exchange(KamailioRequest.offer("full-1", "browser")
                .sdp(browser.sdp("0", PCMU, "actpass", browser.fingerprint()))
                .flags(OperatorFlags.SHIPPED.towardSip()).build());
        assertEquals("ok", offer.get("result"), offer.toString());
        Map<String, Object> answer = ng.exchange(KamailioRequest.answer("full-1", "browser", "trunk")
                .sdp(WebRtcEndToEndTest.trunkSdp(trunk.port())).flags(OperatorFlags.SHIPPED.towardBrowser()).build());
        String toBrowser = (String) answer.get("sdp");
        assertFalse(toBrowser.contains("a=ice-lite"), "a full agent must not say ice-lite:\n" + toBrowser);
        assertTrue(toBrowser.contains("a=candidate:") && toBrowser.contains("a=ice-ufrag:"), toBrowser);
        browser.accept(toBrowser);
        browser.pump(8000, () -> browser.keys != null || browser.failure != null);
        assertNotNull(browser.keys, "ICE (the sidecar's own check) and DTLS must complete; " + browser.failure);
        assertEquals("full controlled", iceOf("full-1"));

        byte[] fromBrowser = RtpParty.rtpPacket(0, 7, 1120, 0xB0B, 160);
        browser.sendRtp(fromBrowser);
        DatagramPacket atTrunk = RtpParty.receive(trunk.rtp);
        assertNotNull(atTrunk, "the browser's audio reaches the trunk");
        assertArrayEquals(fromBrowser, RtpParty.bytes(atTrunk));
        byte[] fromTrunk = RtpParty.rtpPacket(0, 70, 11200, 0x7777, 160);
        trunk.send(trunk.rtp, fromTrunk, local(WebRtcEndToEndTest.port((String) offer.get("sdp"))));
        browser.pump(1500, () -> !browser.receivedRtp.isEmpty());
        assertEquals(1, browser.receivedRtp.size(), "the trunk's audio reaches the browser over the selected pair");
    }

    @Test
    void iceLiteOffMakesTheSidecarTheControllingAgentTowardABrowserItOffersTo() throws Exception {
        sc = new TestSidecar(); // ice = lite by default: the call's flag overrides it
        ng = sc.ngClient();
        trunk = new RtpParty();
        browser = new JavaBrowser(false);
        Map<String, Object> offer = ng.exchange(KamailioRequest.offer("full-2", "trunk")
                .sdp(WebRtcEndToEndTest.trunkSdp(trunk.port()))
                .flags(OperatorFlags.SHIPPED.towardBrowser() + " ICE-lite=off").build());
        assertEquals("ok", offer.get("result"), offer.toString());
        String toBrowser = (String) offer.get("sdp");
        assertFalse(toBrowser.contains("a=ice-lite"), toBrowser);
        browser.accept(toBrowser);
        Map<String, Object> answer = ng.exchange(KamailioRequest.answer("full-2", "trunk", "browser")
                .sdp(browser.sdp("0", PCMU, "active", browser.fingerprint()))
                .flags(OperatorFlags.SHIPPED.towardSip()).build());
        assertEquals("ok", answer.get("result"), answer.toString());
        browser.pump(8000, () -> browser.keys != null || browser.failure != null);
        assertNotNull(browser.selectedRemote(), "the controlled browser selects only what the sidecar nominated");
        assertNotNull(browser.keys, "DTLS over the nominated pair; " + browser.failure);
        assertEquals("full controlling", iceOf("full-2"));
        byte[] fromBrowser = RtpParty.rtpPacket(0, 9, 1440, 0xB0B, 160);
        browser.sendRtp(fromBrowser);
        DatagramPacket atTrunk = RtpParty.receive(trunk.rtp);
        assertNotNull(atTrunk);
        assertArrayEquals(fromBrowser, RtpParty.bytes(atTrunk));
    }

    @Test
    void iceLiteForwardKeepsALiteAgentTowardTheBrowserOfASidecarThatRunsFull() throws Exception {
        sc = new TestSidecar("--ice=full");
        ng = sc.ngClient();
        Map<String, Object> offer = ng.exchange(KamailioRequest.offer("lite-1", "trunk")
                .sdp(WebRtcEndToEndTest.trunkSdp(7000))
                .flags(OperatorFlags.SHIPPED.towardBrowser() + " ICE-lite=forward").build());
        assertTrue(((String) offer.get("sdp")).contains("a=ice-lite"), offer.toString());
        Map<String, Object> bad = ng.exchange(KamailioRequest.offer("lite-2", "trunk")
                .sdp(WebRtcEndToEndTest.trunkSdp(7000))
                .flags(OperatorFlags.SHIPPED.towardBrowser() + " ICE-lite=sideways").build());
        assertEquals("error", bad.get("result"));
        assertTrue(String.valueOf(bad.get("error-reason")).contains("ICE-lite"), bad.toString());
    }
}
