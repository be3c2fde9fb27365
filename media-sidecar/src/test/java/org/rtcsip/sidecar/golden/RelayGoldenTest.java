package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.ALICE_SRTP;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.BROWSER;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;
import static org.rtcsip.sidecar.golden.VirtualSidecar.at;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * What the flags mean for packets: after the ng commands, datagrams are delivered to the sidecar's (fake) ports
 * and the test checks what leaves, from which port, to where. Virtual time, no sockets.
 */
class RelayGoldenTest {
    private static final InetSocketAddress ALICE_RTP = at("198.51.100.1", 6000);
    private static final InetSocketAddress BOB_RTP = at("198.51.100.2", 7000);

    private final VirtualSidecar sc = new VirtualSidecar("203.0.113.1");

    /** The port of the first m= line. */
    static int port(String sdp) {
        Matcher m = Pattern.compile("^m=\\w+ (\\d+) ", Pattern.MULTILINE).matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    private static void assertOnlySent(List<FakeSockets.Sent> sent, InetSocketAddress from, InetSocketAddress to,
                                       byte[] data) {
        assertEquals(1, sent.size(), () -> "sent: " + sent);
        assertEquals(from, sent.get(0).from(), "leaves from");
        assertEquals(to, sent.get(0).to(), "goes to");
        assertArrayEquals(data, sent.get(0).data());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstStream(Map<String, Object> query, String tag) {
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) query.get("tags")).get(tag);
        Map<String, Object> media = (Map<String, Object>) ((List<Object>) t.get("medias")).get(0);
        return (Map<String, Object>) ((List<Object>) media.get("streams")).get(0);
    }

