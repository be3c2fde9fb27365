package org.rtcsip.sidecar.testing;

import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.ngwire.NgClient;

/**
 * One plain RTP/AVP PCMU call on a sidecar, set up over ng as Kamailio does (offer from alice, answer
 * from bob), with two loopback parties that send RTP through it and count what arrives.
 */
public final class PlainCall implements AutoCloseable {
    public final String callId;
    public final RtpParty alice;
    public final RtpParty bob;
    /** The sidecar's sockets each party sends to (from the SDP it received). */
    private final InetSocketAddress aliceFacing;
    private final InetSocketAddress bobFacing;
    private int seq;

    private PlainCall(String callId, RtpParty alice, RtpParty bob, InetSocketAddress aliceFacing,
                      InetSocketAddress bobFacing) {
        this.callId = callId;
        this.alice = alice;
        this.bob = bob;
        this.aliceFacing = aliceFacing;
        this.bobFacing = bobFacing;
    }

    /** Offers and answers {@code callId} on the sidecar behind {@code ng}. */
    public static PlainCall start(NgClient ng, String callId) throws IOException {
        RtpParty alice = new RtpParty();
        RtpParty bob = new RtpParty();
        try {
            Map<String, Object> offer = ng.exchange(dict("sdp", sdp("alice", alice.port()), "call-id", callId,
                    "from-tag", "alice-tag", "replace", List.of("origin", "session-connection"), "command", "offer"));
            check(offer, "offer");
            Map<String, Object> answer = ng.exchange(dict("sdp", sdp("bob", bob.port()), "call-id", callId,
                    "from-tag", "alice-tag", "to-tag", "bob-tag", "replace", List.of("origin", "session-connection"),
                    "command", "answer"));
            check(answer, "answer");
            return new PlainCall(callId, alice, bob, local(port((String) answer.get("sdp"))),
                    local(port((String) offer.get("sdp"))));
        } catch (IOException | RuntimeException e) {
            alice.close();
            bob.close();
            throw e;
        }
    }

    /** Alice sends {@code packets} RTP packets; returns how many reached bob. */
    public int aliceToBob(int packets) throws IOException {
        return relay(alice, aliceFacing, bob, packets, 0x1111);
    }

    /** Bob sends {@code packets} RTP packets; returns how many reached alice. */
    public int bobToAlice(int packets) throws IOException {
        return relay(bob, bobFacing, alice, packets, 0x2222);
    }

    private int relay(RtpParty from, InetSocketAddress to, RtpParty receiver, int packets, int ssrc) throws IOException {
        int arrived = 0;
        for (int i = 0; i < packets; i++) {
            seq++;
            from.send(from.rtp, RtpParty.rtpPacket(0, seq, seq * 160L, ssrc, 160), to);
            DatagramPacket p = RtpParty.receive(receiver.rtp);
            if (p != null) {
                arrived++;
            }
        }
        return arrived;
    }

    private static void check(Map<String, Object> reply, String what) throws IOException {
        if (!"ok".equals(reply.get("result"))) {
            throw new IOException(what + " failed: " + reply);
        }
    }

    static String sdp(String user, int port) {
        return "v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    private static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        if (!m.find()) {
            throw new IllegalArgumentException("no m=audio in " + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
