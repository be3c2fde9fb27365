package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcsip.testbed.browser.Browser;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * Full ICE with real browsers (issue 14, item 4): media-sidecar started with {@code --ice=full} behind the shipped
 * kamailio.cfg, Chromium and Firefox calling a sipp trunk and called by one. The sidecar writes no a=ice-lite, so
 * by RFC 8445 §6.1.1 the offerer controls: the browser when it calls (the sidecar is controlled and must have
 * checked the nominated pair itself before it selects it), the sidecar when it offers (the browser is controlled and
 * selects only what the sidecar nominated). Then an ICE restart started by the browser mid-call (restartIce() and a
 * re-INVITE with new credentials), which must not cost more than 1 s of audio either way: measured from the RTP
 * arrival times at the trunk (tcpdump) and from the browser's packetsReceived, sampled every 20 ms.
 *
 * <p>One namespace with the dead-end route (Firefox needs it; Chromium pairs its address there too), media on that
 * address, one sidecar and one Kamailio for the class; the browser is the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FullIceBrowserIntegrationTest {
    private static final Duration TALK_TIME = Duration.ofSeconds(6);
    private static final long MAX_RESTART_GAP_MILLIS = 1000;

    private LoopbackNamespace namespace;
    private SidecarProcess sidecar;
    private KamailioProcess kamailio;
    private int users;

    @BeforeAll
    void start() {
        Programs.node();
        Repository.softphone();
        namespace = LoopbackNamespace.createWithDeadEndRoute();
        sidecar = SidecarProcess.start(namespace, "full-ice", "--ice=full", "--codec-warmup=0",
                "--interface=" + LoopbackNamespace.DEAD_END_ADDRESS);
        kamailio = KamailioProcess.start(namespace, sidecar.ngUrl());
    }

    @AfterAll
    void stop() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    private Softphone.Options options(Browser browser) {
        browser.program();
        return new Softphone.Options("full-ice-" + (++users) + "-" + browser.optionValue(),
                BrowserCallChecks.BROWSER_TONE_HZ,
                TALK_TIME, "max-bundle").in(browser);
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void aBrowserCallingATrunkControlsAndTheSidecarChecksAsTheControlledAgent(Browser browser) {
        BrowserCall.Result call = BrowserCall.browserCallsTrunk(namespace, kamailio, options(browser));
        assertCallOverFullIce(call, "controlling");
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void aBrowserCalledByATrunkIsControlledByTheSidecar(Browser browser) {
        BrowserCall.Result call = BrowserCall.trunkCallsBrowser(namespace, kamailio, options(browser));
        assertCallOverFullIce(call, "controlled");
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void anIceRestartStartedByTheBrowserMidCallCostsLessThanASecondOfAudio(Browser browser) {
        BrowserCall.Result call = BrowserCall.browserCallsTrunk(namespace, kamailio,
                options(browser).withIceRestartAt(Duration.ofMillis(1500)));
        Supplier<String> why = () -> call.diagnostics() + "\n--- sidecar log tail\n" + sidecar.logTail(30);
        assertCallOverFullIce(call, "controlling");
        JsonNode restart = call.browser().iceRestart();
        RtpRecording rtp = call.rtp();
        List<RtpRecording.Packet> atTrunk = rtp.to(call.trunkMediaPort()).stream()
                .filter(p -> p.payloadType() == 0).toList();
        assertFalse(atTrunk.isEmpty(), why);
        // from 1 s after the first packet (ICE and DTLS of the call itself) to the last: the restart lies inside
        long trunkGap = rtp.longestGapMillis(call.trunkMediaPort(), 0, atTrunk.get(0).timeMicros() + 1_000_000,
                atTrunk.get(atTrunk.size() - 1).timeMicros());
        long browserGap = Math.round(restart.path("longestInboundGapMs").asDouble(-1));
        System.out.printf(Locale.ROOT, "ICE restart (%s, sidecar full ICE): re-INVITE answered in %.0f ms; longest"
                        + " gap at the trunk %d ms, at the browser %d ms; ufrag %s -> %s%n", browser,
                restart.path("answeredMs").asDouble(), trunkGap, browserGap, restart.path("ufragBefore").asText(),
                restart.path("ufragAfter").asText());
        assertAll(
                () -> assertNotEquals(restart.path("ufragBefore").asText(), restart.path("ufragAfter").asText(),
                        () -> "the browser restarted ICE with new credentials: " + why.get()),
                () -> assertEquals("connected", restart.path("connectionState").asText(), why),
                () -> assertTrue(trunkGap >= 0 && trunkGap < MAX_RESTART_GAP_MILLIS, () -> "the browser's audio at the"
                        + " trunk stopped for " + trunkGap + " ms: " + why.get()),
                () -> assertTrue(browserGap >= 0 && browserGap < MAX_RESTART_GAP_MILLIS, () -> "the trunk's audio at"
                        + " the browser stopped for " + browserGap + " ms: " + why.get()),
                () -> assertTrue(restart.path("packetsAfter").asLong() - restart.path("packetsBefore").asLong() > 150,
                        () -> "packets kept arriving at the browser across the restart: " + why.get()));
    }

    private void assertCallOverFullIce(BrowserCall.Result call, String browserIceRole) {
        Softphone.Report browser = call.browser();
        Supplier<String> why = () -> call.diagnostics() + "\n--- sidecar log tail\n" + sidecar.logTail(30);
        BrowserCallChecks.assertCompleted(call, why);
        String toBrowser = call.sdpToBrowser();
        assertAll(
                () -> assertFalse(toBrowser.contains("a=ice-lite"), () -> "full ICE: " + why.get()),
                () -> assertTrue(toBrowser.contains(" " + LoopbackNamespace.DEAD_END_ADDRESS + " ")
                        && toBrowser.contains(" typ host"), why),
                () -> assertEquals(browserIceRole, browser.transport("iceRole"), () -> "RFC 8445 §6.1.1: "
                        + why.get()),
                () -> assertEquals("connected", browser.transport("dtlsState"), why),
                () -> BrowserCallChecks.assertBrowserHeardTheTrunkTone(call, why),
                () -> BrowserCallChecks.assertTrunkHeardTheBrowserTone(call, why));
    }
}
