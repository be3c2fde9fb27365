package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * A refused re-offer leaves the call as it was (RFC 3261 §14.1: a failed re-INVITE keeps the old session): a call
 * streams both ways, then a re-offer that moves the first m= line and carries something unusable is refused with
 * rtpengine's error text, and media keeps flowing both ways between the old addresses, with no port gained or lost.
 * Driven through the ng and media sockets of an in-process sidecar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefusedReofferTest {
    private static final int PACKETS = 25;
    private static final int MIN_ARRIVED = 22;

    private TestSidecar sc;
    private NgClient ng;
    private RtpParty alice;
    private RtpParty bob;
    private RtpParty aliceElsewhere;
    private InetSocketAddress aliceFacing;
    private InetSocketAddress bobFacing;

    private void start(String... options) throws Exception {
        sc = new TestSidecar(options);
        ng = sc.ngClient();
        alice = new RtpParty();
        bob = new RtpParty();
        aliceElsewhere = new RtpParty();
        Map<String, Object> offer = ng.exchange(dict("sdp", sdp("alice", alice.port(), ""), "call-id", "refused",
                "from-tag", "alice", "replace", List.of("origin", "session-connection"), "command", "offer"));
        assertEquals("ok", offer.get("result"), offer.toString());
        Map<String, Object> answer = ng.exchange(dict("sdp", sdp("bob", bob.port(), ""), "call-id", "refused",
                "from-tag", "alice", "to-tag", "bob", "replace", List.of("origin", "session-connection"),
                "command", "answer"));
        assertEquals("ok", answer.get("result"), answer.toString());
        aliceFacing = local(port((String) answer.get("sdp")));
        bobFacing = local(port((String) offer.get("sdp")));
        assertMediaFlowsBothWays("before the re-offer");
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, aliceElsewhere, ng, sc}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static String sdp(String user, int port, String moreMedia) {
        return "v=0\r\no=" + user + " 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n" + moreMedia;
    }

    private static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Alice re-offers from a new port with {@code reoffer}; the reply must be {@code error} with this reason. */
    private void refused(String firstLine, String moreMedia, String reason) throws Exception {
        String body = sdp("alice", aliceElsewhere.port(), moreMedia).replace(
                "m=audio " + aliceElsewhere.port() + " RTP/AVP 0", firstLine.replace("PORT",
                        Integer.toString(aliceElsewhere.port())));
        Map<String, Object> reply = ng.exchange(dict("sdp", body, "call-id", "refused", "from-tag", "alice",
                "to-tag", "bob", "replace", List.of("origin", "session-connection"), "command", "offer"));
        assertEquals("error", reply.get("result"), reply.toString());
        assertEquals(reason, reply.get("error-reason"));
        assertMediaFlowsBothWays("after the refused re-offer (" + reason + ")");
    }

    private void assertMediaFlowsBothWays(String when) throws IOException {
        int toBob = send(alice, aliceFacing, bob, 0x1111);
        int toAlice = send(bob, bobFacing, alice, 0x2222);
        assertTrue(toBob >= MIN_ARRIVED && toAlice >= MIN_ARRIVED, when + ": alice -> bob " + toBob
                + ", bob -> alice " + toAlice + " of " + PACKETS);
        assertEquals(0, drain(aliceElsewhere), when + ": nothing went to the address of the refused offer");
    }

    private int seq = 1;

    private int send(RtpParty from, InetSocketAddress to, RtpParty receiver, int ssrc) throws IOException {
        receiver.rtp.setSoTimeout(200);
        int arrived = 0;
        for (int i = 0; i < PACKETS; i++) {
            seq++;
            from.send(from.rtp, RtpParty.rtpPacket(0, seq, seq * 160L, ssrc, 160), to);
            DatagramPacket p = RtpParty.receive(receiver.rtp);
            if (p != null) {
                arrived++;
            }
        }
        return arrived;
    }

    private static int drain(RtpParty party) throws IOException {
        party.rtp.setSoTimeout(50);
        int n = 0;
        while (RtpParty.receive(party.rtp) != null) {
            n++;
        }
        return n;
    }

    @Test
    void anUnusableCryptoOnASecondLineChangesNothing() throws Exception {
        start();
        refused("m=audio PORT RTP/AVP 0", "m=audio 7002 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:tooshort\r\n",
                "No usable a=crypto in RTP/SAVP media 2: inline key has 6 bytes, AES_CM_128_HMAC_SHA1_80 needs 30");
    }

    @Test
    void audioOverAnUnknownTransportChangesNothing() throws Exception {
        start();
        refused("m=audio PORT RTP/AVP 0", "m=audio 7002 FOO/BAR 0\r\n",
                "Unsupported transport protocol 'FOO/BAR' in media 2");
    }

    @Test
    void noUsablePayloadTypeChangesNothing() throws Exception {
        start();
        refused("m=audio PORT RTP/AVP abc", "", "Failed to parse SDP: bad payload type 'abc' in media 1");
    }

    @Test
    void runningOutOfPortsHalfWayChangesNothingAndKeepsNoPort() throws Exception {
        int min = 61000 + 2 * (int) (Math.random() * 1900);
        start("--port-min=" + min, "--port-max=" + (min + 5)); // three pairs: the call has two
        double before = sc.metric("sidecar_ports_in_use");
        refused("m=audio PORT RTP/AVP 0", "m=audio 7002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n", "Ran out of ports");
        assertEquals(before, sc.metric("sidecar_ports_in_use"), "the pair taken for the second line was given back");
        assertEquals(4, before);
    }

    @Test
    void aGoodReofferAfterARefusedOneIsTakenAsUsual() throws Exception {
        start();
        refused("m=audio PORT RTP/AVP 0", "m=audio 7002 FOO/BAR 0\r\n",
                "Unsupported transport protocol 'FOO/BAR' in media 2");
        Map<String, Object> reply = ng.exchange(dict("sdp", sdp("alice", aliceElsewhere.port(), ""), "call-id",
                "refused", "from-tag", "alice", "to-tag", "bob", "replace", List.of("origin", "session-connection"),
                "command", "offer"));
        assertEquals("ok", reply.get("result"), reply.toString());
        RtpParty moved = alice;
        alice = aliceElsewhere;
        aliceElsewhere = moved;
        int toAlice = send(bob, bobFacing, alice, 0x3333);
        assertTrue(toAlice >= MIN_ARRIVED, "bob -> alice's new address: " + toAlice);
    }

    @Test
    void anAnswerWithoutAUsablePayloadTypeIsRefusedAndTheCallStaysQueryable() throws Exception {
        start();
        Map<String, Object> reply = ng.exchange(dict("sdp", sdp("bob", bob.port(), "").replace("RTP/AVP 0",
                "RTP/AVP abc"), "call-id", "refused", "from-tag", "alice", "to-tag", "bob", "command", "answer"));
        assertEquals("error", reply.get("result"), reply.toString());
        assertEquals("Failed to parse SDP: bad payload type 'abc' in media 1", reply.get("error-reason"));
        assertMediaFlowsBothWays("after the refused answer");
        Map<String, Object> query = ng.exchange(dict("call-id", "refused", "command", "query"));
        assertEquals("ok", query.get("result"), query.toString());
        Map<String, Object> delete = ng.exchange(dict("call-id", "refused", "from-tag", "alice", "command", "delete"));
        assertEquals("ok", delete.get("result"), delete.toString());
    }
}