    @Test
    void rtcpMuxDemuxMovesRtcpBetweenTheBrowsersRtpPortAndTheTrunksRtcpPort() {
        int trunkFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "browser").sdp(BROWSER).flags(BROWSER_TO_SIP)));
        int browserFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "browser", "trunk").sdp(TRUNK)
                .flags(SHIPPED + " rtcp-mux-offer rtcp-mux-require generate-mid SDES-off")));
        InetSocketAddress browser = at("198.51.100.10", 50000);
        InetSocketAddress trunkRtp = at("198.51.100.2", 7000);
        InetSocketAddress trunkRtcp = at("198.51.100.2", 7001);

        byte[] rr = Packets.receiverReport(0x0f1e2d3c, 0x0a0b0c0d, 0, 0, 100, 3);
        sc.deliver(browserFacing, browser, rr);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", trunkFacing + 1), trunkRtcp, rr);

        byte[] sr = Packets.senderReport(0x0a0b0c0d, 160, 1, 160);
        sc.deliver(trunkFacing + 1, trunkRtcp, sr);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", browserFacing), browser, sr);

        byte[] fromBrowser = Packets.rtp(0, 1, 160, 0x0f1e2d3c, 160);
        sc.deliver(browserFacing, browser, fromBrowser);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", trunkFacing), trunkRtp, fromBrowser);

        byte[] fromTrunk = Packets.rtp(0, 1, 160, 0x0a0b0c0d, 160);
        sc.deliver(trunkFacing, trunkRtp, fromTrunk);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", browserFacing), browser, fromTrunk);
    }

    @Test
    void rtcpMuxOfferedAndAcceptedByTheCalleeSendsItsRtcpOnItsRtpPort() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED
                + " rtcp-mux-offer")));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").flags(SHIPPED)
                .sdp(BOB.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n"))));
        byte[] rr = Packets.receiverReport(1, 2, 0, 0, 7, 0);
        sc.deliver(aliceFacing + 1, at("198.51.100.1", 6001), rr);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", bobFacing), BOB_RTP, rr);
        byte[] bobRr = Packets.receiverReport(2, 1, 0, 0, 9, 0);
        sc.deliver(bobFacing, BOB_RTP, bobRr);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing + 1), at("198.51.100.1", 6001), bobRr);
    }

    /**
     * A call forked to two phones (Kamailio's via-branch=extra): both get their own ports; the first branch
     * answers, the other one fails and is deleted by branch. Media must flow between alice and the winner.
     */
    @Test
    void aForkAnsweredByItsFirstBranchRelaysToThatBranchAfterTheOtherIsDeleted() {
        int toBranch1 = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").viaBranch("z9hG4bK-b1.0").sdp(ALICE)
                .flags(SHIPPED)));
        int toBranch2 = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").viaBranch("z9hG4bK-b1.1").sdp(ALICE)
                .flags(SHIPPED)));
        assertNotEquals(toBranch1, toBranch2);
        assertEquals(6, sc.sockets.portsInUse(), "alice's pair and one per branch");
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").viaBranch("z9hG4bK-b1.0")
                .sdp(BOB).flags(SHIPPED)));
        Map<String, Object> deleted = sc.request(KamailioRequest.delete(CALL_ID, "alice").viaBranch("z9hG4bK-b1.1"));
        assertEquals("ok", deleted.get("result"), deleted.toString());
        assertEquals(4, sc.sockets.portsInUse(), "the losing branch's pair is released");
        assertFalse(sc.sockets.isOpen(toBranch2));

        byte[] fromAlice = Packets.rtp(0, 1, 160, 0x11111111, 160);
        sc.deliver(aliceFacing, ALICE_RTP, fromAlice);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", toBranch1), BOB_RTP, fromAlice);
        byte[] fromBob = Packets.rtp(0, 1, 160, 0x22222222, 160);
        sc.deliver(toBranch1, BOB_RTP, fromBob);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing), ALICE_RTP, fromBob);
    }

    @Test
    void aForkAnsweredByItsLastBranchRelaysToThatBranchAfterTheOtherIsDeleted() {
        int toBranch1 = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").viaBranch("z9hG4bK-b1.0").sdp(ALICE)
                .flags(SHIPPED)));
        int toBranch2 = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").viaBranch("z9hG4bK-b1.1").sdp(ALICE)
                .flags(SHIPPED)));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob2").viaBranch("z9hG4bK-b1.1")
                .sdp(BOB).flags(SHIPPED)));
        assertEquals("ok", sc.request(KamailioRequest.delete(CALL_ID, "alice").viaBranch("z9hG4bK-b1.0"))
                .get("result"));
        assertFalse(sc.sockets.isOpen(toBranch1));
        byte[] fromAlice = Packets.rtp(0, 1, 160, 0x11111111, 160);
        sc.deliver(aliceFacing, ALICE_RTP, fromAlice);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", toBranch2), BOB_RTP, fromAlice);
    }

    /** The key an SDES-off answer still carries is the one the sidecar really encrypts with towards alice. */
    @Test
    void theKeyInAnSdesOffAnswerDecryptsWhatTheSrtpCallerReceives() throws Exception {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE_SRTP)
                .flags(SHIPPED + " RTP/AVP")));
        String toAlice = sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB)
                .flags(SHIPPED + " SDES-off"));
        Matcher crypto = Pattern.compile("a=crypto:(.*)\r\n").matcher(toAlice);
        assertTrue(crypto.find(), toAlice);
        SrtpTransform aliceReceives = SrtpTransform.forSdes(SdesCryptoAttribute.parse(crypto.group(1)));
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 160);
        sc.deliver(bobFacing, BOB_RTP, fromBob);
        List<FakeSockets.Sent> sent = sc.takeSent();
        assertEquals(1, sent.size());
        assertEquals(ALICE_RTP, sent.get(0).to());
        byte[] srtp = Arrays.copyOf(sent.get(0).data(), sent.get(0).data().length + 32);
        int len = aliceReceives.unprotectRtp(srtp, 0, sent.get(0).data().length);
        assertEquals(fromBob.length, len, "authenticates and decrypts with the answer's key");
        assertArrayEquals(fromBob, Arrays.copyOf(srtp, len));
    }

    @Test
    void trustAddressSendsToTheSdpAddressAndRefusesTheSipHopsAddress() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED)
                .receivedFrom("192.0.2.50")));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        Map<String, Object> q = sc.request(KamailioRequest.query(CALL_ID, "alice"));
        assertEquals(Map.of("family", "IPv4", "address", "198.51.100.1", "port", 6000L),
                firstStream(q, "alice").get("endpoint"));
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 20);
        sc.deliver(bobFacing, BOB_RTP, fromBob);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing), ALICE_RTP, fromBob);
        sc.deliver(aliceFacing, at("192.0.2.50", 41000), Packets.rtp(0, 1, 160, 1, 20));
        assertTrue(sc.takeSent().isEmpty(), "strict source: not from where the SDP said");
        assertEquals(1, sc.calls.metrics().drops(DropReason.STRICT_SOURCE));
    }

    @Test
    void sipSourceAddressSendsToReceivedFromAndLatchesWhereTheCallerReallySendsFrom() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                .flags("replace-origin replace-session-connection SIP-source-address").receivedFrom("192.0.2.50")));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        assertEquals(Map.of("family", "IPv4", "address", "192.0.2.50", "port", 6000L),
                firstStream(sc.request(KamailioRequest.query(CALL_ID, "alice")), "alice").get("endpoint"));
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 20);
        sc.deliver(bobFacing, BOB_RTP, fromBob);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing), at("192.0.2.50", 6000), fromBob);
        InetSocketAddress natted = at("192.0.2.50", 41000);
        byte[] fromAlice = Packets.rtp(0, 1, 160, 1, 20);
        sc.deliver(aliceFacing, natted, fromAlice);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", bobFacing), BOB_RTP, fromAlice);
        byte[] again = Packets.rtp(0, 2, 320, 2, 20);
        sc.deliver(bobFacing, BOB_RTP, again);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing), natted, again);
    }

    @Test
    void mediaAddressOverridesTheSdpAddressOfTheSender() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                .flags(SHIPPED + " media-address=192.0.2.77")));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        byte[] fromBob = Packets.rtp(0, 1, 160, 2, 20);
        sc.deliver(bobFacing, BOB_RTP, fromBob);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", aliceFacing), at("192.0.2.77", 6000), fromBob);
    }

    @Test
    void holdWithTheUnspecifiedAddressStopsMediaTowardsTheHolderUntilUnhold() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED)));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").flags(SHIPPED)
                .sdp(BOB.replace("c=IN IP4 198.51.100.2", "c=IN IP4 0.0.0.0")));
        sc.deliver(aliceFacing, ALICE_RTP, Packets.rtp(0, 1, 160, 1, 20));
        assertTrue(sc.takeSent().isEmpty(), "nothing is sent to 0.0.0.0");
        assertEquals(1, sc.calls.metrics().drops(DropReason.NO_DESTINATION));
        sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").flags(SHIPPED).sdp(BOB.replace("7000", "7010")));
        byte[] after = Packets.rtp(0, 2, 320, 1, 20);
        sc.deliver(aliceFacing, ALICE_RTP, after);
        assertOnlySent(sc.takeSent(), at("203.0.113.1", bobFacing), at("198.51.100.2", 7010), after);
    }
}
