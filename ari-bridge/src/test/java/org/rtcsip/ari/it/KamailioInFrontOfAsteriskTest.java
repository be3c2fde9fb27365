package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rtcsip.testbed.browser.ChromiumSoftphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.process.Poll;

/**
 * Deployment (a): Kamailio in front, Asterisk behind as the PBX. Headless Chromium registers on the shipped
 * kamailio.cfg (run as it is, with {@code -A WITH_TRANSCODING}: Opus toward browsers, PCMU toward SIP) and calls
 * {@code echo} at Asterisk's address; the cfg relays any R-URI that is not its own to that host and port, so
 * nothing in it names Asterisk. media-sidecar, driven by Kamailio's rtpengine module, terminates ICE and DTLS-SRTP
 * and transcodes; Asterisk sees a plain PCMU call from the {@code kamailio} endpoint of the shipped pjsip.conf
 * (identified by Kamailio's address 127.0.0.1:5060) and runs Echo(). The browser must hear its own tone back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KamailioInFrontOfAsteriskTest {
    static final int BROWSER_TONE_HZ = 1000;

    NamespaceBed bed;
    KamailioProcess kamailio;

    @BeforeAll
    void start() {
        bed = new NamespaceBed();
        Map<String, String> defines = new HashMap<>();
        defines.put("SIP_PORT", "5060"); // where pjsip.conf's [kamailio] identify expects it
        defines.put("WITH_TRANSCODING", null);
        kamailio = KamailioProcess.start(bed.network(), bed.sidecar.ngUrl(), defines);
    }

    @AfterAll
    void stop() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void aBrowserOnKamailioCallsEchoOnAsteriskThroughMediaSidecarAndHearsItself() throws Exception {
        Path dir = Files.createTempDirectory("kamailio-asterisk-");
        double transcodedBefore = bed.sidecar.metric("sidecar_transcoded_frames_total");
        ChromiumSoftphone.Report report;
        JsonNode asteriskChannel = null;
        String format = null;
        try (ChromiumSoftphone phone = ChromiumSoftphone.call(bed.network(), dir, kamailio.wsUri(),
                "sip:echo@127.0.0.1:5080", new ChromiumSoftphone.Options("alice", BROWSER_TONE_HZ,
                        Duration.ofSeconds(10), "max-bundle"))) {
            // the call's Asterisk channel, asked while the call is up (each ask is a curl in the namespace)
            long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            while (asteriskChannel == null && System.nanoTime() < deadline) {
                for (JsonNode c : bed.ari("/channels")) {
                    if (c.path("state").asText().equals("Up")) {
                        asteriskChannel = c;
                        format = bed.ari("/channels/" + c.path("id").asText()
                                + "/variable?variable=CHANNEL(audionativeformat)").path("value").asText();
                    }
                }
                Poll.pause(100);
            }
            report = phone.awaitReport(Duration.ofSeconds(40));
        }
        String why = report.summary() + "\nKamailio:\n" + kamailio.logTail(30) + "\nAsterisk:\n"
                + bed.asterisk.logTail(20);
        assertNull(report.error(), why);
        List<String> log = java.nio.file.Files.readAllLines(bed.asterisk.workDir().resolve("log/messages.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(log.stream().anyMatch(l -> l.contains("Executing [echo@from-kamailio:1]")
                && l.contains("PJSIP/kamailio-")), "Asterisk ran [from-kamailio] for endpoint kamailio: " + why);
        JsonNode channel = asteriskChannel;
        String nativeFormat = format;
        assertAll(
                () -> assertTrue(channel != null && channel.path("name").asText().startsWith("PJSIP/kamailio-"),
                        "Asterisk took the call as endpoint kamailio: " + channel + "\n" + why),
                () -> assertEquals("(ulaw)", nativeFormat, "Asterisk's side is PCMU only\n" + why),
                () -> assertEquals("audio/opus", report.inboundCodec(), why),
                () -> assertEquals(BROWSER_TONE_HZ, report.heardHz(), 3.0, "the browser hears Echo(): " + why),
                () -> assertTrue(report.heardToneOverFloorDb() > 30, "a clean echo: " + why),
                () -> assertTrue(bed.sidecar.metric("sidecar_transcoded_frames_total") - transcodedBefore > 100,
                        "media-sidecar transcoded Opus <-> PCMU: " + why));
        bed.assertNothingLeft(Duration.ofSeconds(5));
    }
}
