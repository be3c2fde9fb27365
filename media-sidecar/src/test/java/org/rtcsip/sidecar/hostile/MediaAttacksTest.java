package org.rtcsip.sidecar.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsSrtpEndpoint;
import org.rtcsip.sidecar.ice.StunCodec;
import org.rtcsip.sidecar.testing.IgnoredDtlsEvents;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * Issue 12 deliverable 3, the attacks on the media path, each against the running sidecar process through its real
 * sockets, each showing 0 accepted: a stranger's RTP before and after the parties' addresses are known (RTP Bleed),
 * SRTP replay of an authentic packet and a tampered tag on an SDES call, STUN binding requests with a wrong USERNAME
 * or MESSAGE-INTEGRITY to a WebRTC call's port, and a stranger's DTLS ClientHello during and after the real
 * handshake. The stranger is another socket on loopback: another address as far as the sidecar can tell (the
 * port differs), which is all an attacker on the internet has too. Every attack runs against two sidecars, one per
 * media transport (jdk, io_uring): each has its own receive path, and the session must see the same from both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MediaAttacksTest {
    /** Legitimate flows must keep at least this share while attacked (loopback; a loaded CI host). */
    private static final double MIN_DELIVERED = 0.95;
    private static final int STRANGER_PACKETS = 50;

    private static final List<String> TRANSPORTS = List.of("jdk", "io_uring");

    /** A running sidecar on one media transport, and an ng client to it. */
    record Sidecar(String transport, SidecarProcess process, NgClient ng) {
        @Override
        public String toString() {
            return transport;
        }
    }

    private final List<Sidecar> sidecars = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        for (String transport : TRANSPORTS) {
            SidecarProcess process = SidecarProcess.start(Network.host(), "attacks-" + transport,
                    "--codec-warmup=0", "--media-transport=" + transport, "-Xmx256m");
            sidecars.add(new Sidecar(transport, process, process.ngClient()));
            // the transport asked for must be the one that runs (io_uring would fall back to jdk where it cannot)
            String health = process.health().body();
            assertTrue(health.contains("\"media_transport\":\"" + transport), transport + ": " + health);
        }
    }

    @AfterAll
    void stop() {
        for (Sidecar s : sidecars) {
            s.ng().close();
            s.process().close();
        }
    }

    List<Sidecar> sidecars() {
        return sidecars;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sidecars")
    void aStrangersRtpBeforeAndAfterThePartiesAreKnownReachesNobodyAndDrawsNothing(Sidecar on) throws Exception {
        SidecarProcess sidecar = on.process();
        NgClient ng = on.ng();
        Flow fromStranger = new Flow("stranger", 9);
        Flow aliceToBob = new Flow("relay alice -> bob", 1);
        Flow bobToAlice = new Flow("relay bob -> alice", 2);
        try (Party alice = Party.open(); Party bob = Party.open(); DatagramChannel stranger = strangerSocket()) {
            String callId = "bleed-" + System.nanoTime();
            Map<String, Object> offer = LiveCall.ok(ng, dict("command", "offer", "call-id", callId, "from-tag",
                    "alice", "sdp", LiveCall.plainSdp("alice", alice.port(), "RTP/AVP", "")));
            InetSocketAddress bobFacing = Party.loopback(LiveCall.mediaPort(offer.get("sdp")));

            // 1. only the offer: bob's address is unknown; a scan of the whole media range, RTP and RTCP ports
            long scanned = 0;
            for (int port = sidecar.ports().mediaMin(); port <= sidecar.ports().mediaMax(); port++) {
                stranger.send(ByteBuffer.wrap(fromStranger.next()), Party.loopback(port));
                scanned++;
            }
            for (int i = 0; i < STRANGER_PACKETS; i++) {
                stranger.send(ByteBuffer.wrap(fromStranger.next()), bobFacing);
            }
            Map<String, Object> answer = LiveCall.ok(ng, dict("command", "answer", "call-id", callId, "from-tag",
                    "alice", "to-tag", "bob", "sdp", LiveCall.plainSdp("bob", bob.port(), "RTP/AVP", "")));
            InetSocketAddress aliceFacing = Party.loopback(LiveCall.mediaPort(answer.get("sdp")));

            // 2. both addresses signalled, neither party has sent yet: the stranger is first on both ports
            for (int i = 0; i < STRANGER_PACKETS; i++) {
                stranger.send(ByteBuffer.wrap(fromStranger.next()), aliceFacing);
                stranger.send(ByteBuffer.wrap(fromStranger.next()), bobFacing);
            }
            Thread.sleep(100);
            alice.drain((p, len) -> fromStranger.arrived(p, 0, len));
            bob.drain((p, len) -> fromStranger.arrived(p, 0, len));
            assertEquals(0, fromStranger.received(), "stranger packets delivered before the parties spoke");

            // 3. the parties stream (latched); the stranger keeps sending to both ports, RTP and RTCP
            for (int i = 0; i < 100; i++) {
                alice.send(aliceToBob.next(), aliceFacing);
                bob.send(bobToAlice.next(), bobFacing);
                for (InetSocketAddress port : List.of(aliceFacing, bobFacing, Party.loopback(aliceFacing.getPort()
                        + 1), Party.loopback(bobFacing.getPort() + 1))) {
                    stranger.send(ByteBuffer.wrap(fromStranger.next()), port);
                }
                Thread.sleep(20);
                bob.drain((p, len) -> {
                    aliceToBob.arrived(p, 0, len);
                    fromStranger.arrived(p, 0, len);
                });
                alice.drain((p, len) -> {
                    bobToAlice.arrived(p, 0, len);
                    fromStranger.arrived(p, 0, len);
                });
            }
            Thread.sleep(200);
            bob.drain((p, len) -> aliceToBob.arrived(p, 0, len));
            alice.drain((p, len) -> bobToAlice.arrived(p, 0, len));
            long drawn = drain(stranger);
            LiveCall.ok(ng, dict("command", "delete", "call-id", callId));

            System.out.print("[attack on " + on + "] ");
            System.out.printf("RTP Bleed: %d stranger packets (a %d-port scan before the answer, then to the"
                    + " call's ports before and after the parties latched): %d delivered, %d datagrams sent back to"
                    + " the stranger; legitimate %d/%d and %d/%d%n", fromStranger.sent(), scanned,
                    fromStranger.received(), drawn, aliceToBob.received(), aliceToBob.sent(), bobToAlice.received(),
                    bobToAlice.sent());
            assertEquals(0, fromStranger.received(), "stranger packets delivered to a party");
            assertEquals(0, drawn, "datagrams the sidecar sent to the stranger");
            assertDelivered(aliceToBob);
            assertDelivered(bobToAlice);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sidecars")
    void srtpReplayOfAnAuthenticPacketAndATamperedTagAreNeverDelivered(Sidecar on) throws Exception {
        NgClient ng = on.ng();
        try (SdesCall call = SdesCall.start(ng, "replay-" + System.nanoTime())) {
            double replayDropsBefore = drops(on, "srtp_replay");
            double authDropsBefore = drops(on, "srtp_auth");
            List<byte[]> authentic = new ArrayList<>();
            List<Integer> tampered = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] sent = call.sendFromAlice();
                if (i % 10 == 5) {
                    authentic.add(sent);
                }
                if (i % 10 == 7) {
                    // a packet alice never sent: her next one, its last tag byte flipped
                    tampered.add(call.aliceToBob().sent());
                    byte[] forged = call.protectNextFromAlice();
                    forged[forged.length - 1] ^= 0x01;
                    call.sendAsAlice(forged);
                }
                Thread.sleep(20);
                call.drain();
            }
            // replays of packets already delivered, from alice's own address: each of them 5 times
            for (int round = 0; round < 5; round++) {
                for (byte[] packet : authentic) {
                    call.sendAsAlice(packet);
                }
                call.sendFromAlice();
                Thread.sleep(20);
                call.drain();
            }
            Thread.sleep(200);
            call.drain();
            Flow flow = call.aliceToBob();
            long tamperedDelivered = tampered.stream().filter(flow::arrived).count();
            double replayDrops = drops(on, "srtp_replay") - replayDropsBefore;
            double authDrops = drops(on, "srtp_auth") - authDropsBefore;
            LiveCall.ok(ng, dict("command", "delete", "call-id", call.callId));

            System.out.print("[attack on " + on + "] ");
            System.out.printf("SRTP: %d replays of %d authentic packets: %d delivered twice (dropped as"
                    + " srtp_replay: %.0f); %d tampered tags: %d delivered (dropped as srtp_auth: %.0f); legitimate"
                    + " %d/%d%n", 5 * authentic.size(), authentic.size(), flow.duplicates(), replayDrops,
                    tampered.size(), tamperedDelivered, authDrops, flow.received(), flow.sent() - tampered.size());
            assertEquals(0, flow.duplicates(), "replayed SRTP delivered");
            assertEquals(0, tamperedDelivered, "SRTP with a tampered tag delivered");
            assertTrue(replayDrops >= 5 * authentic.size(), "replays counted: " + replayDrops);
            assertTrue(authDrops >= tampered.size(), "tampered tags counted: " + authDrops);
            assertTrue(flow.received() >= MIN_DELIVERED * (flow.sent() - tampered.size()),
                    flow.received() + " of " + (flow.sent() - tampered.size()) + " authentic packets delivered");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sidecars")
    void stunWithAWrongUsernameOrMessageIntegrityGetsNoAnswerAndNoMedia(Sidecar on) throws Exception {
        NgClient ng = on.ng();
        try (WebRtcCall call = WebRtcCall.start(ng, "stun-" + System.nanoTime());
                DatagramChannel stranger = strangerSocket();
                Ticker ticker = new Ticker(call)) {
            String sidecarUfrag = attribute(call.sidecarSdp, "ice-ufrag");
            String sidecarPwd = attribute(call.sidecarSdp, "ice-pwd");
            String browserUfrag = attribute(call.browserSdp, "ice-ufrag");
            String right = sidecarUfrag + ":" + browserUfrag;
            byte[] rightKey = sidecarPwd.getBytes(StandardCharsets.UTF_8);
            byte[] wrongKey = ("x" + sidecarPwd).getBytes(StandardCharsets.UTF_8);
            List<byte[]> bad = List.of(
                    binding(sidecarUfrag + ":someone-else", rightKey, true),
                    binding("wrongufrag:" + browserUfrag, rightKey, true),
                    binding(right, wrongKey, true),
                    binding(right, wrongKey, false),
                    binding(right, null, true));
            Thread.sleep(500); // the call streams both ways
            int sent = 0;
            for (int round = 0; round < 20; round++) {
                for (byte[] request : bad) {
                    stranger.send(ByteBuffer.wrap(request), call.browserFacing());
                    sent++;
                }
                Thread.sleep(50);
            }
            Thread.sleep(1000); // the trunk keeps sending toward the browser: none of it may go to the stranger
            Replies replies = Replies.read(stranger);
            // the same probe signed right from the same socket is answered: the port listens, the probe is well made
            stranger.send(ByteBuffer.wrap(binding(right, rightKey, false)), call.browserFacing());
            Thread.sleep(1000);
            Replies control = Replies.read(stranger);
            ticker.stop();
            LiveCall.ok(ng, dict("command", "delete", "call-id", call.callId));

            System.out.print("[attack on " + on + "] ");
            System.out.printf("STUN: %d binding requests with a wrong USERNAME or MESSAGE-INTEGRITY (or none)"
                    + " to a WebRTC call's port: %s; the control signed right: %s; legitimate %s%n", sent, replies,
                    control, ticker.delivered());
            assertEquals(0, replies.successes, "binding successes for wrong credentials: " + replies);
            assertEquals(0, replies.other, "media or DTLS sent to the stranger: " + replies);
            // RFC 5389 §10.1.2: a 400 (no USERNAME/MESSAGE-INTEGRITY) or 401 (wrong ones), unsigned, nothing else
            assertEquals(sent, replies.errors, "one 400/401 per bad request: " + replies);
            assertEquals(1, control.successes, "the control request signed with the right password: " + control);
            assertEquals(0, control.other, "media or DTLS sent to the control's address: " + control);
            ticker.assertDelivered();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sidecars")
    void aStrangersDtlsClientHelloDuringAndAfterTheRealHandshakeIsIgnored(Sidecar on) throws Exception {
        SidecarProcess sidecar = on.process();
        NgClient ng = on.ng();
        byte[] hello = clientHello();
        try (DatagramChannel stranger = strangerSocket()) {
            // during: a scan of the whole media range with ClientHellos while the browser's call is set up
            AtomicBoolean scanning = new AtomicBoolean(true);
            AtomicReference<Throwable> scanFailure = new AtomicReference<>();
            long[] scanned = {0};
            Thread scan = new Thread(() -> {
                try {
                    while (scanning.get()) {
                        for (int port = sidecar.ports().mediaMin(); port <= sidecar.ports().mediaMax(); port++) {
                            stranger.send(ByteBuffer.wrap(hello), Party.loopback(port));
                            scanned[0]++;
                        }
                        Thread.sleep(100);
                    }
                } catch (Throwable t) {
                    scanFailure.set(t);
                }
            }, "hello-scan");
            scan.start();
            WebRtcCall call;
            try {
                call = WebRtcCall.start(ng, "dtls-" + System.nanoTime());
                Thread.sleep(300);
            } finally {
                scanning.set(false);
                scan.join(5000);
            }
            assertEquals(null, scanFailure.get(), "the scanning thread failed");
            try (call; Ticker ticker = new Ticker(call)) {
                // after: ClientHellos straight at the browser's port of the connected call
                int after = 0;
                for (int i = 0; i < 40; i++) {
                    stranger.send(ByteBuffer.wrap(hello), call.browserFacing());
                    after++;
                    Thread.sleep(25);
                }
                Thread.sleep(1000); // the call goes on under its keys
                long answered = drain(stranger);
                ticker.stop();
                LiveCall.ok(ng, dict("command", "delete", "call-id", call.callId));
                System.out.print("[attack on " + on + "] ");
                System.out.printf("DTLS: %d stranger ClientHellos during the handshake (range scan), %d"
                        + " after it at the call's port: %d datagrams back; the call's keys held, legitimate %s%n",
                        scanned[0], after, answered, ticker.delivered());
                assertEquals(0, answered, "datagrams sent to the stranger (a HelloVerifyRequest or ServerHello)");
                ticker.assertDelivered();
            }
        }
    }

    /** Runs a call's two flows every 20 ms on a thread of its own; checks they arrived. */
    private static final class Ticker implements AutoCloseable {
        private final LiveCall call;
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Ticker(LiveCall call) {
            this.call = call;
            thread.scheduleAtFixedRate(() -> {
                try {
                    call.tick();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
        }

        void stop() throws Exception {
            thread.shutdown();
            assertTrue(thread.awaitTermination(5, TimeUnit.SECONDS), "the parties' thread stopped");
            Thread.sleep(200);
            call.drain();
            assertEquals(null, failure.get(), "the parties' thread failed");
        }

        String delivered() {
            StringBuilder b = new StringBuilder();
            for (Flow flow : call.flows()) {
                b.append(flow.name).append(' ').append(flow.received()).append('/').append(flow.sent()).append("; ");
            }
            return b.toString().strip();
        }

        void assertDelivered() {
            call.flows().forEach(MediaAttacksTest::assertDelivered);
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    private static void assertDelivered(Flow flow) {
        assertTrue(flow.sent() > 0 && flow.received() >= MIN_DELIVERED * flow.sent(), flow.name + ": "
                + flow.received() + " of " + flow.sent() + " packets arrived");
    }

    private static DatagramChannel strangerSocket() throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(Party.loopback(0));
        channel.configureBlocking(false);
        return channel;
    }

    /** Datagrams waiting on a non-blocking socket, read and counted. */
    private static long drain(DatagramChannel channel) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        long n = 0;
        while (channel.receive(in.clear()) != null) {
            n++;
        }
        return n;
    }

    /** What came back to a stranger's socket: binding successes, STUN errors (by code), everything else. */
    private static final class Replies {
        long successes;
        long errors;
        long other;
        final Map<Integer, Long> codes = new java.util.TreeMap<>();

        static Replies read(DatagramChannel channel) throws IOException {
            Replies r = new Replies();
            ByteBuffer in = ByteBuffer.allocate(65_536);
            while (channel.receive(in.clear()) != null) {
                byte[] b = in.array();
                int type = in.position() >= 20 ? (b[0] & 0xFF) << 8 | (b[1] & 0xFF) : -1;
                if (type == StunCodec.BINDING_SUCCESS) {
                    r.successes++;
                } else if (type == 0x0111) {
                    r.errors++;
                    r.codes.merge(errorCode(b, in.position()), 1L, Long::sum);
                } else {
                    r.other++;
                }
            }
            return r;
        }

        /** ERROR-CODE (RFC 5389 §15.6): class * 100 + number; -1 if absent. */
        private static int errorCode(byte[] b, int len) {
            for (int at = 20; at + 4 <= len; ) {
                int attr = (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
                int alen = (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
                if (attr == 0x0009 && alen >= 4 && at + 8 <= len) {
                    return (b[at + 6] & 0x07) * 100 + (b[at + 7] & 0xFF);
                }
                at += 4 + (alen + 3) / 4 * 4;
            }
            return -1;
        }

        @Override
        public String toString() {
            return successes + " binding success(es), " + errors + " error response(s) " + codes + ", " + other
                    + " other datagram(s)";
        }
    }

    /** An RFC 8445 §7.2.2 check as a controlling browser sends it, signed with {@code key} (none when null). */
    private static byte[] binding(String username, byte[] key, boolean useCandidate) {
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        byte[] out = new byte[1280];
        int len = new StunCodec("stranger").write(StunCodec.bindingRequest(username, 1_845_501_695L, true,
                new SecureRandom().nextLong(), useCandidate), transaction, key, out, 0);
        assertTrue(len > 0, "STUN request encoded");
        return java.util.Arrays.copyOf(out, len);
    }

    /** A real DTLS 1.2 ClientHello (use_srtp and all) from this project's own client endpoint. */
    private static byte[] clientHello() throws Exception {
        AtomicReference<byte[]> first = new AtomicReference<>();
        try (DtlsHandshakeThreads threads = new DtlsHandshakeThreads(1)) {
            DtlsSrtpEndpoint client = new DtlsSrtpEndpoint(DtlsRole.CLIENT, DtlsCertificate.generate(Instant.now()),
                    List.of(), DtlsOptions.defaults(), threads,
                    (b, o, l) -> first.compareAndSet(null, java.util.Arrays.copyOfRange(b, o, o + l)),
                    new IgnoredDtlsEvents());
            client.start(System.nanoTime());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (first.get() == null && System.nanoTime() < end) {
                Thread.sleep(10);
                client.onTimeout(System.nanoTime());
            }
            client.close();
        }
        byte[] hello = first.get();
        assertTrue(hello != null && hello.length > 25 && hello[0] == 22 && hello[13] == 1,
                "a DTLS handshake record holding a ClientHello");
        return hello;
    }

    private static String attribute(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":([^\r\n]+)").matcher(sdp);
        assertTrue(m.find(), "a=" + name + " in\n" + sdp);
        return m.group(1).trim();
    }

    private static double drops(Sidecar on, String reason) throws IOException {
        double value = on.process().metric("sidecar_dropped_packets_total{reason=\"" + reason + "\"}");
        return Double.isNaN(value) ? 0 : value;
    }
}
