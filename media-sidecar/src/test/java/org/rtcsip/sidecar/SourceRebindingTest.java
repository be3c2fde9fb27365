package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpTransform;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * A party whose NAT rebinds mid-call is followed only once it proves itself: an SDES party whose SRTP authenticates
 * from the new address while the old one went quiet; never a plain RTP party, never a stranger with forged SRTP, and
 * never a copy of the party's own packets sent from elsewhere while the party keeps talking. Driven through the ng
 * and media sockets of an in-process sidecar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceRebindingTest {
    private static final String ALICE_KEY = "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    private TestSidecar sc;
    private NgClient ng;
    private RtpParty alice;
    private RtpParty aliceMoved;
    private RtpParty bob;
    private InetSocketAddress aliceFacing;
    private InetSocketAddress bobFacing;
    private SrtpTransform aliceSends;
    private SrtpTransform aliceReceives;
    private int seq = 100;
    private int bobSeq = 5000;

    private void call(boolean sdes) throws Exception {
        sc = new TestSidecar();
        ng = sc.ngClient();
        alice = new RtpParty();
        aliceMoved = new RtpParty();
        bob = new RtpParty();
        String aliceSdp = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                + alice.port() + (sdes ? " RTP/SAVP 0\r\na=crypto:" + ALICE_KEY + "\r\n" : " RTP/AVP 0\r\n")
                + "a=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
        Map<String, Object> offer = ng.exchange(dict("sdp", aliceSdp, "call-id", "rebind", "from-tag", "alice",
                "transport-protocol", "RTP/AVP", "command", "offer"));
        assertEquals("ok", offer.get("result"), offer.toString());
        String bobSdp = "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                + bob.port() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
        Map<String, Object> answer = ng.exchange(dict("sdp", bobSdp, "call-id", "rebind", "from-tag", "alice",
                "to-tag", "bob", "command", "answer"));
        assertEquals("ok", answer.get("result"), answer.toString());
        String toAlice = (String) answer.get("sdp");
        aliceFacing = local(port(toAlice));
        bobFacing = local(port((String) offer.get("sdp")));
        if (sdes) {
            aliceSends = SrtpTransform.forSdes(SdesCryptoAttribute.parse(ALICE_KEY));
            Matcher m = Pattern.compile("a=crypto:([^\r\n]+)").matcher(toAlice);
            assertTrue(m.find(), toAlice);
            aliceReceives = SrtpTransform.forSdes(SdesCryptoAttribute.parse(m.group(1)));
        }
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, aliceMoved, bob, ng, sc}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    /** Alice's next packet, SRTP when she speaks SDES. */
    private byte[] alicePacket() {
        seq++;
        byte[] plain = RtpParty.rtpPacket(0, seq, seq * 160L, 0xA11CE, 160);
        if (aliceSends == null) {
            return plain;
        }
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int len = aliceSends.protectRtp(buf, 0, plain.length);
        return Arrays.copyOf(buf, len);
    }

    /** Sends {@code count} packets 20 ms apart from {@code socket}; returns how many reached bob. */
    private int aliceTalks(DatagramSocket socket, int count) throws IOException {
        return talk(socket, count, this::alicePacket);
    }

    private int talk(DatagramSocket socket, int count, java.util.function.Supplier<byte[]> packets) throws IOException {
        int arrived = 0;
        bob.rtp.setSoTimeout(40);
        for (int i = 0; i < count; i++) {
            byte[] p = packets.get();
            socket.send(new DatagramPacket(p, p.length, aliceFacing));
            if (RtpParty.receive(bob.rtp) != null) {
                arrived++;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return arrived;
    }

    /** Bob sends {@code count} packets; returns how many arrived at {@code at}. */
    private int bobTalksTo(RtpParty at, int count) throws IOException {
        at.rtp.setSoTimeout(40);
        int arrived = 0;
        for (int i = 0; i < count; i++) {
            bobSeq++;
            bob.send(bob.rtp, RtpParty.rtpPacket(0, bobSeq, bobSeq * 160L, 0xB0B, 160), bobFacing);
            if (RtpParty.receive(at.rtp) != null) {
                arrived++;
            }
        }
        return arrived;
    }

    @Test
    void anSdesPartyThatRebindsIsFollowedOnceItsSrtpAuthenticatesFromTheNewAddress() throws Exception {
        call(true);
        assertEquals(10, aliceTalks(alice.rtp, 10));
        assertEquals(10, bobTalksTo(alice, 10));
        // the NAT gives alice a new port: her SRTP goes on from there, the old port goes quiet
        assertTrue(aliceTalks(aliceMoved.rtp, 10) >= 9, "alice's authenticated media from the new port reaches bob");
        assertEquals(10, bobTalksTo(aliceMoved, 10), "bob's media follows alice to her new port");
        assertEquals(0, bobTalksTo(alice, 5), "and no longer goes to the old one");
    }

    @Test
    void aPlainRtpPartyIsNeverFollowed() throws Exception {
        call(false);
        assertEquals(10, aliceTalks(alice.rtp, 10));
        assertEquals(0, aliceTalks(aliceMoved.rtp, 10), "plain RTP from another port proves nothing");
        assertEquals(10, bobTalksTo(alice, 10), "bob's media stays with alice's signalled address");
        assertEquals(0, bobTalksTo(aliceMoved, 5));
    }

    @Test
    void forgedSrtpFromAStrangerIsDroppedAsAStrangersAndFollowsNothing() throws Exception {
        call(true);
        assertEquals(10, aliceTalks(alice.rtp, 10));
        double strangersBefore = sc.metric("sidecar_dropped_packets_total{reason=\"strict_source\"}");
        int forged = talk(aliceMoved.rtp, 10, () -> {
            byte[] p = alicePacket();
            p[20] ^= 0x55; // a byte of the encrypted payload: the tag no longer matches
            return p;
        });
        assertEquals(0, forged);
        assertEquals(strangersBefore + 10, sc.metric("sidecar_dropped_packets_total{reason=\"strict_source\"}"));
        assertEquals(10, bobTalksTo(alice, 10), "bob's media stays with alice");
    }

    @Test
    void copiesOfThePartysPacketsFromElsewhereDoNotMoveItWhileItKeepsTalking() throws Exception {
        call(true);
        assertEquals(10, aliceTalks(alice.rtp, 10));
        // an on-path attacker copies each of alice's packets and races it in from its own address
        bob.rtp.setSoTimeout(40);
        for (int i = 0; i < 20; i++) {
            byte[] p = alicePacket();
            aliceMoved.rtp.send(new DatagramPacket(p, p.length, aliceFacing));
            alice.rtp.send(new DatagramPacket(p, p.length, aliceFacing));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(10, bobTalksTo(alice, 10), "alice kept talking from her address: she was not moved");
        assertEquals(0, bobTalksTo(aliceMoved, 5));
    }
}
