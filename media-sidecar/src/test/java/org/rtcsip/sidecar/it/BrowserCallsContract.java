package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.browser.ChromiumSoftphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sdp.AudioEndpoint;

/**
 * What must hold for any ng media server behind the shipped kamailio.cfg when a real browser calls: headless
 * Chromium (Debian's) running the JsSIP softphone of deploy/softphone registers over WebSocket with Kamailio and
 * calls a sipp UAS, or answers a sipp UAC, with the media anchored on the server under test: ICE and DTLS-SRTP
 * toward the browser, plain RTP/AVP PCMU toward sipp. Chromium's fake microphone plays {@value #BROWSER_TONE_HZ} Hz,
 * sipp plays the shipped {@value #TRUNK_TONE_HZ} Hz tone; each side must hear the other's tone. Both codec plans:
 * PCMU on both legs (the shipped cfg as is), and Opus on the browser leg transcoded to PCMU for the trunk
 * ({@code -A WITH_TRANSCODING}). Everything runs in a loopback-only network namespace
 * ({@link LoopbackNamespace}), so the media server runs there too, from a command line.
 *
 * <p>Run against rtpengine ({@link RtpengineBrowserIntegrationTest}, proving the test bed) and against
 * media-sidecar. Each call's result is kept, so a subclass can assert more on the same calls via {@link #call}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserCallsContract {
    static final int BROWSER_TONE_HZ = 1000;
    /** conf-samples/sipp/tone-440hz-1s.pcmu, which both sipp scenarios stream. */
    static final int TRUNK_TONE_HZ = 440;
    static final Duration TALK_TIME = Duration.ofSeconds(5);
    /** SRTP profiles Chromium negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2); it prefers the GCM ones when offered. */
    static final Set<String> SRTP_PROFILES = Set.of("SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM",
            "SRTP_AEAD_AES_256_GCM");

    /** Which codecs each leg carries, and the Kamailio the plan needs. */
    enum CodecPlan {
        /** The shipped cfg: the trunk answers PCMU, so the browser gets PCMU too; DTLS-SRTP <-> RTP only. */
        PCMU_ON_BOTH_LEGS("audio/PCMU", "PCMU/8000", Map.of()),
        /** -A WITH_TRANSCODING: Opus to and from the browser, PCMU to and from the trunk. */
        OPUS_TO_BROWSER_PCMU_TO_TRUNK("audio/opus", "opus/48000",
                Collections.singletonMap("WITH_TRANSCODING", null));

        final String browserMimeType;
        final String browserRtpmap;
        /** Kamailio's -A defines (a null value: the name alone). */
        final Map<String, String> kamailioDefines;

        CodecPlan(String browserMimeType, String browserRtpmap, Map<String, String> kamailioDefines) {
            this.browserMimeType = browserMimeType;
            this.browserRtpmap = browserRtpmap;
            this.kamailioDefines = kamailioDefines;
        }
    }

    LoopbackNamespace namespace;
    NgMediaServer media;
    private final Map<CodecPlan, KamailioProcess> kamailios = new EnumMap<>(CodecPlan.class);
    private final Map<String, BrowserCall.Result> calls = new HashMap<>();
    private int users;

    /**
     * Starts the media server inside {@code namespace} (a {@link org.rtcsip.testbed.rtpengine.RtpengineProcess} or
     * {@link org.rtcsip.testbed.sidecar.SidecarProcess}); Kamailio starts after it has answered a ping.
     */
    abstract NgMediaServer startMediaServer(LoopbackNamespace namespace) throws Exception;

    /**
     * The RTCPeerConnection bundlePolicy of the page: {@code max-bundle}, as most WebRTC apps use. Then Chromium
     * refuses an answer without {@code a=group:BUNDLE} when its offer had one, and an offer without the group.
     */
    String bundlePolicy() {
        return "max-bundle";
    }

    @BeforeAll
    void startTestBed() throws Exception {
        Programs.chromium();
        Programs.node();
        Repository.softphone();
        namespace = LoopbackNamespace.create();
        media = startMediaServer(namespace);
        for (CodecPlan plan : CodecPlan.values()) {
            kamailios.put(plan, KamailioProcess.start(namespace, media.ngUrl(), plan.kamailioDefines));
        }
    }

    @AfterAll
    void stopTestBed() {
        kamailios.values().forEach(KamailioProcess::close);
        if (media != null) {
            media.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    /** The call in {@code direction} with {@code plan}, placed on first use and kept for later assertions. */
    BrowserCall.Result call(BrowserCall.Direction direction, CodecPlan plan) {
        return calls.computeIfAbsent(direction + "/" + plan, key -> {
            // a fresh user per call: a closed browser's registration outlives it in Kamailio's location table
            String user = "browser" + (++users) + "-" + plan.name().toLowerCase(Locale.ROOT).replace('_', '-');
            ChromiumSoftphone.Options options =
                    new ChromiumSoftphone.Options(user, BROWSER_TONE_HZ, TALK_TIME, bundlePolicy());
            KamailioProcess kamailio = kamailios.get(plan);
            return direction == BrowserCall.Direction.BROWSER_CALLS_TRUNK
                    ? BrowserCall.browserCallsTrunk(namespace, kamailio, options)
                    : BrowserCall.trunkCallsBrowser(namespace, kamailio, options);
        });
    }

    @Test
    void browserCallsTrunkWithPcmuOnBothLegs() {
        assertCallCarriesBothTones(BrowserCall.Direction.BROWSER_CALLS_TRUNK, CodecPlan.PCMU_ON_BOTH_LEGS);
    }

    @Test
    void browserCallsTrunkWithOpusOnTheBrowserLegAndPcmuOnTheTrunk() {
        assertCallCarriesBothTones(BrowserCall.Direction.BROWSER_CALLS_TRUNK,
                CodecPlan.OPUS_TO_BROWSER_PCMU_TO_TRUNK);
    }

    @Test
    void trunkCallsBrowserWithPcmuOnBothLegs() {
        assertCallCarriesBothTones(BrowserCall.Direction.TRUNK_CALLS_BROWSER, CodecPlan.PCMU_ON_BOTH_LEGS);
    }

    @Test
    void trunkCallsBrowserWithOpusOnTheBrowserLegAndPcmuOnTheTrunk() {
        assertCallCarriesBothTones(BrowserCall.Direction.TRUNK_CALLS_BROWSER,
                CodecPlan.OPUS_TO_BROWSER_PCMU_TO_TRUNK);
    }

    void assertCallCarriesBothTones(BrowserCall.Direction direction, CodecPlan plan) {
        BrowserCall.Result call = call(direction, plan);
        Supplier<String> why = () -> diagnostics(call, plan);
        assertNull(call.browser().error(), () -> "the browser's call must be set up, measured and ended: "
                + why.get());
        assertEquals(0, call.sippExitCode(), () -> "sipp must complete its call: " + why.get());
        assertAll(
                () -> assertBrowserHeardTheTrunkTone(call, why),
                () -> assertTrunkHeardTheBrowserTone(call, why),
                () -> assertBrowserLegIsWebrtcOnTheMediaServer(call, plan, why),
                () -> assertTrunkLegIsPlainPcmuOnTheMediaServer(call, plan, why),
                () -> assertEveryPacketStayedOnLoopback(call, why));
    }

    private void assertBrowserHeardTheTrunkTone(BrowserCall.Result call, Supplier<String> why) {
        ChromiumSoftphone.Report browser = call.browser();
        assertEquals(TRUNK_TONE_HZ, browser.heardHz(), 3.0, () -> "the browser must hear the trunk's tone: " + why.get());
        assertTrue(browser.heardToneOverFloorDb() > 30, () -> "the tone the browser hears must stand 30 dB over the"
                + " band's median, got " + browser.heardToneOverFloorDb() + " dB: " + why.get());
        assertTrue(browser.packetsReceived() >= 100, () -> "RTP the browser decrypted: " + why.get());
    }

    private void assertTrunkHeardTheBrowserTone(BrowserCall.Result call, Supplier<String> why) {
        short[] heard = call.trunkHeard();
        int second = 8000;
        // skip the first second (DTLS and ICE settle, the fake microphone starts), analyse the next two
        assertTrue(heard.length >= 3 * second, () -> "the trunk must receive at least 3 s of PCMU, got "
                + heard.length + " samples: " + why.get());
        double dominant = SignalMetrics.dominantFrequency(heard, second, 2 * second, 8000, 100, 3900);
        assertEquals(BROWSER_TONE_HZ, dominant, 3.0, () -> "the trunk must hear the browser's tone: " + why.get());
        // Chromium's fake microphone slips phase now and then (file loop, capture timing), so no sine fits two
        // seconds: judge the tone by the median SNR of 100 ms blocks
        double median = SignalMetrics.medianBlockSnrDb(heard, second, 20, 800, dominant, 8000);
        assertTrue(median > 20, () -> "the browser's tone at the trunk must be clean (median SNR of 100 ms blocks"
                + " > 20 dB), got " + median + " dB: " + why.get());
    }

    private void assertBrowserLegIsWebrtcOnTheMediaServer(BrowserCall.Result call, CodecPlan plan,
            Supplier<String> why) {
        String sdp = call.sdpToBrowser();
        assertNotNull(sdp, () -> "no SDP reached the browser: " + why.get());
        AudioEndpoint audio = AudioEndpoint.of(sdp);
        ChromiumSoftphone.Report browser = call.browser();
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertEquals("UDP/TLS/RTP/SAVPF", audio.profile(), why),
                () -> assertEquals("127.0.0.1", audio.address(), why),
                () -> assertTrue(media.ownsMediaPort(audio.port()), () -> "the browser must be sent to a media server"
                        + " port (" + media.portRange() + "): " + why.get()),
                () -> assertTrue(sdp.contains("a=fingerprint:sha-256 "), why),
                () -> assertTrue(sdp.contains("a=ice-ufrag:") && sdp.contains("a=ice-pwd:"), why),
                () -> assertTrue(sdp.contains("a=candidate:") && sdp.contains(" 127.0.0.1 " + audio.port() + " typ host"),
                        () -> "a host candidate on the media server's port: " + why.get()),
                () -> assertTrue(sdp.contains("a=rtcp-mux"), why),
                () -> assertTrue(sdp.contains("a=setup:active") || sdp.contains("a=setup:passive")
                        || sdp.contains("a=setup:actpass"), why),
                () -> assertTrue(sdp.contains("a=rtpmap:") && sdp.contains(" " + plan.browserRtpmap),
                        () -> "the browser leg must offer/answer " + plan.browserRtpmap + ": " + why.get()),
                () -> assertEquals(plan.browserMimeType, browser.inboundCodec(), why),
                () -> assertEquals(plan.browserMimeType, browser.outboundCodec(), why),
                () -> assertEquals("connected", browser.transport("dtlsState"), why),
                () -> assertTrue(SRTP_PROFILES.contains(browser.transport("srtpCipher")), why),
                () -> assertTrue(browser.selectedRemoteCandidate().startsWith("127.0.0.1:" + audio.port() + "/udp"),
                        () -> "ICE must select the media server's candidate: " + why.get())));
        if (bundlePolicy().equals("max-bundle") && call.sdpFromBrowser() != null
                && call.sdpFromBrowser().contains("a=group:BUNDLE")) {
            checks.add(() -> assertTrue(sdp.contains("a=group:BUNDLE"), why));
        }
        assertAll(checks);
    }

    private void assertTrunkLegIsPlainPcmuOnTheMediaServer(BrowserCall.Result call, CodecPlan plan,
            Supplier<String> why) {
        String sdp = call.sdpToTrunk();
        assertNotNull(sdp, () -> "no SDP reached the trunk: " + why.get());
        AudioEndpoint audio = AudioEndpoint.of(sdp);
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertEquals("RTP/AVP", audio.profile(), why),
                () -> assertEquals("127.0.0.1", audio.address(), why),
                () -> assertTrue(media.ownsMediaPort(audio.port()), () -> "the trunk must be sent to a media server"
                        + " port (" + media.portRange() + "): " + why.get()),
                () -> assertTrue(audioFormats(sdp).contains("0"), () -> "PCMU (0) must be on the trunk's m=audio"
                        + " line: " + why.get()),
                // plain RTP: nothing of ICE or DTLS-SRTP may reach the trunk
                () -> assertFalse(sdp.contains("a=fingerprint"), why),
                () -> assertFalse(sdp.contains("a=setup:"), why),
                () -> assertFalse(sdp.contains("a=ice-") || sdp.contains("a=candidate"), why),
                () -> assertFalse(sdp.contains("a=crypto"), why),
                () -> assertEquals(Map.of(0, (long) call.rtp().to(call.trunkMediaPort()).size()),
                        call.rtp().payloadTypesTo(call.trunkMediaPort()), () -> "the trunk gets PCMU only: " + why.get())));
        if (plan == CodecPlan.OPUS_TO_BROWSER_PCMU_TO_TRUNK && call.direction() == BrowserCall.Direction.BROWSER_CALLS_TRUNK) {
            checks.add(() -> assertFalse(sdp.toLowerCase(Locale.ROOT).contains("opus"),
                    () -> "a trunk without Opus must not be offered Opus: " + why.get()));
        }
        assertAll(checks);
    }

    private void assertEveryPacketStayedOnLoopback(BrowserCall.Result call, Supplier<String> why) {
        ChromiumSoftphone.Report browser = call.browser();
        List<String> candidates = browser.localCandidates();
        assertFalse(candidates.isEmpty(), why);
        for (String candidate : candidates) {
            assertTrue(candidate.startsWith("127.0.0.1:"), () -> "Chromium gathered a non-loopback candidate "
                    + candidate + ": " + why.get());
        }
        Map<Integer, Long> senders = call.rtp().senderCountsTo(call.trunkMediaPort());
        assertFalse(senders.isEmpty(), () -> "no RTP reached the trunk: " + why.get());
        senders.keySet().forEach(port -> assertTrue(media.ownsMediaPort(port),
                () -> "RTP reached the trunk from port " + port + ", not the media server's: " + why.get()));
    }

    /** The payload types of the first m=audio line. */
    static List<String> audioFormats(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=audio ")) {
                String[] fields = line.strip().split(" ");
                return List.of(fields).subList(Math.min(3, fields.length), fields.length);
            }
        }
        return List.of();
    }

    String diagnostics(BrowserCall.Result call, CodecPlan plan) {
        return plan + "\n" + call.diagnostics()
                + "\n--- kamailio log tail\n" + tail(kamailios.get(plan).logText(), 3000)
                + "\n--- media server log tail\n" + tail(media.logText(), 6000);
    }

    static String tail(String log, int chars) {
        return log.length() <= chars ? log : log.substring(log.length() - chars);
    }
}
