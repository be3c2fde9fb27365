package org.rtcsip.sidecar.hostile;

import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.NgClient;

/** A plain RTP/AVP PCMU call relayed as it is: alice offers, bob answers. */
final class RelayCall extends LiveCall {
    private final Party alice;
    private final Party bob;
    private final InetSocketAddress aliceFacing;
    private final InetSocketAddress bobFacing;
    private final Flow aliceToBob = new Flow("relay alice -> bob", 1);
    private final Flow bobToAlice = new Flow("relay bob -> alice", 2);

    private RelayCall(String callId, Party alice, Party bob, int aliceFacing, int bobFacing) {
        super(callId);
        this.alice = alice;
        this.bob = bob;
        this.aliceFacing = Party.loopback(aliceFacing);
        this.bobFacing = Party.loopback(bobFacing);
    }

    static RelayCall start(NgClient ng, String callId) throws IOException {
        Party alice = Party.open();
        Party bob = Party.open();
        Map<String, Object> offer = ok(ng, dict("command", "offer", "call-id", callId, "from-tag", "alice",
                "sdp", plainSdp("alice", alice.port(), "RTP/AVP", "")));
        Map<String, Object> answer = ok(ng, dict("command", "answer", "call-id", callId, "from-tag", "alice",
                "to-tag", "bob", "sdp", plainSdp("bob", bob.port(), "RTP/AVP", "")));
        return new RelayCall(callId, alice, bob, mediaPort(answer.get("sdp")), mediaPort(offer.get("sdp")));
    }

    @Override
    List<Flow> flows() {
        return List.of(aliceToBob, bobToAlice);
    }

    @Override
    List<Target> targets() {
        return rtpAndRtcpPorts("relay", aliceFacing, alice, bobFacing, bob);
    }

    @Override
    void send() throws IOException {
        alice.send(aliceToBob.next(), aliceFacing);
        bob.send(bobToAlice.next(), bobFacing);
    }

    @Override
    void drain() throws IOException {
        bob.drain((p, len) -> aliceToBob.arrived(p, 0, len));
        alice.drain((p, len) -> bobToAlice.arrived(p, 0, len));
    }

    @Override
    public void close() throws IOException {
        alice.close();
        bob.close();
    }
}
