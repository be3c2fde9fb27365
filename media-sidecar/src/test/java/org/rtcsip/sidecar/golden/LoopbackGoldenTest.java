package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.GoldenSdp.assertMatches;
import static org.rtcsip.sidecar.golden.Parties.BROWSER;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;
import static org.rtcsip.sidecar.golden.RelayGoldenTest.port;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * The flags whose meaning lies in real sockets, with the in-process sidecar on loopback: named interfaces on
 * 127.0.0.1 and 127.0.0.2, IPv4 to IPv6 bridging on 127.0.0.1 and ::1, rtcp-mux termination, the media timeout
 * and its metric, and query statistics after real packets.
 */
class LoopbackGoldenTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestSidecar sc;
    private NgClient ng;

    private void start(String... options) throws Exception {
        sc = new TestSidecar(options);
        open.add(sc);
        ng = sc.ngClient();
        open.add(ng);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private DatagramSocket socket(String ip) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(VirtualSidecar.ip(ip), 0));
        s.setSoTimeout(1000);
        open.add(s);
        return s;
    }

    private static String sdp(String user, InetSocketAddress rtp, String... extra) {
        String family = rtp.getAddress().getAddress().length == 16 ? "IP6" : "IP4";
        StringBuilder b = new StringBuilder("v=0\r\no=" + user + " 1 1 IN " + family + " "
                + rtp.getAddress().getHostAddress() + "\r\ns=-\r\nc=IN " + family + " "
                + rtp.getAddress().getHostAddress() + "\r\nt=0 0\r\nm=audio " + rtp.getPort()
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        for (String e : extra) {
            b.append(e).append("\r\n");
        }
        return b.append("a=sendrecv\r\n").toString();
    }

    private Map<String, Object> request(KamailioRequest r) throws IOException {
        Map<String, Object> reply = ng.exchange(r.build());
        assertEquals("ok", reply.get("result"), reply.toString());
        return reply;
    }

    private static void send(DatagramSocket from, byte[] data, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(data, data.length, to));
    }

    private static void assertReceived(DatagramSocket at, byte[] data, InetSocketAddress from) throws IOException {
        DatagramPacket p = RtpParty.receive(at);
        assertNotNull(p, "nothing arrived at " + at.getLocalSocketAddress());
        assertArrayEquals(data, RtpParty.bytes(p));
        assertEquals(from, p.getSocketAddress(), "sent from");
    }

    @Test
    void directionBindsTheCallerOnInternalAndTheCalleeOnExternal() throws Exception {
        start("--interface=internal/127.0.0.1", "-i", "external/127.0.0.2");
        DatagramSocket alice = socket("127.0.0.1");
        DatagramSocket bob = socket("127.0.0.1");
        InetSocketAddress aliceAt = (InetSocketAddress) alice.getLocalSocketAddress();
        InetSocketAddress bobAt = (InetSocketAddress) bob.getLocalSocketAddress();
        String toBob = (String) request(KamailioRequest.offer(CALL_ID, "alice").sdp(sdp("alice", aliceAt))
                .flags(SHIPPED + " internal external")).get("sdp");
        assertMatches("""
                v=0
                o=alice 1 1 IN IP4 127.0.0.2
                s=-
                c=IN IP4 127.0.0.2
                t=0 0
                m=audio {PORT} RTP/AVP 0
                a=rtpmap:0 PCMU/8000
                a=sendrecv
                a=rtcp:{PORT+1}
                """, toBob);
        String toAlice = (String) request(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(sdp("bob", bobAt))
                .flags(SHIPPED)).get("sdp");
        assertTrue(toAlice.contains("\r\nc=IN IP4 127.0.0.1\r\n"), toAlice);
        InetSocketAddress bobFacing = new InetSocketAddress(VirtualSidecar.ip("127.0.0.2"), port(toBob));
        InetSocketAddress aliceFacing = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), port(toAlice));
        byte[] fromAlice = Packets.rtp(0, 1, 160, 1, 160);
        send(alice, fromAlice, aliceFacing);
        assertReceived(bob, fromAlice, bobFacing);
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 160);
        send(bob, fromBob, bobFacing);
        assertReceived(alice, fromBob, aliceFacing);
    }

    @Test
    void addressFamilyIp6BridgesAnIpv4CallerToAnIpv6Callee() throws Exception {
        start("--interface=127.0.0.1", "-i", "::1");
        DatagramSocket alice = socket("127.0.0.1");
        DatagramSocket bob = socket("::1");
        String toBob = (String) request(KamailioRequest.offer(CALL_ID, "alice")
                .sdp(sdp("alice", (InetSocketAddress) alice.getLocalSocketAddress()))
                .flags(SHIPPED + " address-family=IP6")).get("sdp");
        assertMatches("""
                v=0
                o=alice 1 1 IN IP6 ::1
                s=-
                c=IN IP6 ::1
                t=0 0
                m=audio {PORT} RTP/AVP 0
                a=rtpmap:0 PCMU/8000
                a=sendrecv
                a=rtcp:{PORT+1}
                """, toBob);
        String toAlice = (String) request(KamailioRequest.answer(CALL_ID, "alice", "bob")
                .sdp(sdp("bob", (InetSocketAddress) bob.getLocalSocketAddress())).flags(SHIPPED)
                .receivedFrom("::1")).get("sdp");
        assertTrue(toAlice.contains("\r\nc=IN IP4 127.0.0.1\r\n"), toAlice);
        InetSocketAddress bobFacing = new InetSocketAddress(VirtualSidecar.ip("::1"), port(toBob));
        InetSocketAddress aliceFacing = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), port(toAlice));
        byte[] fromAlice = Packets.rtp(0, 1, 160, 1, 160);
        send(alice, fromAlice, aliceFacing);
        assertReceived(bob, fromAlice, bobFacing);
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 160);
        send(bob, fromBob, bobFacing);
        assertReceived(alice, fromBob, aliceFacing);
    }

    @Test
    void rtcpMuxDemuxCarriesRtcpBetweenTheMuxedBrowserAndTheTrunksRtcpPort() throws Exception {
        start();
        DatagramSocket browser = socket("127.0.0.1");
        try (RtpParty trunk = new RtpParty()) {
            InetSocketAddress b = (InetSocketAddress) browser.getLocalSocketAddress();
            String offer = BROWSER.replace("198.51.100.10", "127.0.0.1").replace("50000", Integer.toString(b.getPort()));
            String toTrunk = (String) request(KamailioRequest.offer(CALL_ID, "browser").sdp(offer).flags(BROWSER_TO_SIP))
                    .get("sdp");
            assertTrue(!toTrunk.contains("a=rtcp-mux"), toTrunk);
            String answer = TRUNK.replace("198.51.100.2", "127.0.0.1").replace("7000", Integer.toString(trunk.port()));
            String toBrowser = (String) request(KamailioRequest.answer(CALL_ID, "browser", "trunk").sdp(answer)
                    .flags(SHIPPED + " rtcp-mux-offer rtcp-mux-require generate-mid SDES-off")).get("sdp");
            assertTrue(toBrowser.contains("a=rtcp-mux\r\n"), toBrowser);
            InetSocketAddress trunkFacing = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), port(toTrunk));
            InetSocketAddress trunkFacingRtcp = new InetSocketAddress(trunkFacing.getAddress(),
                    trunkFacing.getPort() + 1);
            InetSocketAddress browserFacing = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), port(toBrowser));

            byte[] rr = Packets.receiverReport(0x0f1e2d3c, 0x0a0b0c0d, 0, 0, 100, 3);
            send(browser, rr, browserFacing);
            assertReceived(trunk.rtcp, rr, trunkFacingRtcp);
            byte[] sr = Packets.senderReport(0x0a0b0c0d, 160, 1, 160);
            send(trunk.rtcp, sr, trunkFacingRtcp);
            assertReceived(browser, sr, browserFacing);
            byte[] rtp = Packets.rtp(0, 1, 160, 0x0a0b0c0d, 160);
            send(trunk.rtp, rtp, trunkFacing);
            assertReceived(browser, rtp, browserFacing);
            assertNull(RtpParty.receive(trunk.rtp), "no RTCP leaked onto the trunk's RTP port");
        }
    }

    @Test
    void timeoutOneTearsDownASilentCallAndCountsIt() throws Exception {
        start("--timeout=1");
        try (RtpParty alice = new RtpParty(); RtpParty bob = new RtpParty()) {
            InetSocketAddress a = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), alice.port());
            InetSocketAddress b = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), bob.port());
            request(KamailioRequest.offer(CALL_ID, "alice").sdp(sdp("alice", a)).flags(SHIPPED));
            long beforeLastSignal = System.nanoTime();
            request(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(sdp("bob", b)).flags(SHIPPED));
            while (sc.metric("sidecar_sessions") > 0 && System.nanoTime() - beforeLastSignal < 5_000_000_000L) {
                Thread.sleep(20);
            }
            long waitedMillis = (System.nanoTime() - beforeLastSignal) / 1_000_000;
            assertEquals(0.0, sc.metric("sidecar_sessions"), "gone within 5 s");
            assertTrue(waitedMillis >= 1000, "not before a second of silence: " + waitedMillis + " ms");
            assertEquals(0.0, sc.metric("sidecar_ports_in_use"));
            assertEquals(1.0, sc.metric("sidecar_media_timeouts_total"));
            assertEquals("Unknown call-id", ng.exchange(KamailioRequest.query(CALL_ID, "alice").build())
                    .get("error-reason"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void queryAfterRealRtpAndAReceiverReportCountsEveryPacket() throws Exception {
        start();
        try (RtpParty alice = new RtpParty(); RtpParty bob = new RtpParty()) {
            InetSocketAddress a = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), alice.port());
            InetSocketAddress b = new InetSocketAddress(VirtualSidecar.ip("127.0.0.1"), bob.port());
            int bobFacing = port((String) request(KamailioRequest.offer(CALL_ID, "alice").sdp(sdp("alice", a))
                    .flags(SHIPPED + " label=caller")).get("sdp"));
            int aliceFacing = port((String) request(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(sdp("bob", b))
                    .flags(SHIPPED)).get("sdp"));
            InetSocketAddress toAliceFacing = new InetSocketAddress(a.getAddress(), aliceFacing);
            for (int seq = 1; seq <= 5; seq++) {
                if (seq != 3) {
                    send(alice.rtp, Packets.rtp(0, seq, 160L * seq, 0x11111111, 160), toAliceFacing);
                    assertNotNull(RtpParty.receive(bob.rtp));
                }
            }
            byte[] rr = Packets.receiverReport(0x11111111, 0x22222222, 25, 2, 1010, 40);
            send(alice.rtcp, rr, new InetSocketAddress(a.getAddress(), aliceFacing + 1));
            assertNotNull(RtpParty.receive(bob.rtcp));

            Map<String, Object> q = request(KamailioRequest.query(CALL_ID, "alice"));
            Map<String, Object> tags = (Map<String, Object>) q.get("tags");
            Map<String, Object> aliceTag = (Map<String, Object>) tags.get("alice");
            assertEquals("caller", aliceTag.get("label"));
            Map<String, Object> media = (Map<String, Object>) ((List<Object>) aliceTag.get("medias")).get(0);
            List<Map<String, Object>> streams = (List<Map<String, Object>>) media.get("streams");
            assertEquals((long) aliceFacing, streams.get(0).get("local port"));
            assertEquals(Map.of("family", "IPv4", "address", "127.0.0.1", "port", (long) alice.port()),
                    streams.get(0).get("endpoint"));
            assertEquals(Map.of("packets", 4L, "bytes", 4L * 172, "errors", 0L), streams.get(0).get("stats"));
            assertEquals(Map.of("packets", 1L, "bytes", 32L, "errors", 0L), streams.get(1).get("stats"));
            Map<String, Object> totals = (Map<String, Object>) q.get("totals");
            assertEquals(Map.of("packets", 4L, "bytes", 4L * 172, "errors", 0L), totals.get("RTP"));
            assertEquals(Map.of("packets", 1L, "bytes", 32L, "errors", 0L), totals.get("RTCP"));
            Map<String, Object> ssrc = (Map<String, Object>) q.get("SSRC");
            Map<String, Object> sent = (Map<String, Object>) ssrc.get(Long.toString(0x11111111L));
            assertEquals(1L, sent.get("cumulative loss"), "sequence 3 never came");
            assertTrue(sent.containsKey("jitter"), sent.toString());
            Map<String, Object> reported = (Map<String, Object>) ssrc.get(Long.toString(0x22222222L));
            assertEquals(Map.of("fraction lost", 25L, "cumulative loss", 2L, "highest seq", 1010L, "jitter", 40L),
                    reported.get("reported by peer"));
            assertTrue(q.get("created") instanceof Long && q.get("last signal") instanceof Long, q.toString());
        }
    }
}
