package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.sdp.AudioEndpoint;
import org.rtcsip.testbed.sipp.SippCall;

/**
 * What must hold for any ng media server behind the shipped kamailio.cfg: sipp UAC -> Kamailio -> sipp UAS calls
 * with PCMU streamed both ways, every SDP pointing at the media server, every packet relayed by it. Run against
 * rtpengine (proving the test bed) and against media-sidecar (proving the sidecar).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KamailioSippCallsContract {
    static final int CALLS = 3;
    static final Duration TALK_TIME = Duration.ofSeconds(2);
    /** 20 ms packets: what one side sends during the talk time. */
    static final long PACKETS_PER_CALL = TALK_TIME.toMillis() / 20;

    NgMediaServer media;
    KamailioProcess kamailio;
    SippCall.Result calls;

    /** Starts the media server; Kamailio starts after it (it pings the ng server once at startup). */
    abstract NgMediaServer startMediaServer() throws Exception;

    @BeforeAll
    void callThroughKamailio() throws Exception {
        media = startMediaServer();
        kamailio = KamailioProcess.start(Network.host(), media.ngUrl());
        calls = SippCall.run(Network.host(), kamailio.sipAddress(), CALLS, TALK_TIME);
    }

    @AfterAll
    void stopPeers() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (media != null) {
            media.close();
        }
    }

    @Test
    void everyCallSucceedsOnBothSides() {
        assertEquals(0, calls.uacExitCode(), "UAC: all calls must succeed\n" + diagnostics());
        assertEquals(0, calls.uasExitCode(), "UAS: all calls must succeed\n" + diagnostics());
    }

    @Test
    void uasReceivesOffersPointingAtTheMediaServerNotAtTheUac() {
        List<String> offers = calls.uasReceivedSdps();
        assertEquals(CALLS, offers.size(), "one offer per call\n" + diagnostics());
        for (String offer : offers) {
            AudioEndpoint audio = AudioEndpoint.of(offer);
            assertEquals("127.0.0.1", audio.address(), offer);
            assertEquals("RTP/AVP", audio.profile(), offer);
            assertTrue(media.ownsMediaPort(audio.port()), "offer must carry a media server port ("
                    + media.portRange() + "), got " + audio.port() + "\n" + offer);
            assertNotEquals(calls.uac().mediaPort(), audio.port(), offer);
            assertTrue(offer.contains("a=rtpmap:0 PCMU/8000"), offer);
        }
    }

    @Test
    void uacReceivesAnswersPointingAtTheMediaServerNotAtTheUas() {
        List<String> answers = calls.uacReceivedSdps();
        assertEquals(CALLS, answers.size(), "one answer per call\n" + diagnostics());
        for (String answer : answers) {
            AudioEndpoint audio = AudioEndpoint.of(answer);
            assertEquals("127.0.0.1", audio.address(), answer);
            assertTrue(media.ownsMediaPort(audio.port()), "answer must carry a media server port ("
                    + media.portRange() + "), got " + audio.port() + "\n" + answer);
            assertNotEquals(calls.uas().mediaPort(), audio.port(), answer);
        }
    }

    @Test
    void eachSideReceivesAboutWhatTheOtherSentAndOnlyThroughTheMediaServer() {
        assertRelayed("UAC -> UAS", calls.rtpSentByUac(), calls.uas().mediaPort(), calls.uac().mediaPort());
        assertRelayed("UAS -> UAC", calls.rtpSentByUas(), calls.uac().mediaPort(), calls.uas().mediaPort());
    }

    private void assertRelayed(String direction, long sent, int receiverPort, int senderPort) {
        RtpRecording rtp = calls.rtp();
        long received = rtp.packetsTo(receiverPort);
        assertTrue(sent >= CALLS * PACKETS_PER_CALL * 8 / 10,
                direction + ": sipp sent only " + sent + " packets\n" + diagnostics());
        assertTrue(received >= sent * 9 / 10 && received <= sent,
                direction + ": received " + received + " of " + sent + " sent\n" + diagnostics());
        assertEquals(0, rtp.packets(senderPort, receiverPort),
                direction + ": RTP went around the media server\n" + diagnostics());
        Map<Integer, Long> senders = rtp.senderCountsTo(receiverPort);
        assertEquals(CALLS, senders.size(), direction + ": one media server port per call\n" + diagnostics());
        senders.forEach((port, packets) -> {
            assertTrue(media.ownsMediaPort(port), direction + ": RTP from a foreign port " + port);
            assertTrue(packets >= PACKETS_PER_CALL * 8 / 10,
                    direction + ": call relayed by port " + port + " carried only " + packets + " packets\n"
                            + diagnostics());
        });
    }

    String diagnostics() {
        return calls.diagnostics() + "\n--- kamailio log tail\n" + tail(kamailio.logText())
                + "\n--- media server log tail\n" + tail(media.logText());
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
