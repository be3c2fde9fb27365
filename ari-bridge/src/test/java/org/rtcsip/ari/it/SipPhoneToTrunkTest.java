package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.sipp.SippProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;

/**
 * Deployment (b) with real SIP on both sides and no browser: an Opus-only SIP phone (sipp playing an Opus capture of
 * a 1000 Hz tone from 127.0.0.1:5092, endpoint opus-phone) calls 300 through the shipped [from-webrtc] dialplan; the
 * hook sends it through the Stasis app to the PCMU trunk (a sipp UAS on 127.0.0.1:5090 playing its 440 Hz tone).
 * tcpdump records what each received: the phone must hear 440 Hz in Opus, the trunk 1000 Hz in PCMU, while
 * media-sidecar transcodes; the phone's BYE ends the trunk.
 */
class SipPhoneToTrunkTest extends OnAsteriskBed {
    private static final int PHONE_TONE_HZ = 1000;
    private static final int TRUNK_TONE_HZ = 440;

    @Test
    void opusPhoneToPcmuTrunkThroughTheStasisAppTonesBothWays() throws Exception {
        Path dir = Files.createTempDirectory("sipp-b");
        Files.createDirectories(dir.resolve("phone"));
        Captures.opusTone(dir.resolve("phone/opus-tone.pcap"), PHONE_TONE_HZ, 6);
        SippProcess.Ports trunk = new SippProcess.Ports(5090, FreePorts.udpBlock(10)); // pjsip.conf [trunk]
        SippProcess.Ports phone = new SippProcess.Ports(5092, FreePorts.udpBlock(10)); // pjsip.conf [opus-phone]
        long transcodedBefore = bed.framesTranscoded();
        Network network = Network.host();
        RtpRecording rtp;
        int phoneExit;
        int trunkExit;
        String peers;
        Channel phoneChannel = null;
        try (RtpCapture capture = RtpCapture.start(network, dir, trunk.media(), phone.media());
                SippProcess uas = SippProcess.startUas(network, dir.resolve("trunk"), trunk, 1,
                        Duration.ofSeconds(30));
                SippProcess uac = SippProcess.startUac(network, "uac-opus-pcap.xml", dir.resolve("phone"), phone,
                        "127.0.0.1:5080", "sip:300@127.0.0.1:5080", 1, Duration.ofSeconds(5),
                        Duration.ofSeconds(30))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (phoneChannel == null && System.nanoTime() < deadline) {
                for (Channel c : bed.probes.ari.channels()) {
                    if (c.isUp() && c.name().startsWith("PJSIP/opus-phone-")) {
                        phoneChannel = c;
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(phoneChannel != null, "the phone's call is up: " + bed.probes.ari.channels() + "\n"
                    + uac.diagnostics());
            assertEquals("sidecar", bed.probes.ari.variable(phoneChannel.id(), "ARI_BRIDGE_ROUTE"));
            assertEquals("opus", bed.probes.ari.variable(phoneChannel.id(), "ARI_BRIDGE_CALLER_CODEC"));
            assertEquals("ulaw", bed.probes.ari.variable(phoneChannel.id(), "ARI_BRIDGE_TARGET_CODEC"));
            phoneExit = uac.awaitExit(Duration.ofSeconds(20));
            trunkExit = uas.awaitExit(Duration.ofSeconds(10));
            Thread.sleep(200);
            rtp = capture.stop();
            peers = uac.diagnostics() + "\n" + uas.diagnostics();
        }
        String flows = rtp.toString();
        Supplier<String> why = () -> "RTP (source -> destination PT: packets):\n" + flows + peers;
        assertEquals(0, phoneExit, why);
        assertEquals(0, trunkExit, () -> "the trunk got the phone's BYE: " + why.get());
        short[] trunkHeard = HeardAudio.pcmu(rtp, trunk.media());
        short[] phoneHeard = HeardAudio.opus(rtp, phone.media(), Captures.PHONE_OPUS_PAYLOAD_TYPE);
        assertAll(
                () -> HeardAudio.assertTone(trunkHeard, PHONE_TONE_HZ, "the trunk hears the phone (PCMU)", why),
                () -> HeardAudio.assertOpusTone(phoneHeard, TRUNK_TONE_HZ, "the phone hears the trunk (Opus)", why),
                () -> assertTrue(bed.framesTranscoded() - transcodedBefore > 200, "frames transcoded by"
                        + " media-sidecar"));
        bed.assertNothingLeft(Duration.ofSeconds(3));
    }
}
