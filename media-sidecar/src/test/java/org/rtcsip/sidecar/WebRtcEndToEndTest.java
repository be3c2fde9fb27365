package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.testing.JavaBrowser;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * A WebRTC leg end to end over ng, with the flags the shipped kamailio.cfg sends (browser -> SIP: ICE=remove
 * DTLS=off RTP/AVP rtcp-mux-demux; SIP -> browser: ICE=force DTLS=passive UDP/TLS/RTP/SAVPF rtcp-mux-offer
 * rtcp-mux-require generate-mid), against {@link JavaBrowser}: ICE checks, DTLS-SRTP both roles, media both ways.
 */
class WebRtcEndToEndTest {
    private static final String OPUS_PCMU = "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
            + "a=rtcp-fb:111 transport-cc\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:126 telephone-event/8000\r\n";
    private TestSidecar sc;
    private NgClient ng;
    private RtpParty trunk;
    private JavaBrowser browser;

    @BeforeEach
    void start() throws Exception {
        sc = new TestSidecar();
        ng = sc.ngClient();
        trunk = new RtpParty();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        trunk.close();
        ng.close();
        sc.close();
    }

    static String trunkSdp(int port) {
        return "v=0\r\no=trunk 4242 4242 IN IP4 127.0.0.1\r\ns=trunk\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    private Map<String, Object> browserToTrunkOffer(String callId, String sdp, Object... extra) throws Exception {
        Map<String, Object> d = dict("supports", List.of("load limit"), "sdp", sdp, "ICE", "remove", "DTLS", "off",
                "replace", List.of("origin", "session-connection"), "transport-protocol", "RTP/AVP",
                "rtcp-mux", List.of("demux"), "SDES", List.of("off"), "call-id", callId,
                "received-from", List.of("IP4", "127.0.0.1"), "from-tag", "browser", "command", "offer");
        for (int i = 0; i < extra.length; i += 2) {
            d.put((String) extra[i], extra[i + 1]);
        }
        return ng.exchange(d);
    }

