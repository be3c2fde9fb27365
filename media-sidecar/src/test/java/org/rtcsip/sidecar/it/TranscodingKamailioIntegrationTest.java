package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.it.TranscodingSignals.Heard;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusMode;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusSender;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.PcapWriter;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.sdp.AudioEndpoint;
import org.rtcsip.testbed.sipp.SippProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;

/**
 * A call through Kamailio running the shipped kamailio.cfg, with no codec flags: a sipp UAC offers only Opus (as
 * a browser does once Kamailio has taken ICE and DTLS away) and plays Opus RTP from a capture the test wrote with
 * Concentus; the sipp UAS is offered that Opus, answers PCMU anyway and streams its 440 Hz PCMU tone. That is the
 * "answerer accepts none of the offered codecs but one the sidecar can produce" case: the sidecar must transcode
 * both ways. tcpdump records what each sipp received; the test decodes it and checks the frequencies.
 *
 * <p>Thresholds as in {@code TranscodingEndToEndTest}, a little lower for the 440 Hz tone sipp streams, which is
 * PCMU already (-10 dBFS, encoded once more as Opus): measured 1 kHz at the UAS 31 dB SNR, 440 Hz at the UAC
 * 20 dB; asked: 25 dB and 16 dB, frequencies within 1 Hz.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TranscodingKamailioIntegrationTest {
    static final Duration TALK_TIME = Duration.ofSeconds(3);
    static final int UAC_TONE_HZ = 1000;
    static final int UAS_TONE_HZ = 440;
    static final String UAC_SCENARIO = "uac-opus-pcap.xml";
    static final String PCAP = "opus-tone.pcap";
    static final int SKIP_MILLIS = 200;
    static final double MAX_FREQUENCY_ERROR_HZ = 1.0;
    static final double MIN_SNR_AT_UAS_DB = 25;
    static final double MIN_SNR_AT_UAC_DB = 16;

    private InProcessSidecar sidecar;
    private KamailioProcess kamailio;
    private Path dir;
    private SippProcess uas;
    private SippProcess uac;
    private int uacExit;
    private int uasExit;
    private SippProcess.Ports uacPorts;
    private RtpRecording rtp;
    private double transcodedFrames;

    @BeforeAll
    void callThroughKamailio() throws Exception {
        Programs.sipp();
        Programs.tcpdump();
        sidecar = new InProcessSidecar();
        kamailio = KamailioProcess.start(Network.host(), sidecar.ngUrl());
        dir = Files.createTempDirectory("sipp-opus-");
        SippProcess.Ports uasPorts = SippProcess.Ports.pick();
        uacPorts = SippProcess.Ports.pick();
        Path uacDir = Files.createDirectories(dir.resolve("uac"));
        writeOpusCapture(uacDir.resolve(PCAP));
        Duration timeout = TALK_TIME.plusSeconds(15);
        try (RtpCapture capture = RtpCapture.start(Network.host(), dir, uasPorts.media(), uacPorts.media())) {
            uas = SippProcess.startUas(Network.host(), dir.resolve("uas"), uasPorts, 1, timeout);
            // the shipped Opus UAC plays the capture the test wrote into its directory
            uac = SippProcess.startUac(Network.host(), UAC_SCENARIO, uacDir, uacPorts, kamailio.sipAddress(),
                    "sip:service@127.0.0.1:" + uasPorts.sip(), 1, TALK_TIME, timeout);
            uacExit = uac.awaitExit(timeout.plusSeconds(5));
            uasExit = uas.awaitExit(Duration.ofSeconds(uacExit == 0 ? 10 : 2));
            Thread.sleep(200); // RTP still in flight
            rtp = capture.stop();
        } finally {
            if (uac != null) {
                uac.close();
            }
            if (uas != null) {
                uas.close();
            }
        }
        transcodedFrames = sidecar.sidecar.metric("sidecar_transcoded_frames_total");
    }

    /** 50 packets a second of the UAC's tone for the talk time and a little more, Opus from Concentus. */
    private static void writeOpusCapture(Path file) throws Exception {
        // SILK: hybrid-mode Opus has its own test (TranscodingEndToEndTest); this one is about the signalling path
        OpusSender tone = new OpusSender(UAC_TONE_HZ, OpusMode.SILK_WIDEBAND, false, 0x51BB0, 1, 0);
        List<byte[]> packets = new ArrayList<>();
        for (long i = 0; i < TALK_TIME.toMillis() / 20; i++) {
            packets.add(tone.next());
        }
        PcapWriter.writeRtp(file, packets, 20);
    }

    @AfterAll
    void stopPeers() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
    }

    private String diagnostics() {
        return "sipp work dir " + dir + "\nUAC exit " + uacExit + ", UAS exit " + uasExit
                + "\nRTP flows (source port -> destination port PT: packets):\n" + rtp
                + uac.diagnostics() + "\n" + uas.diagnostics()
                + "\n--- kamailio log tail\n" + tail(kamailio.logText()) + "\n--- sidecar log tail\n"
                + tail(sidecar.logText());
    }

    private static String tail(String log) {
        return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
    }

    private static List<String> formats(String sdp) {
        Matcher m = Pattern.compile("m=audio \\d+ \\S+ ([^\r\n]*)").matcher(sdp);
        assertTrue(m.find(), sdp);
        return List.of(m.group(1).trim().split(" "));
    }

    @Test
    void theCallSucceedsOnBothSides() {
        assertEquals(0, uacExit, "UAC\n" + diagnostics());
        assertEquals(0, uasExit, "UAS\n" + diagnostics());
    }

    @Test
    void uasIsOfferedTheUacsOpusUnchangedButThroughTheSidecar() {
        List<String> offers = uas.receivedSdps();
        assertEquals(1, offers.size(), diagnostics());
        String offer = offers.get(0);
        AudioEndpoint audio = AudioEndpoint.of(offer);
        assertTrue(sidecar.ownsMediaPort(audio.port()), "offer must carry a sidecar port: " + offer);
        assertEquals(List.of("111", "110"), formats(offer), "no codec flags: the offer keeps its codecs\n" + offer);
        assertTrue(offer.contains("a=rtpmap:111 opus/48000/2"), offer);
        assertFalse(offer.contains("PCMU"), offer);
    }

    @Test
    void uacGetsAnOpusAnswerAlthoughTheUasAnsweredPcmu() throws Exception {
        List<String> answers = uac.receivedSdps();
        assertEquals(1, answers.size(), diagnostics());
        String answer = answers.get(0);
        AudioEndpoint audio = AudioEndpoint.of(answer);
        assertTrue(sidecar.ownsMediaPort(audio.port()), "answer must carry a sidecar port: " + answer);
        assertNotEquals(uas.mediaPort(), audio.port(), answer);
        // the UAS has no telephone-event: none is answered, so the UAC will not send events that cannot cross
        assertEquals(List.of("111"), formats(answer), "what the UAC offered and the sidecar can deliver\n" + answer);
        assertTrue(answer.contains("a=rtpmap:111 opus/48000/2"), answer);
        assertFalse(answer.contains("PCMU"), answer);
        assertTrue(transcodedFrames > 0, "the sidecar transcoded: " + transcodedFrames + "\n" + diagnostics());
    }

    @Test
    void uasHearsTheUacsToneAsPcmu() {
        List<byte[]> packets = rtp.rtpPacketsTo(uas.mediaPort());
        assertTrue(packets.size() >= TALK_TIME.toMillis() / 20 * 8 / 10, packets.size() + " packets\n"
                + diagnostics());
        for (byte[] p : packets) {
            assertEquals(TranscodingSignals.PCMU_PT, RtpHeader.payloadType(p, 0, p.length), diagnostics());
        }
        for (int sender : rtp.senderCountsTo(uas.mediaPort()).keySet()) {
            assertTrue(sidecar.ownsMediaPort(sender), "RTP from a foreign port " + sender + "\n" + diagnostics());
        }
        Heard heard = TranscodingSignals.listen(TranscodingSignals.decodePcmu(packets), 8000, SKIP_MILLIS,
                UAC_TONE_HZ);
        System.out.println("sipp UAC Opus " + UAC_TONE_HZ + " Hz -> Kamailio/sidecar -> UAS PCMU: " + heard);
        assertEquals(UAC_TONE_HZ, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard + "\n" + diagnostics());
        assertTrue(heard.snrDb() > MIN_SNR_AT_UAS_DB, heard + "\n" + diagnostics());
    }

    @Test
    void uacHearsTheUassToneAsOpus() {
        List<byte[]> packets = rtp.rtpPacketsTo(uacPorts.media());
        assertTrue(packets.size() >= TALK_TIME.toMillis() / 20 * 8 / 10, packets.size() + " packets\n"
                + diagnostics());
        for (byte[] p : packets) {
            assertEquals(TranscodingSignals.OPUS_PT, RtpHeader.payloadType(p, 0, p.length), diagnostics());
        }
        for (int sender : rtp.senderCountsTo(uacPorts.media()).keySet()) {
            assertTrue(sidecar.ownsMediaPort(sender), "RTP from a foreign port " + sender + "\n" + diagnostics());
        }
        Heard heard = TranscodingSignals.listen(TranscodingSignals.decodeOpus(packets, 48000), 48000, SKIP_MILLIS,
                UAS_TONE_HZ);
        System.out.println("sipp UAS PCMU " + UAS_TONE_HZ + " Hz -> Kamailio/sidecar -> UAC Opus: " + heard);
        assertEquals(UAS_TONE_HZ, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard + "\n" + diagnostics());
        assertTrue(heard.snrDb() > MIN_SNR_AT_UAC_DB, heard + "\n" + diagnostics());
    }
}
