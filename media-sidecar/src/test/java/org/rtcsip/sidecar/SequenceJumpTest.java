package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.it.TranscodingSignals;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusMode;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusSender;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;
import org.rtcsip.sidecar.testing.JavaBrowser;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * One packet from the legitimate, latched sender that jumps in sequence number (or comes with a new SSRC and a
 * jump, or carries garbage) must not silence a direction: trunks and PBXs send such packets around transfers and
 * source switches. Every direction the sidecar has is driven through its ng and media sockets: plain relay, Opus ->
 * PCMU and PCMU -> Opus transcoding, plain -> SDES, SDES -> plain, and a trunk toward a browser (DTLS-SRTP,
 * transcoded to Opus). After each disturbance the next 200 packets (4 s of audio, sent faster than real time) must
 * arrive at >= 95 %; a real source switch (a new SSRC that keeps going) is heard within its first 5 packets (100 ms
 * of audio).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SequenceJumpTest {
    private static final int FOLLOWING = 200;
    private static final int MIN_DELIVERED = FOLLOWING * 95 / 100;
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    private static final String SDES_KEY = "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private TestSidecar sc;
    private NgClient ng;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sc = new TestSidecar();
        ng = sc.ngClient();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        ng.close();
        sc.close();
    }

    /** One disturbance the sender causes, then its normal stream resumes where it was. */
    enum Disturbance {
        JUMP_PLUS_100(100, false, false), JUMP_PLUS_1000(1000, false, false), JUMP_PLUS_30000(30000, false, false),
        JUMP_MINUS_100(-100, false, false), NEW_SSRC_AND_JUMP(5000, true, false), GARBAGE_PAYLOAD(1, false, true);

        final int jump;
        final boolean newSsrc;
        final boolean garbage;

        Disturbance(int jump, boolean newSsrc, boolean garbage) {
            this.jump = jump;
            this.newSsrc = newSsrc;
            this.garbage = garbage;
        }
    }

    /** A sender of one codec through the sidecar and a receiver counting what it can use on the other side. */
    private abstract static class Direction {
        final String name;
        int seq = 40_000;
        long timestamp = 7_000;
        int ssrc = 0x5EC0;

        Direction(String name) {
            this.name = name;
        }

        /** The next normal packet's payload. */
        abstract byte[] payload();

        abstract int payloadType();

        abstract int ticksPerPacket();

        /** Sends one plain RTP packet as this sender would put it on the wire (encrypted if it speaks SRTP). */
        abstract void send(byte[] rtp) throws IOException;

        /** Packets usable by the receiver since the last call, with the SSRC of the last one (or -1). */
        abstract int[] drain() throws IOException;

        byte[] next() {
            byte[] body = payload();
            byte[] p = TranscodingSignals.rtp(payloadType(), false, seq, timestamp, ssrc, body, body.length);
            seq = (seq + 1) & 0xFFFF;
            timestamp += ticksPerPacket();
            return p;
        }

        byte[] disturbed(Disturbance d, Random random) {
            byte[] body = payload();
            if (d.garbage) {
                random.nextBytes(body);
                byte[] p = TranscodingSignals.rtp(payloadType(), false, seq, timestamp, ssrc, body, body.length);
                seq = (seq + 1) & 0xFFFF;
                timestamp += ticksPerPacket();
                return p;
            }
            int s = d.newSsrc ? ssrc ^ 0x00FF_0000 : ssrc;
            return TranscodingSignals.rtp(payloadType(), false, (seq + d.jump) & 0xFFFF,
                    timestamp + (long) d.jump * ticksPerPacket(), s, body, body.length);
        }
    }

    // --- the scenario ------------------------------------------------------------------------------------------

    private void survivesEveryDisturbance(Direction dir) throws Exception {
        Random random = new Random(42);
        paced(dir, 50);
        dir.drain();
        for (Disturbance d : Disturbance.values()) {
            dir.send(dir.disturbed(d, random));
            paced(dir, FOLLOWING);
            int delivered = dir.drain()[0];
            assertTrue(delivered >= MIN_DELIVERED, dir.name + " after " + d + ": " + delivered + " of " + FOLLOWING
                    + " following packets delivered (need " + MIN_DELIVERED + ")");
        }
        followsARealSourceSwitch(dir);
    }

    /**
     * A new SSRC that keeps going, paced in real time: its audio comes out within its first 5 packets (100 ms of
     * its audio; the sidecar restarts on the first). Counted in packets, not wall time: on a host loaded far beyond
     * its cores a scheduling delay is not a mute, and the defect this guards against muted for minutes.
     */
    private void followsARealSourceSwitch(Direction dir) throws Exception {
        dir.ssrc = 0x7E57;
        dir.seq = 1;
        int sentWhenHeard = -1;
        for (int sent = 1; sent <= 15 && sentWhenHeard < 0; sent++) {
            dir.send(dir.next());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (dir.drain()[0] > 0) {
                sentWhenHeard = sent;
            }
        }
        assertTrue(sentWhenHeard > 0 && sentWhenHeard <= 5,
                dir.name + ": the new source first heard after " + sentWhenHeard + " of its packets (-1: never)");
    }

    private static void paced(Direction dir, int packets) throws IOException {
        long next = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            dir.send(dir.next());
            next += PACE_NANOS;
            LockSupport.parkNanos(next - System.nanoTime());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
    }

    // --- the directions ----------------------------------------------------------------------------------------

    private RtpParty party() throws IOException {
        RtpParty p = new RtpParty();
        p.rtp.setReceiveBufferSize(1 << 20);
        closing.add(p);
        return p;
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static int port(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    private static String plainSdp(String user, int port, String profile, String formats, String extra) {
        return "v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " " + profile + " " + formats + "\r\n" + extra + "a=sendrecv\r\n";
    }

    private static final String PCMU_LINES = "a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";

    /** offer from a, answer from b; returns {sdp toward b, sdp toward a}. */
    private String[] offerAnswer(String callId, String offerSdp, String answerSdp, Object... offerExtra)
            throws IOException {
        Map<String, Object> offer = dict("sdp", offerSdp, "call-id", callId, "from-tag", "a",
                "replace", List.of("origin", "session-connection"), "command", "offer");
        for (int i = 0; i < offerExtra.length; i += 2) {
            offer.put((String) offerExtra[i], offerExtra[i + 1]);
        }
        Map<String, Object> o = ng.exchange(offer);
        assertEquals("ok", o.get("result"), o.toString());
        Map<String, Object> a = ng.exchange(dict("sdp", answerSdp, "call-id", callId, "from-tag", "a", "to-tag", "b",
                "replace", List.of("origin", "session-connection"), "command", "answer"));
        assertEquals("ok", a.get("result"), a.toString());
        return new String[] {(String) o.get("sdp"), (String) a.get("sdp")};
    }

    /** Plain RTP arriving at a socket. */
    private static int[] drainPlain(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(30);
        int n = 0;
        int lastSsrc = -1;
        DatagramPacket p;
        while ((p = RtpParty.receive(socket)) != null) {
            n++;
            lastSsrc = RtpHeader.ssrc(p.getData(), 0, p.getLength());
        }
        return new int[] {n, lastSsrc};
    }

    /** SRTP arriving at a socket, counted only if the receiver's SRTP (replay window and all) accepts it. */
    private static int[] drainSrtp(DatagramSocket socket, SrtpTransform receiver) throws IOException {
        socket.setSoTimeout(30);
        int n = 0;
        int lastSsrc = -1;
        DatagramPacket p;
        while ((p = RtpParty.receive(socket)) != null) {
            byte[] b = Arrays.copyOf(p.getData(), p.getLength());
            if (receiver.unprotectRtp(b, 0, b.length) > 0) {
                n++;
                lastSsrc = RtpHeader.ssrc(b, 0, b.length);
            }
        }
        return new int[] {n, lastSsrc};
    }

    private Direction pcmuSender(String name, RtpParty from, int toPort, java.util.function.Supplier<int[]> drain) {
        return new Direction(name) {
            @Override
            byte[] payload() {
                byte[] b = new byte[160];
                Arrays.fill(b, (byte) 0x55);
                return b;
            }

            @Override
            int payloadType() {
                return 0;
            }

            @Override
            int ticksPerPacket() {
                return 160;
            }

            @Override
            void send(byte[] rtp) throws IOException {
                from.send(from.rtp, rtp, local(toPort));
            }

            @Override
            int[] drain() {
                return drain.get();
            }
        };
    }

    private static int[] unchecked(IoSupplier s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface IoSupplier {
        int[] get() throws IOException;
    }

    @Test
    void plainRelay() throws Exception {
        RtpParty a = party();
        RtpParty b = party();
        String[] sdp = offerAnswer("jump-relay", plainSdp("a", a.port(), "RTP/AVP", "0", PCMU_LINES),
                plainSdp("b", b.port(), "RTP/AVP", "0", PCMU_LINES));
        survivesEveryDisturbance(pcmuSender("relay", a, port(sdp[1]), () -> unchecked(() -> drainPlain(b.rtp))));
    }

    @Test
    void plainToSdes() throws Exception {
        RtpParty a = party();
        RtpParty b = party();
        Map<String, Object> offer = dict("sdp", plainSdp("a", a.port(), "RTP/AVP", "0", PCMU_LINES),
                "call-id", "jump-to-sdes", "from-tag", "a", "transport-protocol", "RTP/SAVP",
                "replace", List.of("origin", "session-connection"), "command", "offer");
        Map<String, Object> o = ng.exchange(offer);
        assertEquals("ok", o.get("result"), o.toString());
        SdesCryptoAttribute ours = crypto((String) o.get("sdp"), 1);
        Map<String, Object> ans = ng.exchange(dict("sdp", plainSdp("b", b.port(), "RTP/SAVP", "0",
                PCMU_LINES + "a=crypto:" + ours.tag() + " " + ours.suite().sdpName() + " " + SDES_KEY + "\r\n"),
                "call-id", "jump-to-sdes", "from-tag", "a", "to-tag", "b", "command", "answer"));
        assertEquals("ok", ans.get("result"), ans.toString());
        SrtpTransform bReceives = SrtpTransform.forSdes(ours);
        survivesEveryDisturbance(pcmuSender("plain -> SDES", a, port((String) ans.get("sdp")),
                () -> unchecked(() -> drainSrtp(b.rtp, bReceives))));
    }

    @Test
    void sdesToPlain() throws Exception {
        RtpParty a = party();
        RtpParty b = party();
        SdesCryptoAttribute aKey = SdesCryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 " + SDES_KEY);
        String[] sdp = offerAnswer("jump-from-sdes", plainSdp("a", a.port(), "RTP/SAVP", "0",
                PCMU_LINES + "a=crypto:" + aKey.toValue() + "\r\n"), plainSdp("b", b.port(), "RTP/AVP", "0",
                PCMU_LINES), "transport-protocol", "RTP/AVP");
        Direction d = pcmuSender("SDES -> plain", a, port(sdp[1]), () -> unchecked(() -> drainPlain(b.rtp)));
        survivesEveryDisturbance(new Direction(d.name) {
            @Override
            byte[] payload() {
                return d.payload();
            }

            @Override
            int payloadType() {
                return 0;
            }

            @Override
            int ticksPerPacket() {
                return 160;
            }

            @Override
            void send(byte[] rtp) throws IOException {
                // a sender's SRTP never goes back, so a jump away and back comes from a second context under the
                // same key: a B2BUA that switched media sources without renumbering
                boolean backwards = ((RtpHeader.sequenceNumber(rtp, 0, rtp.length) - lastSeq) & 0x8000) != 0;
                SrtpTransform context = backwards ? SrtpTransform.forSdes(aKey) : aSends;
                if (backwards) {
                    aSends = context;
                }
                lastSeq = RtpHeader.sequenceNumber(rtp, 0, rtp.length);
                byte[] buf = Arrays.copyOf(rtp, rtp.length + 32);
                int len = context.protectRtp(buf, 0, rtp.length);
                assertTrue(len > 0, SrtpSuite.AES_CM_128_HMAC_SHA1_80 + " protect: " + len);
                a.send(a.rtp, Arrays.copyOf(buf, len), local(port(sdp[1])));
            }

            private int lastSeq = 40_000;
            private SrtpTransform aSends = SrtpTransform.forSdes(aKey);

            @Override
            int[] drain() throws IOException {
                return d.drain();
            }
        });
    }

    private static SdesCryptoAttribute crypto(String sdp, int tag) throws Exception {
        Matcher m = Pattern.compile("a=crypto:(" + tag + " [^\r\n]+)").matcher(sdp);
        assertTrue(m.find(), sdp);
        return SdesCryptoAttribute.parse(m.group(1));
    }

    /** Opus from a browser-like sender (after Kamailio's DTLS removal) to a PCMU trunk, and the reverse. */
    private String[] transcodedCall(String callId, RtpParty browser, RtpParty trunk) throws IOException {
        return offerAnswer(callId, TranscodingSignals.browserSdp(browser.port()),
                TranscodingSignals.trunkSdp(trunk.port()), "codec", dict("mask", List.of("opus"),
                        "transcode", List.of("PCMU")));
    }

    @Test
    void opusToPcmu() throws Exception {
        RtpParty browser = party();
        RtpParty trunk = party();
        String[] sdp = transcodedCall("jump-opus-pcmu", browser, trunk);
        OpusSender opus = new OpusSender(1000, OpusMode.SILK_WIDEBAND, false, 1, 1, 0);
        int toPort = port(sdp[1]);
        survivesEveryDisturbance(new Direction("Opus -> PCMU") {
            @Override
            byte[] payload() {
                byte[] p = opus.next();
                int off = RtpHeader.payloadOffset(p, 0, p.length);
                return Arrays.copyOfRange(p, off, p.length);
            }

            @Override
            int payloadType() {
                return TranscodingSignals.OPUS_PT;
            }

            @Override
            int ticksPerPacket() {
                return TranscodingSignals.OPUS_TICKS_PER_PACKET;
            }

            @Override
            void send(byte[] rtp) throws IOException {
                browser.send(browser.rtp, rtp, local(toPort));
            }

            @Override
            int[] drain() throws IOException {
                return drainPlain(trunk.rtp);
            }
        });
    }

    @Test
    void pcmuToOpus() throws Exception {
        RtpParty browser = party();
        RtpParty trunk = party();
        String[] sdp = transcodedCall("jump-pcmu-opus", browser, trunk);
        survivesEveryDisturbance(pcmuSender("PCMU -> Opus", trunk, port(sdp[0]),
                () -> unchecked(() -> drainPlain(browser.rtp))));
    }

    @Test
    void trunkToBrowserOverDtlsSrtp() throws Exception {
        RtpParty trunk = party();
        JavaBrowser browser = new JavaBrowser(true);
        closing.add(browser);
        String opus = "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n";
        Map<String, Object> o = ng.exchange(dict("sdp", browser.sdp("111", opus, "actpass", browser.fingerprint()),
                "ICE", "remove", "DTLS", "off", "replace", List.of("origin", "session-connection"),
                "transport-protocol", "RTP/AVP", "rtcp-mux", List.of("demux"), "SDES", List.of("off"),
                "codec", dict("mask", List.of("opus"), "transcode", List.of("PCMU")),
                "call-id", "jump-to-browser", "from-tag", "browser", "command", "offer"));
        assertEquals("ok", o.get("result"), o.toString());
        Map<String, Object> a = ng.exchange(dict("sdp", plainSdp("trunk", trunk.port(), "RTP/AVP", "0", PCMU_LINES),
                "ICE", "force", "DTLS", "passive", "flags", List.of("generate-mid"),
                "replace", List.of("origin", "session-connection"), "transport-protocol", "UDP/TLS/RTP/SAVPF",
                "rtcp-mux", List.of("offer", "require"), "SDES", List.of("off"), "call-id", "jump-to-browser",
                "from-tag", "browser", "to-tag", "trunk", "command", "answer"));
        assertEquals("ok", a.get("result"), a.toString());
        browser.accept((String) a.get("sdp"));
        browser.pump(5000, () -> browser.keys != null);
        assertNotNull(browser.keys, "DTLS-SRTP completed; failure: " + browser.failure);
        Direction pcmu = pcmuSender("trunk -> browser", trunk, port((String) o.get("sdp")), () -> new int[2]);
        survivesEveryDisturbance(new Direction(pcmu.name) {
            private int seen;

            @Override
            byte[] payload() {
                return pcmu.payload();
            }

            @Override
            int payloadType() {
                return 0;
            }

            @Override
            int ticksPerPacket() {
                return 160;
            }

            @Override
            void send(byte[] rtp) throws IOException {
                pcmu.send(rtp);
                browser.pump(1, () -> false);
            }

            @Override
            int[] drain() throws IOException {
                browser.pump(60, () -> false);
                int n = browser.receivedRtp.size() - seen;
                seen = browser.receivedRtp.size();
                byte[] last = n == 0 ? null : browser.receivedRtp.get(seen - 1);
                return new int[] {n, last == null ? -1 : RtpHeader.ssrc(last, 0, last.length)};
            }
        });
    }
}