    private Map<String, Object> trunkAnswerToBrowser(String callId, String sdp) throws Exception {
        return ng.exchange(dict("supports", List.of("load limit"), "sdp", sdp, "ICE", "force", "DTLS", "passive",
                "flags", List.of("generate-mid"), "replace", List.of("origin", "session-connection"),
                "transport-protocol", "UDP/TLS/RTP/SAVPF", "rtcp-mux", List.of("offer", "require"),
                "SDES", List.of("off"), "call-id", callId, "received-from", List.of("IP4", "127.0.0.1"),
                "from-tag", "browser", "to-tag", "trunk", "command", "answer"));
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void browserCallsTrunkWithPcmuPassthroughDtlsSrtpToPlainRtp() throws Exception {
        browser = new JavaBrowser(true);
        Map<String, Object> offer = browserToTrunkOffer("w1", browser.sdp("111 0 126", OPUS_PCMU, "actpass",
                browser.fingerprint()));
        assertEquals("ok", offer.get("result"), offer.toString());
        String toTrunk = (String) offer.get("sdp");
        for (String leak : List.of("a=extmap", "a=msid", "a=ssrc", "a=mid", "a=rtcp-rsize", "a=rtcp-fb", "a=ice-",
                "a=fingerprint", "a=setup", "a=group", "a=candidate", "UDP/TLS")) {
            assertFalse(toTrunk.contains(leak), leak + " leaked to the trunk:\n" + toTrunk);
        }
        Map<String, Object> answer = trunkAnswerToBrowser("w1", trunkSdp(trunk.port()));
        assertEquals("ok", answer.get("result"), answer.toString());
        String toBrowser = (String) answer.get("sdp");
        for (String needed : List.of(" UDP/TLS/RTP/SAVPF 0", "a=group:BUNDLE 0", "a=mid:0", "a=rtcp-mux",
                "a=setup:passive", "a=fingerprint:sha-256 ", "a=ice-ufrag:", "a=ice-pwd:", "a=candidate:",
                "a=ice-lite", "a=end-of-candidates")) {
            assertTrue(toBrowser.contains(needed), needed + " missing toward the browser:\n" + toBrowser);
        }
        browser.accept(toBrowser);
        browser.pump(5000, () -> browser.keys != null);
        assertNotNull(browser.keys, "DTLS-SRTP completed; failure: " + browser.failure);
        assertEquals(port(toBrowser), browser.selectedRemote().getPort());

        byte[] fromBrowser = RtpParty.rtpPacket(0, 1, 160, 0xB0B, 160);
        browser.sendRtp(fromBrowser);
        DatagramPacket atTrunk = RtpParty.receive(trunk.rtp);
        assertNotNull(atTrunk, "trunk got the browser's audio");
        assertArrayEquals(fromBrowser, RtpParty.bytes(atTrunk), "decrypted to plain RTP");

        byte[] fromTrunk = RtpParty.rtpPacket(0, 50, 8000, 0x7777, 160);
        trunk.send(trunk.rtp, fromTrunk, local(port((String) offer.get("sdp"))));
        browser.pump(1000, () -> !browser.receivedRtp.isEmpty());
        assertEquals(1, browser.receivedRtp.size(), "browser got SRTP it could decrypt");
        assertArrayEquals(fromTrunk, browser.receivedRtp.get(0));

        Map<String, Object> q = ng.exchange(dict("call-id", "w1", "command", "query"));
        assertTrue(q.toString().contains("crypto suite="), q.toString());
    }

    @Test
    void browserWithOpusHearsATrunkThatSpeaksOnlyPcmu() throws Exception {
        browser = new JavaBrowser(true);
        Map<String, Object> offer = browserToTrunkOffer("w2", browser.sdp("111 0 126", OPUS_PCMU, "actpass",
                browser.fingerprint()), "codec", dict("mask", List.of("all"), "transcode", List.of("PCMU")),
                "flags", List.of("always-transcode"));
        String toTrunk = (String) offer.get("sdp");
        assertTrue(toTrunk.contains(" RTP/AVP 0 126\r\n"), toTrunk);
        String toBrowser = (String) trunkAnswerToBrowser("w2", trunkSdp(trunk.port())).get("sdp");
        assertTrue(toBrowser.contains(" UDP/TLS/RTP/SAVPF 111\r\n") && toBrowser.contains("a=rtpmap:111 opus/48000/2"),
                "Opus kept toward the browser although it offered PCMU too:\n" + toBrowser);
        assertFalse(toBrowser.contains("transport-cc"), "no feedback we cannot honour:\n" + toBrowser);
        browser.accept(toBrowser);
        browser.pump(5000, () -> browser.keys != null);
        assertNotNull(browser.keys);
        byte[] ulaw = new byte[160];
        for (int i = 0; i < 5; i++) {
            trunk.send(trunk.rtp, RtpParty.rtpPacket(0, 10 + i, 160L * i, 0x7777, 160), local(port(toTrunk)));
        }
        browser.pump(1500, () -> browser.receivedRtp.size() >= 5);
        assertEquals(5, browser.receivedRtp.size());
        for (byte[] p : browser.receivedRtp) {
            assertEquals(111, p[1] & 0x7f, "Opus toward the browser");
        }
    }

    @Test
    void trunkCallsBrowserAndTheBrowserIsTheDtlsClient() throws Exception {
        browser = new JavaBrowser(false);
        Map<String, Object> offer = ng.exchange(dict("sdp", trunkSdp(trunk.port()), "ICE", "force", "DTLS", "passive",
                "flags", List.of("generate-mid"), "replace", List.of("origin", "session-connection"),
                "transport-protocol", "UDP/TLS/RTP/SAVPF", "rtcp-mux", List.of("offer", "require"),
                "SDES", List.of("off"), "call-id", "w3", "from-tag", "trunk", "command", "offer"));
        assertEquals("ok", offer.get("result"), offer.toString());
        String toBrowser = (String) offer.get("sdp");
        assertTrue(toBrowser.contains("a=setup:passive") && toBrowser.contains("a=group:BUNDLE 0"), toBrowser);
        browser.accept(toBrowser);
        Map<String, Object> answer = ng.exchange(dict("sdp", browser.sdp("0", "a=rtpmap:0 PCMU/8000\r\n", "active",
                browser.fingerprint()), "ICE", "remove", "DTLS", "off", "transport-protocol", "RTP/AVP",
                "rtcp-mux", List.of("demux"), "call-id", "w3", "from-tag", "trunk", "to-tag", "browser",
                "command", "answer"));
        String toTrunk = (String) answer.get("sdp");
        assertTrue(toTrunk.contains(" RTP/AVP 0") && !toTrunk.contains("fingerprint"), toTrunk);
        browser.pump(5000, () -> browser.keys != null);
        assertNotNull(browser.keys, "failure: " + browser.failure);
        byte[] fromBrowser = RtpParty.rtpPacket(0, 3, 480, 0xB0B, 160);
        browser.sendRtp(fromBrowser);
        DatagramPacket atTrunk = RtpParty.receive(trunk.rtp);
        assertNotNull(atTrunk);
        assertArrayEquals(fromBrowser, RtpParty.bytes(atTrunk));
    }

    @Test
    void aCertificateThatDoesNotMatchTheFingerprintGetsNoMedia() throws Exception {
        browser = new JavaBrowser(true);
        JavaBrowser other = new JavaBrowser(true); // its fingerprint goes into the SDP: a man in the middle
        try {
            browserToTrunkOffer("w4", browser.sdp("0", "a=rtpmap:0 PCMU/8000\r\n", "actpass", other.fingerprint()));
            String toBrowser = (String) trunkAnswerToBrowser("w4", trunkSdp(trunk.port())).get("sdp");
            browser.accept(toBrowser);
            browser.pump(5000, () -> browser.keys != null || browser.failure != null
                    || metric("sidecar_dtls_failures_total{reason=\"fingerprint_mismatch\"}") > 0);
            assertNull(browser.keys, "no keys for an impostor");
            long deadline = System.currentTimeMillis() + 3000;
            while (metric("sidecar_dtls_failures_total{reason=\"fingerprint_mismatch\"}") < 1
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1.0, metric("sidecar_dtls_failures_total{reason=\"fingerprint_mismatch\"}"));
        } finally {
            other.close();
        }
    }

    @Test
    void plainRtpFromAStrangerNeverReachesTheTrunkBeforeOrAfterIce() throws Exception {
        browser = new JavaBrowser(true);
        Map<String, Object> offer = browserToTrunkOffer("w5", browser.sdp("0", "a=rtpmap:0 PCMU/8000\r\n",
                "actpass", browser.fingerprint()));
        String toBrowser = (String) trunkAnswerToBrowser("w5", trunkSdp(trunk.port())).get("sdp");
        try (RtpParty stranger = new RtpParty()) {
            stranger.send(stranger.rtp, RtpParty.rtpPacket(0, 1, 0, 1, 160), local(port(toBrowser)));
            assertNull(RtpParty.receive(trunk.rtp));
        }
        assertEquals(1, sc.sidecar.calls().metrics().drops(DropReason.STRICT_SOURCE));
        assertNotNull(offer.get("sdp"));
    }

    @Test
    void trunkCallsAnOpusBrowserThatAnswersActpassWithActive() throws Exception {
        browser = new JavaBrowser(true); // answering an ice-lite offer, Chromium is controlling
        Map<String, Object> offer = ng.exchange(dict("sdp", trunkSdp(trunk.port()), "ICE", "force",
                "flags", List.of("generate-mid"), "replace", List.of("origin", "session-connection"),
                "transport-protocol", "UDP/TLS/RTP/SAVPF", "rtcp-mux", List.of("offer", "require"),
                "SDES", List.of("off"), "codec", dict("mask", List.of("all"), "transcode", List.of("opus")),
                "call-id", "w6", "from-tag", "trunk", "command", "offer"));
        String toBrowser = (String) offer.get("sdp");
        assertTrue(toBrowser.contains("a=setup:actpass") && toBrowser.contains(" UDP/TLS/RTP/SAVPF 111"), toBrowser);
        browser.accept(toBrowser);
        // Chromium checks and nominates as soon as it has the offer, before its answer reaches the sidecar
        browser.pump(2000, () -> browser.selectedRemote() != null);
        assertNotNull(browser.selectedRemote());
        Map<String, Object> answer = ng.exchange(dict("sdp", browser.sdp("111", OPUS_PCMU, "active",
                browser.fingerprint()), "ICE", "remove", "DTLS", "off", "transport-protocol", "RTP/AVP",
                "rtcp-mux", List.of("demux"), "call-id", "w6", "from-tag", "trunk", "to-tag", "browser",
                "command", "answer"));
        String toTrunk = (String) answer.get("sdp");
        assertTrue(toTrunk.contains(" RTP/AVP 0\r\n"), toTrunk);
        int trunkFacing = port(toBrowser.equals(toTrunk) ? toTrunk : (String) answer.get("sdp"));
        // the trunk streams before DTLS is up, as sipp does right after the ACK
        for (int i = 0; i < 25; i++) {
            trunk.send(trunk.rtp, RtpParty.rtpPacket(0, 100 + i, 160L * i, 0x7777, 160), local(trunkFacing));
            browser.pump(20, () -> false);
        }
        browser.pump(3000, () -> browser.keys != null);
        assertNotNull(browser.keys, "failure: " + browser.failure);
        int before = browser.receivedRtp.size();
        for (int i = 25; i < 125; i++) {
            trunk.send(trunk.rtp, RtpParty.rtpPacket(0, 100 + i, 160L * i, 0x7777, 160), local(trunkFacing));
            browser.pump(20, () -> false);
        }
        browser.pump(300, () -> false);
        assertTrue(browser.receivedRtp.size() - before >= 95, "Opus packets the browser decrypted after DTLS: "
                + (browser.receivedRtp.size() - before) + "\n" + sc.http("/metrics"));
    }

    private double metric(String sample) {
        try {
            return sc.metric(sample);
        } catch (AssertionError e) {
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
