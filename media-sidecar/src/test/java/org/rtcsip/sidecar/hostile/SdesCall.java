package org.rtcsip.sidecar.hostile;

import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * An SDES-SRTP call on both sides (RFC 4568): each party sends SRTP under its own key, the sidecar decrypts and
 * encrypts again under the key it gave the other party. What a party receives counts only once its SRTP (replay
 * window and all) accepts it.
 */
final class SdesCall extends LiveCall {
    private final Party alice;
    private final Party bob;
    private final InetSocketAddress aliceFacing;
    private final InetSocketAddress bobFacing;
    private final SrtpTransform aliceSends;
    private final SrtpTransform aliceReceives;
    private final SrtpTransform bobSends;
    private final SrtpTransform bobReceives;
    private final Flow aliceToBob = new Flow("SDES alice -> bob", 3);
    private final Flow bobToAlice = new Flow("SDES bob -> alice", 4);
    private final byte[] buf = new byte[2048];

    private SdesCall(String callId, Party alice, Party bob, int aliceFacing, int bobFacing, SdesCryptoAttribute aKey,
            SdesCryptoAttribute toAlice, SdesCryptoAttribute bKey, SdesCryptoAttribute toBob) {
        super(callId);
        this.alice = alice;
        this.bob = bob;
        this.aliceFacing = Party.loopback(aliceFacing);
        this.bobFacing = Party.loopback(bobFacing);
        this.aliceSends = SrtpTransform.forSdes(aKey);
        this.aliceReceives = SrtpTransform.forSdes(toAlice);
        this.bobSends = SrtpTransform.forSdes(bKey);
        this.bobReceives = SrtpTransform.forSdes(toBob);
    }

    static SdesCall start(NgClient ng, String callId) throws Exception {
        Party alice = Party.open();
        Party bob = Party.open();
        SecureRandom random = new SecureRandom();
        SdesCryptoAttribute aKey = SdesCryptoAttribute.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        Map<String, Object> offer = ok(ng, dict("command", "offer", "call-id", callId, "from-tag", "alice",
                "transport-protocol", "RTP/SAVP", "sdp", plainSdp("alice", alice.port(), "RTP/SAVP",
                        "a=crypto:" + aKey.toValue() + "\r\n")));
        SdesCryptoAttribute toBob = crypto(offer.get("sdp"));
        SdesCryptoAttribute bKey = SdesCryptoAttribute.generate(toBob.tag(), toBob.suite(), random);
        Map<String, Object> answer = ok(ng, dict("command", "answer", "call-id", callId, "from-tag", "alice",
                "to-tag", "bob", "sdp", plainSdp("bob", bob.port(), "RTP/SAVP", "a=crypto:" + bKey.toValue()
                        + "\r\n")));
        SdesCryptoAttribute toAlice = crypto(answer.get("sdp"));
        return new SdesCall(callId, alice, bob, mediaPort(answer.get("sdp")), mediaPort(offer.get("sdp")), aKey,
                toAlice, bKey, toBob);
    }

    private static SdesCryptoAttribute crypto(Object sdp) throws Exception {
        Matcher m = Pattern.compile("a=crypto:([^\r\n]+)").matcher((String) sdp);
        if (!m.find()) {
            throw new IllegalStateException("no a=crypto in " + sdp);
        }
        return SdesCryptoAttribute.parse(m.group(1));
    }

    @Override
    List<Flow> flows() {
        return List.of(aliceToBob, bobToAlice);
    }

    @Override
    List<Target> targets() {
        return rtpAndRtcpPorts("SDES", aliceFacing, alice, bobFacing, bob);
    }

    /** Alice's flow toward bob. */
    Flow aliceToBob() {
        return aliceToBob;
    }

    /** Alice's next packet under her key, sent from her address; the SRTP datagram as it went out. */
    byte[] sendFromAlice() throws IOException {
        byte[] srtp = protectNextFromAlice();
        alice.send(srtp, aliceFacing);
        return srtp;
    }

    /** Alice's next packet under her key, not sent: what a forger would start from. */
    byte[] protectNextFromAlice() {
        return protect(aliceSends, aliceToBob.next());
    }

    /** Sends {@code datagram} from alice's own address to the sidecar's port facing her. */
    void sendAsAlice(byte[] datagram) throws IOException {
        alice.send(datagram, aliceFacing);
    }

    @Override
    void send() throws IOException {
        alice.send(protect(aliceSends, aliceToBob.next()), aliceFacing);
        bob.send(protect(bobSends, bobToAlice.next()), bobFacing);
    }

    @Override
    void drain() throws IOException {
        bob.drain((p, len) -> unprotect(bobReceives, p, len, aliceToBob));
        alice.drain((p, len) -> unprotect(aliceReceives, p, len, bobToAlice));
    }

    private byte[] protect(SrtpTransform context, byte[] plain) {
        System.arraycopy(plain, 0, buf, 0, plain.length);
        int len = context.protectRtp(buf, 0, plain.length);
        if (len <= 0) {
            throw new IllegalStateException("SRTP protect: " + len);
        }
        return Arrays.copyOf(buf, len);
    }

    private static void unprotect(SrtpTransform context, byte[] p, int len, Flow flow) {
        int plain = context.unprotectRtp(p, 0, len);
        if (plain > 0) {
            flow.arrived(p, 0, plain);
        }
    }

    @Override
    public void close() throws IOException {
        alice.close();
        bob.close();
    }
}
