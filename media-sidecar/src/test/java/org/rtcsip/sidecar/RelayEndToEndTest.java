package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;
import org.rtcsip.testbed.ports.FreePorts;

/** The sidecar in-process on loopback, driven over ng exactly as Kamailio drives it, with raw UDP parties. */
class RelayEndToEndTest {
    private TestSidecar sc;
    private NgClient ng;
    private RtpParty alice;
    private RtpParty bob;

    @BeforeEach
    void start() throws Exception {
        sc = new TestSidecar();
        ng = sc.ngClient();
        alice = new RtpParty();
        bob = new RtpParty();
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        ng.close();
        sc.close();
    }

    static String sdp(String user, int port, String profile, String... extra) {
        StringBuilder b = new StringBuilder("v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port + " " + profile + " 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n");
        for (String e : extra) {
            b.append(e).append("\r\n");
        }
        b.append("a=sendrecv\r\n");
        return b.toString();
    }

    static int mediaPort(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    private Map<String, Object> offer(String callId, String sdp, Object... extra) throws Exception {
        Map<String, Object> d = dict("supports", List.of("load limit"), "sdp", sdp,
                "replace", List.of("origin", "session-connection"), "call-id", callId,
                "received-from", List.of("IP4", "127.0.0.1"), "from-tag", "alice-tag", "command", "offer");
        for (int i = 0; i < extra.length; i += 2) {
            d.put((String) extra[i], extra[i + 1]);
        }
        return ng.exchange(d);
    }

    private Map<String, Object> answer(String callId, String sdp, Object... extra) throws Exception {
        Map<String, Object> d = dict("sdp", sdp, "replace", List.of("origin", "session-connection"),
                "call-id", callId, "from-tag", "alice-tag", "to-tag", "bob-tag", "command", "answer");
        for (int i = 0; i < extra.length; i += 2) {
            d.put((String) extra[i], extra[i + 1]);
        }
        return ng.exchange(d);
    }

    /** Sets up a plain call; returns {alice-facing port, bob-facing port}. */
    private int[] plainCall(String callId) throws Exception {
        Map<String, Object> o = offer(callId, sdp("alice", alice.port(), "RTP/AVP"));
        assertEquals("ok", o.get("result"), o.toString());
        Map<String, Object> a = answer(callId, sdp("bob", bob.port(), "RTP/AVP"));
        assertEquals("ok", a.get("result"), a.toString());
        return new int[] {mediaPort((String) a.get("sdp")), mediaPort((String) o.get("sdp"))};
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void answersPingWithPong() throws Exception {
        assertEquals(Map.of("result", "pong"), ng.exchange(dict("command", "ping")));
    }

    @Test
    void rewritesSdpSoMediaFlowsThroughTheSidecar() throws Exception {
        Map<String, Object> o = offer("c1", sdp("alice", alice.port(), "RTP/AVP"));
        String toBob = (String) o.get("sdp");
        int bobFacing = mediaPort(toBob);
        assertTrue(bobFacing >= sc.portMin && bobFacing <= sc.portMax, toBob);
        assertEquals(0, bobFacing % 2, "RTP on an even port");
        assertTrue(toBob.contains("a=rtcp:" + (bobFacing + 1) + "\r\n"), toBob);
        assertTrue(toBob.contains("a=rtpmap:101 telephone-event/8000\r\n"), "codecs pass through: " + toBob);
        assertFalse(toBob.contains(" " + alice.port() + " "), "alice's port must not leak: " + toBob);
    }

    @Test
    void relaysRtpAndRtcpBothWaysFromTheSidecarsPorts() throws Exception {
        int[] ports = plainCall("c2");
        byte[] fromAlice = RtpParty.rtpPacket(0, 1, 160, 0x11111111, 160);
        alice.send(alice.rtp, fromAlice, local(ports[0]));
        DatagramPacket atBob = RtpParty.receive(bob.rtp);
        assertNotNull(atBob, "bob got alice's RTP");
        assertArrayEquals(fromAlice, RtpParty.bytes(atBob));
        assertEquals(ports[1], atBob.getPort(), "sent from the bob-facing port (symmetric RTP)");

        byte[] fromBob = RtpParty.rtpPacket(0, 7, 960, 0x22222222, 160);
        bob.send(bob.rtp, fromBob, local(ports[1]));
        DatagramPacket atAlice = RtpParty.receive(alice.rtp);
        assertNotNull(atAlice);
        assertArrayEquals(fromBob, RtpParty.bytes(atAlice));
        assertEquals(ports[0], atAlice.getPort());

        byte[] rr = RtpParty.receiverReport(0x11111111, 0x22222222, 3);
        alice.send(alice.rtcp, rr, local(ports[0] + 1));
        DatagramPacket rtcpAtBob = RtpParty.receive(bob.rtcp);
        assertNotNull(rtcpAtBob, "RTCP relayed to bob's RTCP port");
        assertArrayEquals(rr, RtpParty.bytes(rtcpAtBob));
        assertEquals(ports[1] + 1, rtcpAtBob.getPort());

        Map<String, Object> q = ng.exchange(dict("call-id", "c2", "from-tag", "alice-tag", "command", "query"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> totals = (Map<String, Map<String, Object>>) q.get("totals");
        assertEquals(2L, totals.get("RTP").get("packets"));
        assertEquals(1L, totals.get("RTCP").get("packets"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ssrc = (Map<String, Object>) q.get("SSRC");
        assertTrue(ssrc.containsKey(Long.toString(0x11111111L)), q.toString());
    }

    @Test
    void dropsRtpFromAStrangerAndCountsIt() throws Exception {
        int[] ports = plainCall("c3");
        double before = sc.sidecar.calls().metrics().drops(DropReason.STRICT_SOURCE);
        try (DatagramSocket stranger = new DatagramSocket(local(0))) {
            for (int i = 0; i < 5; i++) {
                byte[] p = RtpParty.rtpPacket(0, 100 + i, 160L * i, 0x66666666, 160);
                stranger.send(new DatagramPacket(p, p.length, local(ports[0])));
            }
        }
        assertNull(RtpParty.receive(bob.rtp), "nothing from the stranger reaches bob");
        assertEquals(before + 5, sc.sidecar.calls().metrics().drops(DropReason.STRICT_SOURCE));
        assertTrue(sc.http("/metrics").contains("sidecar_dropped_packets_total{reason=\"strict_source\"} 5.0"));
        byte[] real = RtpParty.rtpPacket(0, 1, 160, 0x11111111, 20);
        alice.send(alice.rtp, real, local(ports[0]));
        assertNotNull(RtpParty.receive(bob.rtp), "alice still gets through");
    }

    @Test
    void deleteFreesEveryPortAndReportsStatistics() throws Exception {
        int[] ports = plainCall("c4");
        assertEquals(4.0, sc.metric("sidecar_ports_in_use"));
        assertEquals(1.0, sc.metric("sidecar_sessions"));
        Map<String, Object> d = ng.exchange(dict("call-id", "c4", "from-tag", "alice-tag", "command", "delete"));
        assertEquals("ok", d.get("result"), d.toString());
        assertTrue(d.containsKey("tags") && d.containsKey("totals"), d.toString());
        assertEquals(0.0, sc.metric("sidecar_ports_in_use"));
        assertEquals(0.0, sc.metric("sidecar_sessions"));
        assertEquals(List.of(), ng.exchange(dict("command", "list")).get("calls"));
        for (int p : new int[] {ports[0], ports[0] + 1, ports[1], ports[1] + 1}) {
            new DatagramSocket(local(p)).close(); // bindable again: really released
        }
    }

    @Test
    void deleteOfAnUnknownCallWarnsOrFailsWithFatal() throws Exception {
        Map<String, Object> r = ng.exchange(dict("call-id", "nope", "from-tag", "x", "command", "delete"));
        assertEquals("ok", r.get("result"));
        assertEquals("Call-ID not found or tags didn't match", r.get("warning"));
        Map<String, Object> f = ng.exchange(dict("call-id", "nope", "from-tag", "x", "flags", List.of("fatal"),
                "command", "delete"));
        assertEquals("error", f.get("result"));
    }

    @Test
    void deleteDelayKeepsTheCallUntilItExpires() throws Exception {
        plainCall("c5");
        ng.exchange(dict("call-id", "c5", "from-tag", "alice-tag", "delete delay", 1L, "delete-delay", "1",
                "command", "delete"));
        assertEquals(1.0, sc.metric("sidecar_sessions"), "still there during the delay");
        long deadline = System.currentTimeMillis() + 5000;
        while (sc.metric("sidecar_sessions") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0.0, sc.metric("sidecar_ports_in_use"));
    }

    @Test
    void retransmittedOfferRunsOnceAndGetsTheSameReply() throws Exception {
        Map<String, Object> d = dict("sdp", sdp("alice", alice.port(), "RTP/AVP"), "call-id", "c6",
                "from-tag", "alice-tag", "command", "offer");
        Map<String, Object> first = ng.exchange("0_11264_7", d);
        Map<String, Object> again = ng.exchange("0_11264_7", d);
        assertEquals(first, again);
        assertEquals(4.0, sc.metric("sidecar_ports_in_use"), "the retransmission bound no new ports");
    }

    @Test
    void reInviteWithNewAddressRedirectsMedia() throws Exception {
        int[] ports = plainCall("c7");
        try (RtpParty bob2 = new RtpParty()) {
            Map<String, Object> re = ng.exchange(dict("sdp", sdp("bob", bob2.port(), "RTP/AVP"), "call-id", "c7",
                    "from-tag", "bob-tag", "to-tag", "alice-tag", "command", "offer"));
            assertEquals("ok", re.get("result"), re.toString());
            assertEquals(ports[0], mediaPort((String) re.get("sdp")), "alice keeps her sidecar port");
            Map<String, Object> an = ng.exchange(dict("sdp", sdp("alice", alice.port(), "RTP/AVP"),
                    "call-id", "c7", "from-tag", "bob-tag", "to-tag", "alice-tag", "command", "answer"));
            assertEquals(ports[1], mediaPort((String) an.get("sdp")));
            alice.send(alice.rtp, RtpParty.rtpPacket(0, 1, 160, 1, 20), local(ports[0]));
            assertNotNull(RtpParty.receive(bob2.rtp), "media follows the re-INVITE");
            assertEquals(4.0, sc.metric("sidecar_ports_in_use"), "updated in place");
        }
    }

    @Test
    void holdWithUnspecifiedAddressStopsSendingToThatParty() throws Exception {
        int[] ports = plainCall("c8");
        String hold = sdp("bob", bob.port(), "RTP/AVP").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0")
                .replace("a=sendrecv", "a=sendonly");
        ng.exchange(dict("sdp", hold, "call-id", "c8", "from-tag", "bob-tag", "to-tag", "alice-tag",
                "command", "offer"));
        alice.send(alice.rtp, RtpParty.rtpPacket(0, 1, 160, 1, 20), local(ports[0]));
        assertNull(RtpParty.receive(bob.rtp));
        assertEquals(1.0, sc.sidecar.calls().metrics().drops(DropReason.NO_DESTINATION));
    }

    @Test
    void badRequestsGetRtpengineReasonsAndLeaveNothingBehind() throws Exception {
        assertEquals("Unrecognized command", ng.exchange(dict("command", "explode")).get("error-reason"));
        assertEquals("No call-id in message", ng.exchange(dict("sdp", "v=0", "from-tag", "a",
                "command", "offer")).get("error-reason"));
        assertEquals("No from-tag in message", ng.exchange(dict("sdp", "v=0", "call-id", "x",
                "command", "offer")).get("error-reason"));
        assertEquals("No SDP body in message", ng.exchange(dict("call-id", "x", "from-tag", "a",
                "command", "offer")).get("error-reason"));
        Map<String, Object> badSdp = offer("x", "v=0\r\nthis is not sdp\r\n");
        assertEquals("error", badSdp.get("result"));
        assertTrue(((String) badSdp.get("error-reason")).startsWith("Failed to parse SDP"), badSdp.toString());
        assertEquals("Unknown call-id", answer("never-offered", sdp("bob", bob.port(), "RTP/AVP"))
                .get("error-reason"));
        Map<String, Object> bencode = ng.exchange("c", "d7:command4:ping".getBytes(StandardCharsets.US_ASCII));
        assertTrue(((String) bencode.get("error-reason")).startsWith("Invalid NG data format"), bencode.toString());
        Map<String, Object> hostname = offer("y", sdp("alice", alice.port(), "RTP/AVP")
                .replace("c=IN IP4 127.0.0.1", "c=IN IP4 evil.example.com"));
        assertEquals("Media address 'evil.example.com' is not an IP address", hostname.get("error-reason"));
        assertEquals(0.0, sc.metric("sidecar_sessions"));
        assertEquals(0.0, sc.metric("sidecar_ports_in_use"));
        assertTrue(sc.http("/metrics").contains("sidecar_ng_requests_total{command=\"offer\",result=\"error\"}"));
    }

    @Test
    void runningOutOfPortsIsReportedSoKamailioFailsOverAndNothingLeaks() throws Exception {
        int min = sc.portMin;
        stop();
        sc = new TestSidecar("--port-min=" + min, "--port-max=" + (min + 5)); // three RTP/RTCP pairs
        ng = sc.ngClient();
        alice = new RtpParty();
        bob = new RtpParty();
        assertEquals("ok", offer("first", sdp("alice", alice.port(), "RTP/AVP")).get("result"));
        Map<String, Object> second = offer("second", sdp("alice", alice.port(), "RTP/AVP"));
        assertEquals("Ran out of ports", second.get("error-reason"));
        assertEquals(4.0, sc.metric("sidecar_ports_in_use"), "the pair bound for the failed call was released");
        assertEquals(1.0, sc.metric("sidecar_sessions"));
    }

    @Test
    void sdesSrtpFromAliceBecomesPlainRtpForBobAndBack() throws Exception {
        SdesCryptoAttribute aliceKey = SdesCryptoAttribute.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                new SecureRandom());
        Map<String, Object> o = offer("s1", sdp("alice", alice.port(), "RTP/SAVP", "a=crypto:" + aliceKey.toValue()),
                "transport-protocol", "RTP/AVP", "SDES", List.of("off"));
        String toBob = (String) o.get("sdp");
        assertTrue(toBob.contains(" RTP/AVP 0 101\r\n") && !toBob.contains("a=crypto"), toBob);
        Map<String, Object> a = answer("s1", sdp("bob", bob.port(), "RTP/AVP"));
        String toAlice = (String) a.get("sdp");
        assertTrue(toAlice.contains(" RTP/SAVP 0 101\r\n"), "alice keeps her profile: " + toAlice);
        Matcher crypto = Pattern.compile("a=crypto:(.*)\r\n").matcher(toAlice);
        assertTrue(crypto.find(), toAlice);
        SdesCryptoAttribute sidecarKey = SdesCryptoAttribute.parse(crypto.group(1));
        assertEquals(1, sidecarKey.tag(), "answer keeps the offer's tag (RFC 4568 section 7.1.2)");
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, sidecarKey.suite());
        int aliceFacing = mediaPort(toAlice);
        int bobFacing = mediaPort(toBob);

        SrtpTransform aliceSends = SrtpTransform.forSdes(aliceKey);
        byte[] plain = RtpParty.rtpPacket(0, 1, 160, 0x0A11CE, 160);
        byte[] buf = java.util.Arrays.copyOf(plain, plain.length + 32);
        int len = aliceSends.protectRtp(buf, 0, plain.length);
        alice.send(alice.rtp, java.util.Arrays.copyOf(buf, len), local(aliceFacing));
        DatagramPacket atBob = RtpParty.receive(bob.rtp);
        assertNotNull(atBob, "bob got alice's media");
        assertArrayEquals(plain, RtpParty.bytes(atBob), "decrypted by the sidecar");

        byte[] fromBob = RtpParty.rtpPacket(0, 9, 1600, 0x0B0B, 160);
        bob.send(bob.rtp, fromBob, local(bobFacing));
        DatagramPacket atAlice = RtpParty.receive(alice.rtp);
        assertNotNull(atAlice);
        byte[] secured = java.util.Arrays.copyOf(RtpParty.bytes(atAlice), atAlice.getLength() + 32);
        assertEquals(fromBob.length + 10, atAlice.getLength(), "80-bit auth tag added");
        int plainLen = SrtpTransform.forSdes(sidecarKey).unprotectRtp(secured, 0, atAlice.getLength());
        assertEquals(fromBob.length, plainLen, "alice can decrypt with the key in the answer");
        assertArrayEquals(fromBob, java.util.Arrays.copyOf(secured, plainLen));

        byte[] forged = RtpParty.rtpPacket(0, 2, 320, 0x0A11CE, 170);
        alice.send(alice.rtp, forged, local(aliceFacing));
        assertNull(RtpParty.receive(bob.rtp), "an unauthenticated packet is not relayed");
        assertEquals(1, sc.sidecar.calls().metrics().drops(DropReason.SRTP_AUTH));
    }

    @Test
    void offersBothSdesSuitesTowardAnSrtpCalleeAndUsesTheOneItPicks() throws Exception {
        Map<String, Object> o = offer("s2", sdp("alice", alice.port(), "RTP/AVP"), "transport-protocol", "RTP/SAVP");
        String toBob = (String) o.get("sdp");
        assertTrue(toBob.contains(" RTP/SAVP 0 101\r\n"), toBob);
        Matcher m = Pattern.compile("a=crypto:(.*)\r\n").matcher(toBob);
        List<SdesCryptoAttribute> offered = new java.util.ArrayList<>();
        while (m.find()) {
            offered.add(SdesCryptoAttribute.parse(m.group(1)));
        }
        assertEquals(List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32),
                offered.stream().map(SdesCryptoAttribute::suite).toList());
        SdesCryptoAttribute bobKey = SdesCryptoAttribute.generate(offered.get(1).tag(),
                SrtpSuite.AES_CM_128_HMAC_SHA1_32, new SecureRandom());
        Map<String, Object> a = answer("s2", sdp("bob", bob.port(), "RTP/SAVP", "a=crypto:" + bobKey.toValue()));
        assertEquals("ok", a.get("result"), a.toString());
        String toAlice = (String) a.get("sdp");
        assertTrue(toAlice.contains(" RTP/AVP 0 101\r\n") && !toAlice.contains("crypto"), toAlice);

        byte[] fromAlice = RtpParty.rtpPacket(0, 5, 800, 0x0A11CE, 160);
        alice.send(alice.rtp, fromAlice, local(mediaPort(toAlice)));
        DatagramPacket atBob = RtpParty.receive(bob.rtp);
        assertNotNull(atBob);
        assertEquals(fromAlice.length + 4, atBob.getLength(), "32-bit tag of the suite bob picked");
        byte[] buf = java.util.Arrays.copyOf(RtpParty.bytes(atBob), atBob.getLength() + 32);
        int len = SrtpTransform.forSdes(offered.get(1)).unprotectRtp(buf, 0, atBob.getLength());
        assertArrayEquals(fromAlice, java.util.Arrays.copyOf(buf, len));
    }

    @Test
    void healthAndSessionsSpeakJson() throws Exception {
        plainCall("h1");
        // the default media transport: the JDK's selector, and why not io_uring (media-transport)
        String health = sc.http("/health");
        assertEquals("{\"status\":\"ok\",\"codecs\":\"warm\",\"media_transport\":\"jdk (io_uring not used: "
                + "media-transport = jdk)\"}", health);
        String sessions = sc.http("/sessions");
        assertTrue(sessions.contains("\"call-id\" : \"h1\"") && sessions.contains("\"alice-tag\"")
                && sessions.contains("\"local port\""), sessions);
    }

    @Test
    void ngServerAnswersOnIpv6Too() throws Exception {
        int port = FreePorts.udp();
        stop();
        sc = new TestSidecar("--listen-ng=[::1]:" + port);
        try (NgClient v6 = new NgClient(new InetSocketAddress(InetAddress.getByName("::1"), port),
                Duration.ofSeconds(3), 1)) {
            assertEquals("pong", v6.exchange(dict("command", "ping")).get("result"));
        }
        ng = sc.ngClient();
        alice = new RtpParty();
        bob = new RtpParty();
    }
}
