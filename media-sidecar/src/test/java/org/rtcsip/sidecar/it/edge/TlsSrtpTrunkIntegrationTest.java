package org.rtcsip.sidecar.it.edge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcsip.testbed.process.Poll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import com.fasterxml.jackson.databind.JsonNode;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.testbed.asterisk.AsteriskProcess;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.browser.BrowserTransport;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;
import org.rtcsip.testbed.tls.GeneratedCertificates;

/**
 * A carrier-style trunk: the real Asterisk 22 of the test bed with PJSIP TLS transports (mutual TLS)
 * (conf-samples/asterisk-trunk-tls) answers calls Chromium places over wss:// through the shipped kamailio.cfg, which
 * reaches it over SIP-TLS and has media-sidecar offer SRTP toward it, keyed one of two ways ({@link TrunkMedia}): SDES
 * ({@code media_encryption = sdes} on 5061; a trunk on TLS gets SDES by default) and DTLS-SRTP without ICE
 * ({@code media_encryption = dtls} on 5062, set per trunk in the htable {@code trunkmedia}; the sidecar terminates
 * DTLS on both legs). Per keying two calls: to one number Asterisk plays 440 Hz, which the browser must hear; to
 * another it echoes, and the browser must hear its own 1000 Hz back, which crossed the SRTP leg in both directions
 * (Asterisk's libsrtp decrypted what the sidecar encrypted, and the other way round). On the wire between sidecar and
 * Asterisk there is only SRTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsSrtpTrunkIntegrationTest {
    /** How the trunk's SRTP is keyed: its TLS port in pjsip.conf, the profile Asterisk is offered, the query flag. */
    enum TrunkMedia {
        SDES(5061, "RTP/SAVP", "SDES"),
        DTLS(5062, "UDP/TLS/RTP/SAVP", "DTLS-SRTP");

        final int port;
        final String profile;
        final String queryFlag;

        TrunkMedia(int port, String profile, String queryFlag) {
            this.port = port;
            this.profile = profile;
            this.queryFlag = queryFlag;
        }
    }

    /** What one keying's two calls left behind. */
    record Calls(Softphone.Report tone, Softphone.Report echo, RtpRecording onTheTrunkLeg, JsonNode trunkMediaInQuery) {
    }

    static final int BROWSER_TONE_HZ = 1000;
    static final int TRUNK_TONE_HZ = 440;
    /** conf-samples/asterisk-trunk-tls: rtp.conf's range. */
    static final int[] TRUNK_RTP_PORTS = IntStream.rangeClosed(10000, 10009).toArray();
    /** conf-samples/asterisk-trunk-tls/extensions.conf: this number plays 440 Hz, any other echoes. */
    static final String TONE_NUMBER = "15550100440";
    static final String ECHO_NUMBER = "15550199999";
    static final Duration TALK_TIME = Duration.ofSeconds(5);
    /** AES_CM_128_HMAC_SHA1_80 appends a 10-byte authentication tag to every SRTP packet (RFC 3711 §4.2, RFC 4568). */
    static final int PCMU_20MS = 160;
    static final int SRTP_TAG_80 = 10;

    GeneratedCertificates certs;
    LoopbackNamespace namespace;
    SidecarProcess sidecar;
    KamailioProcess kamailio;
    AsteriskProcess asterisk;
    final Map<TrunkMedia, Calls> calls = new EnumMap<>(TrunkMedia.class);

    @BeforeAll
    void callTheTrunkTwicePerKeying() throws IOException {
        Programs.chromium();
        certs = GeneratedCertificates.generate();
        namespace = LoopbackNamespace.create();
        sidecar = SidecarProcess.start(namespace, "tls-trunk");
        kamailio = KamailioProcess.startSecure(namespace, sidecar.ngUrl(), certs, Map.of());
        asterisk = AsteriskProcess.start(namespace, stagedAsteriskConfig());
        // the operator's per-trunk choice, as the README says: kamcmd htable.sets trunkmedia 127.0.0.1:5062 dtls
        // (JSON-RPC from inside the namespace, where Kamailio's loopback-only RPC listens)
        Network.HttpReply set = namespace.http("POST", kamailio.rpcPort(), "/RPC",
                "{\"jsonrpc\":\"2.0\",\"method\":\"htable.sets\",\"params\":[\"trunkmedia\",\"127.0.0.1:"
                        + TrunkMedia.DTLS.port + "\",\"dtls\"],\"id\":1}", Duration.ofSeconds(5));
        assertTrue(set.statusCode() == 200 && !set.body().contains("\"error\""), () -> "htable.sets: " + set);

        for (TrunkMedia media : TrunkMedia.values()) {
            Path dir = Files.createTempDirectory("tls-trunk-call-" + media.name().toLowerCase(Locale.ROOT) + "-");
            try (RtpCapture capture = RtpCapture.start(namespace, dir, TRUNK_RTP_PORTS)) {
                Softphone.Report tone = call(dir.resolve("tone"), media, TONE_NUMBER, null);
                AtomicReference<JsonNode> query = new AtomicReference<>();
                Softphone.Report echo = call(dir.resolve("echo"), media, ECHO_NUMBER, query);
                calls.put(media, new Calls(tone, echo, capture.stop(), query.get()));
            }
            for (Softphone.Report each : List.of(calls.get(media).tone(), calls.get(media).echo())) {
                System.out.println("TLS + " + media + " trunk call: " + SecureEdgeIntegrationTest.timeline(each)
                        + ", heard " + Math.round(each.heardHz()) + " Hz");
            }
        }
    }

    /**
     * alice calls {@code number} on the trunk over wss and SIP-TLS; returns when the call is over. With {@code query}
     * it keeps what the sidecar reports of the trunk's media once audio flows.
     */
    private Softphone.Report call(Path dir, TrunkMedia media, String number, AtomicReference<JsonNode> query) {
        BrowserTransport.Route route = BrowserTransport.WSS.route("127.0.0.1", kamailio, certs, null);
        String target = "sip:" + number + "@127.0.0.1:" + media.port + ";transport=tls";
        try (Softphone phone = Softphone.call(namespace, dir, route.signalling(), target,
                new Softphone.Options(KamailioProcess.ALICE, BROWSER_TONE_HZ, TALK_TIME, "max-bundle")
                        .withPassword(KamailioProcess.ALICE_PASSWORD), route.edge())) {
            if (query != null && phone.awaitLineOrExit("media connected", TALK_TIME.plusSeconds(30))) {
                Poll.pause(1000);
                query.set(SecureEdgeIntegrationTest.mediaOnTheSidecar(sidecar,
                        m -> !m.path("protocol").asText().equals("UDP/TLS/RTP/SAVPF"))); // not the browser's
            }
            return phone.awaitReport(TALK_TIME.plusSeconds(30));
        }
    }

    /**
     * conf-samples/asterisk-trunk-tls with @CERTS@ replaced by the generated certificates' directory, and the shipped
     * asterisk.conf.in (the directory layout AsteriskProcess renders into its work dir).
     */
    private Path stagedAsteriskConfig() throws IOException {
        Path staged = Files.createTempDirectory("asterisk-trunk-tls-");
        Files.copy(AsteriskProcess.shippedConfig().resolve("asterisk.conf.in"), staged.resolve("asterisk.conf.in"));
        try (var files = Files.list(Repository.confSample("asterisk-trunk-tls"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(staged.resolve(file.getFileName()),
                        text.replace("@CERTS@", certs.dir().toAbsolutePath().toString()), StandardCharsets.UTF_8);
            }
        }
        return staged;
    }

    @AfterAll
    void stopTestBed() {
        for (AutoCloseable each : new AutoCloseable[] {asterisk, kamailio, sidecar, namespace}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TrunkMedia.class)
    void theBrowserHearsTheTrunksToneThroughSrtp(TrunkMedia media) {
        Softphone.Report toneCall = calls.get(media).tone();
        Supplier<String> why = () -> diagnostics(media, toneCall);
        assertNull(toneCall.error(), () -> "the call must be set up, measured and ended: " + why.get());
        assertAll(
                () -> assertEquals(TRUNK_TONE_HZ, toneCall.heardHz(), 3.0, why),
                () -> assertTrue(toneCall.heardToneOverFloorDb() > 30, why),
                () -> assertEquals("connected", toneCall.transport("dtlsState"), why));
    }

    @ParameterizedTest
    @EnumSource(TrunkMedia.class)
    void theBrowserHearsItsOwnToneEchoedByTheTrunkThroughSrtpBothWays(TrunkMedia media) {
        Softphone.Report echoCall = calls.get(media).echo();
        Supplier<String> why = () -> diagnostics(media, echoCall);
        assertNull(echoCall.error(), () -> "the call must be set up, measured and ended: " + why.get());
        assertAll(
                () -> assertEquals(BROWSER_TONE_HZ, echoCall.heardHz(), 3.0,
                        () -> "the browser's own tone must come back from Asterisk's echo: " + why.get()),
                () -> assertTrue(echoCall.heardToneOverFloorDb() > 20, why));
    }

    @ParameterizedTest
    @EnumSource(TrunkMedia.class)
    void kamailioReachesTheTrunkOverTls13(TrunkMedia media) {
        Matcher tls = Pattern.compile("tls: 200 INVITE from 127\\.0\\.0\\.1:" + media.port
                + " over tls, (TLSv[\\d.]+) (\\S+)").matcher(kamailio.logText());
        assertTrue(tls.find(), () -> "Kamailio logged no TLS parameters of the trunk's answer: "
                + SecureEdgeIntegrationTest.tail(kamailio.logText(), 3000));
        assertEquals("TLSv1.3", tls.group(1), tls.group());
    }

    @Test
    void theSdesTrunkIsOfferedAndAnswersSdesSrtp() {
        String offer = offeredTo(TrunkMedia.SDES);
        assertAll(
                () -> assertTrue(offer.matches("(?s).*m=audio \\d+ RTP/SAVP .*"), offer),
                () -> assertTrue(offer.contains("a=crypto:"), offer),
                () -> assertFalse(offer.contains("a=fingerprint") || offer.contains("a=ice-"), offer));
        String answer = answeredBy(TrunkMedia.SDES);
        assertTrue(answer.contains("RTP/SAVP") && answer.contains("a=crypto:"), answer);
    }

    /**
     * RFC 5763 §5 without ICE: the sidecar offers UDP/TLS/RTP/SAVP with its fingerprint and actpass, no keys in the
     * SDP and no ICE; Asterisk answers with its own fingerprint and takes a role (active, as answerers do).
     */
    @Test
    void theDtlsTrunkIsOfferedAndAnswersDtlsSrtpWithoutIce() {
        String offer = offeredTo(TrunkMedia.DTLS);
        assertAll(
                () -> assertTrue(offer.matches("(?s).*m=audio \\d+ UDP/TLS/RTP/SAVP .*"), offer),
                () -> assertTrue(offer.matches("(?s).*a=fingerprint:sha-256 [0-9A-F:]+.*"), offer),
                () -> assertTrue(offer.contains("a=setup:actpass"), offer),
                () -> assertTrue(offer.contains("a=rtcp-mux"), offer),
                () -> assertFalse(offer.contains("a=crypto") || offer.contains("a=ice-")
                        || offer.contains("a=candidate"), offer),
                () -> assertFalse(offer.contains("a=ssrc") || offer.contains("a=msid") || offer.contains("a=extmap")
                        || offer.contains("BUNDLE"), () -> "the browser's WebRTC-only lines reach no trunk: " + offer));
        String answer = answeredBy(TrunkMedia.DTLS);
        assertAll(
                () -> assertTrue(answer.matches("(?s).*m=audio \\d+ UDP/TLS/RTP/SAVP .*"), answer),
                () -> assertTrue(answer.contains("a=fingerprint:"), answer),
                () -> assertTrue(answer.contains("a=setup:active") || answer.contains("a=setup:passive"), answer),
                () -> assertFalse(answer.contains("a=crypto"), answer));
    }

    /** While the echo call ran, the sidecar's query showed the trunk's stream keyed the chosen way, SRTP flowing. */
    @ParameterizedTest
    @EnumSource(TrunkMedia.class)
    void theSidecarReportsTheTrunkLegsKeying(TrunkMedia media) {
        JsonNode trunk = calls.get(media).trunkMediaInQuery();
        assertNotNull(trunk, () -> "the sidecar reported no trunk media during the call: "
                + diagnostics(media, calls.get(media).echo()));
        List<String> flags = new ArrayList<>();
        trunk.path("flags").forEach(f -> flags.add(f.asText()));
        JsonNode rtp = trunk.path("streams").path(0);
        assertAll(
                () -> assertEquals(media.profile, trunk.path("protocol").asText(), trunk::toString),
                () -> assertTrue(flags.contains(media.queryFlag), trunk::toString),
                () -> assertFalse(flags.contains("ICE") || rtp.has("ICE"), () -> "no ICE toward the trunk: " + trunk),
                () -> assertEquals("AES_CM_128_HMAC_SHA1_80", rtp.path("crypto suite").asText(), trunk::toString),
                () -> assertTrue(rtp.path("stats").path("packets").asLong() > 50, trunk::toString));
    }

    @ParameterizedTest
    @EnumSource(TrunkMedia.class)
    void onlySrtpCrossesTheTrunkLeg(TrunkMedia media) {
        RtpRecording onTheTrunkLeg = calls.get(media).onTheTrunkLeg();
        List<RtpRecording.Packet> audio = onTheTrunkLeg.packets().stream().filter(p -> p.payloadType() == 0).toList();
        assertTrue(audio.size() > 200, () -> "PCMU-typed packets between sidecar and Asterisk: " + onTheTrunkLeg);
        List<Integer> sizes = audio.stream().map(p -> p.payload().length).distinct().toList();
        assertEquals(List.of(PCMU_20MS + SRTP_TAG_80), sizes,
                () -> "every packet carries 20 ms of PCMU and an 80-bit SRTP tag: " + sizes);
        for (boolean toAsterisk : new boolean[] {true, false}) {
            short[] decoded = decodeAsPlainPcmu(audio.stream().filter(p -> isTrunkPort(p.destinationPort()) == toAsterisk)
                    .toList());
            int tone = toAsterisk ? BROWSER_TONE_HZ : TRUNK_TONE_HZ;
            double median = medianSnrDb(decoded, tone);
            assertTrue(median < 10, () -> "read as plain PCMU the " + (toAsterisk ? "browser's" : "trunk's")
                    + " tone must not be there (encrypted), median SNR " + median + " dB");
        }
    }

    private static boolean isTrunkPort(int port) {
        return Arrays.stream(TRUNK_RTP_PORTS).anyMatch(p -> p == port);
    }

    private static short[] decodeAsPlainPcmu(List<RtpRecording.Packet> packets) {
        byte[] all = new byte[packets.size() * PCMU_20MS];
        for (int i = 0; i < packets.size(); i++) {
            System.arraycopy(packets.get(i).payload(), 0, all, i * PCMU_20MS, PCMU_20MS);
        }
        short[] pcm = new short[all.length];
        G711.decodeUlaw(all, 0, all.length, pcm, 0);
        return pcm;
    }

    /** The median SNR of up to 20 blocks of 100 ms; NaN for less than one block. */
    private static double medianSnrDb(short[] pcm, double hz) {
        int blocks = Math.min(20, pcm.length / 800);
        return blocks == 0 ? Double.NaN : SignalMetrics.medianBlockSnrDb(pcm, 0, blocks, 800, hz, 8000);
    }

    private String asteriskLog() {
        Path log = asterisk.workDir().resolve("log").resolve("messages.log");
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + log, e);
        }
    }

    private static String tailOf(String text) {
        return SecureEdgeIntegrationTest.tail(text, 4000);
    }

    /** The SDP of the first INVITE Asterisk received on {@code media}'s port. */
    private String offeredTo(TrunkMedia media) {
        Pattern invite = Pattern.compile("INVITE sip:\\d+@127\\.0\\.0\\.1:" + media.port + "\\b");
        return loggedSdp("Received SIP request", invite)
                .orElseGet(() -> fail("Asterisk logged no INVITE with SDP on " + media.port + ":\n" + tailOf(asteriskLog())));
    }

    /** The SDP of the first 200 OK Asterisk sent with {@code media}'s profile. */
    private String answeredBy(TrunkMedia media) {
        Pattern answer = Pattern.compile("(?s)SIP/2\\.0 200 OK.*m=audio \\d+ " + Pattern.quote(media.profile) + " ");
        return loggedSdp("Transmitting SIP response", answer)
                .orElseGet(() -> fail("Asterisk logged no 200 OK with " + media.profile + " SDP:\n" + tailOf(asteriskLog())));
    }

    /**
     * The SDP of the first SIP message in Asterisk's log (pjsip debug: one "<--- Received SIP request ..." or
     * "<--- Transmitting SIP response ..." block per message) whose block starts with {@code kind} and contains
     * {@code matching}.
     */
    private Optional<String> loggedSdp(String kind, Pattern matching) {
        for (String block : asteriskLog().split("<--- ")) {
            int sdp = block.indexOf("\nv=0");
            if (block.startsWith(kind) && sdp > 0 && matching.matcher(block).find()) {
                String body = block.substring(sdp + 1).replace("\r", "");
                int blank = body.indexOf("\n\n");
                return Optional.of(blank < 0 ? body : body.substring(0, blank));
            }
        }
        return Optional.empty();
    }

    private String diagnostics(TrunkMedia media, Softphone.Report browser) {
        return browser.summary() + "\n--- RTP on the " + media + " trunk leg\n" + calls.get(media).onTheTrunkLeg()
                + "\n--- kamailio log tail\n" + SecureEdgeIntegrationTest.tail(kamailio.logText(), 3000)
                + "\n--- asterisk\n" + asterisk.logTail(40)
                + "\n--- sidecar log tail\n" + SecureEdgeIntegrationTest.tail(sidecar.logText(), 3000);
    }
}
