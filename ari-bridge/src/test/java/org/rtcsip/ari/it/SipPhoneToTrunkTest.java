package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.testbed.repo.Repository;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Deployment (b) with real SIP on both sides: an Opus-only SIP phone (sipp playing an Opus capture from
 * 127.0.0.1:5092, endpoint opus-phone) calls 300 through the shipped [from-webrtc] dialplan; the hook sends it
 * through the Stasis app to the PCMU trunk (a sipp UAS on 127.0.0.1:5090 playing a 440 Hz tone). Both PJSIP
 * channels must carry RTP both ways while the media side transcodes Opus <-> PCMU; the phone's BYE ends the trunk.
 */
class SipPhoneToTrunkTest extends OnAsteriskBed {

    @Test
    void opusPhoneToPcmuTrunkThroughTheStasisApp() throws Exception {
        Path dir = Files.createTempDirectory("sipp-b");
        Path sipp = Repository.root().resolve("conf-samples/sipp");
        Files.copy(sipp.resolve("tone-440hz-1s.pcmu"), dir.resolve("tone-440hz-1s.pcmu"));
        Captures.opusTone(dir.resolve("opus-tone.pcap"), 1000, 6);
        long transcodedBefore = bed.framesTranscoded();
        Process uas = new ProcessBuilder("sipp", "-sf", sipp.resolve("uas-pcmu-rtp.xml").toString(),
                "-i", "127.0.0.1", "-p", "5090", "-mi", "127.0.0.1", "-mp", "16100", "-m", "1", "-nostdin",
                "-timeout", "30s", "-timeout_error")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("uas.out").toFile())
                .start();
        Thread.sleep(300);
        Process uac = new ProcessBuilder("sipp", "-sf", sipp.resolve("uac-opus-pcap.xml").toString(),
                "127.0.0.1:5080", "-i", "127.0.0.1", "-p", "5092", "-key", "callee", "sip:300@127.0.0.1:5080",
                "-mi", "127.0.0.1", "-mp", "16200", "-d", "5000", "-m", "1", "-l", "1", "-nostdin",
                "-timeout", "30s", "-timeout_error")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("uac.out").toFile())
                .start();
        try {
            Channel phone = null;
            Channel trunk = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while ((phone == null || trunk == null) && System.nanoTime() < deadline) {
                for (Channel c : bed.probes.ari.channels()) {
                    if (c.isUp() && c.name().startsWith("PJSIP/opus-phone-")) {
                        phone = c;
                    } else if (c.isUp() && c.name().startsWith("PJSIP/trunk-")) {
                        trunk = c;
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(phone != null && trunk != null, "both PJSIP legs up: " + bed.probes.ari.channels()
                    + "\nUAC: " + Files.readString(dir.resolve("uac.out")));
            assertEquals("sidecar", bed.probes.ari.variable(phone.id(), "ARI_BRIDGE_ROUTE"));
            assertEquals("opus", bed.probes.ari.variable(phone.id(), "ARI_BRIDGE_CALLER_CODEC"));
            assertEquals("ulaw", bed.probes.ari.variable(phone.id(), "ARI_BRIDGE_TARGET_CODEC"));
            Thread.sleep(2000);
            for (Channel c : new Channel[] {phone, trunk}) {
                JsonNode stats = bed.probes.ari.rtpStatistics(c.id());
                long rx = stats.get("rxcount").asLong();
                long tx = stats.get("txcount").asLong();
                System.out.println(c.name() + ": RTP received " + rx + ", sent " + tx);
                assertTrue(rx > 50 && tx > 50, c.name() + " carries RTP both ways: rx " + rx + ", tx " + tx);
            }
            assertTrue(bed.framesTranscoded() - transcodedBefore > 100, "frames transcoded by media-sidecar");
        } finally {
            assertTrue(uac.waitFor(20, TimeUnit.SECONDS), "the phone hangs up after 5 s");
            assertTrue(uas.waitFor(10, TimeUnit.SECONDS), "the trunk got its BYE");
        }
        assertEquals(0, uac.exitValue(), "phone's call succeeded: " + Files.readString(dir.resolve("uac.out")));
        assertEquals(0, uas.exitValue(), "trunk's call succeeded: " + Files.readString(dir.resolve("uas.out")));
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }
}
