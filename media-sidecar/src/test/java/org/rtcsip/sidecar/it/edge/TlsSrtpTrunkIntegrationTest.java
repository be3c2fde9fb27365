package org.rtcsip.sidecar.it.edge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.testbed.asterisk.AsteriskProcess;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.browser.BrowserTransport;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;
import org.rtcsip.testbed.tls.GeneratedCertificates;

/**
 * A carrier-style trunk: the real Asterisk 22 of the test bed with a PJSIP TLS transport (mutual TLS) and
 * {@code media_encryption = sdes} (conf-samples/asterisk-trunk-tls) answers a call Chromium places over wss:// through
 * the shipped kamailio.cfg, which reaches it over SIP-TLS and has media-sidecar offer SDES-SRTP toward it (a trunk on
 * TLS gets SRTP). Two calls: to one number Asterisk plays 440 Hz, which the browser must hear; to another it echoes,
 * and the browser must hear its own 1000 Hz back, which crossed the SRTP leg in both directions (Asterisk's libsrtp
 * decrypted what the sidecar encrypted, and the other way round). On the wire between sidecar and Asterisk there is
 * only SRTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsSrtpTrunkIntegrationTest {
    static final int BROWSER_TONE_HZ = 1000;
    static final int TRUNK_TONE_HZ = 440;
    /** conf-samples/asterisk-trunk-tls: pjsip.conf's TLS port, rtp.conf's range. */
    static final int TRUNK_TLS_PORT = 5061;
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
    Softphone.Report toneCall;
    Softphone.Report echoCall;
    RtpRecording onTheTrunkLeg;

    @BeforeAll
    void callTheTrunkTwice() throws IOException {
        Programs.chromium();
        certs = GeneratedCertificates.generate();
        namespace = LoopbackNamespace.create();
        sidecar = SidecarProcess.start(namespace, "tls-trunk");
        kamailio = KamailioProcess.startSecure(namespace, sidecar.ngUrl(), certs, Map.of());
        asterisk = AsteriskProcess.start(namespace, stagedAsteriskConfig());

        Path dir = Files.createTempDirectory("tls-trunk-call-");
        try (RtpCapture capture = RtpCapture.start(namespace, dir, TRUNK_RTP_PORTS)) {
            toneCall = call(dir.resolve("tone"), TONE_NUMBER);
            echoCall = call(dir.resolve("echo"), ECHO_NUMBER);
            onTheTrunkLeg = capture.stop();
        }
        for (Softphone.Report each : List.of(toneCall, echoCall)) {
            System.out.println("TLS + SDES trunk call: " + SecureEdgeIntegrationTest.timeline(each) + ", heard "
                    + Math.round(each.heardHz()) + " Hz");
        }
    }

    /** alice calls {@code number} on the trunk over wss and SIP-TLS; returns when the call is over. */
    private Softphone.Report call(Path dir, String number) {
        BrowserTransport.Route route = BrowserTransport.WSS.route("127.0.0.1", kamailio, certs, null);
        String target = "sip:" + number + "@127.0.0.1:" + TRUNK_TLS_PORT + ";transport=tls";
        try (Softphone phone = Softphone.call(namespace, dir, route.signalling(), target,
                new Softphone.Options(KamailioProcess.ALICE, BROWSER_TONE_HZ, TALK_TIME, "max-bundle")
                        .withPassword(KamailioProcess.ALICE_PASSWORD), route.edge())) {
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

    @Test
    void theBrowserHearsTheTrunksToneThroughSrtp() {
        Supplier<String> why = () -> diagnostics(toneCall);
        assertNull(toneCall.error(), () -> "the call must be set up, measured and ended: " + why.get());
        assertAll(
                () -> assertEquals(TRUNK_TONE_HZ, toneCall.heardHz(), 3.0, why),
                () -> assertTrue(toneCall.heardToneOverFloorDb() > 30, why),
                () -> assertEquals("connected", toneCall.transport("dtlsState"), why));
    }

    @Test
    void theBrowserHearsItsOwnToneEchoedByTheTrunkThroughSrtpBothWays() {
        Supplier<String> why = () -> diagnostics(echoCall);
        assertNull(echoCall.error(), () -> "the call must be set up, measured and ended: " + why.get());
        assertAll(
                () -> assertEquals(BROWSER_TONE_HZ, echoCall.heardHz(), 3.0,
                        () -> "the browser's own tone must come back from Asterisk's echo: " + why.get()),
                () -> assertTrue(echoCall.heardToneOverFloorDb() > 20, why));
    }

    @Test
    void kamailioReachesTheTrunkOverTls13() {
        Matcher tls = Pattern.compile("tls: 200 INVITE from 127\\.0\\.0\\.1:" + TRUNK_TLS_PORT
                + " over tls, (TLSv[\\d.]+) (\\S+)").matcher(kamailio.logText());
        assertTrue(tls.find(), () -> "Kamailio logged no TLS parameters of the trunk's answer: "
                + SecureEdgeIntegrationTest.tail(kamailio.logText(), 3000));
        assertEquals("TLSv1.3", tls.group(1), tls.group());
    }

    @Test
    void theTrunkIsOfferedAndAnswersSdesSrtp() {
        String log = asteriskLog();
        Matcher offer = Pattern.compile("(?s)<--- Received SIP request .*?INVITE sip:\\d+@.*?\\n(v=0.*?)\\n\\s*\\n")
                .matcher(log);
        assertTrue(offer.find(), () -> "Asterisk logged no INVITE it received:\n" + tailOf(log));
        String sdp = offer.group(1);
        assertAll(
                () -> assertTrue(sdp.matches("(?s).*m=audio \\d+ RTP/SAVP .*"), sdp),
                () -> assertTrue(sdp.contains("a=crypto:"), sdp),
                () -> assertFalse(sdp.contains("a=fingerprint") || sdp.contains("a=ice-"), sdp));
        Matcher answer = Pattern.compile("(?s)<--- Transmitting SIP response .*?SIP/2\\.0 200 OK.*?\\n(v=0.*?)\\n\\s*\\n")
                .matcher(log);
        assertTrue(answer.find(), () -> "Asterisk logged no 200 OK with SDP:\n" + tailOf(log));
        assertTrue(answer.group(1).contains("RTP/SAVP") && answer.group(1).contains("a=crypto:"), answer.group(1));
    }

    @Test
    void onlySrtpCrossesTheTrunkLeg() {
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

    private String diagnostics(Softphone.Report browser) {
        return browser.summary() + "\n--- RTP on the trunk leg\n" + onTheTrunkLeg
                + "\n--- kamailio log tail\n" + SecureEdgeIntegrationTest.tail(kamailio.logText(), 3000)
                + "\n--- asterisk\n" + asterisk.logTail(40)
                + "\n--- sidecar log tail\n" + SecureEdgeIntegrationTest.tail(sidecar.logText(), 3000);
    }
}
