package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.testbed.ng.ScriptedNgServer;

/**
 * A browser call's ng requests as Kamailio 5.6.3 builds them from the WebRTC kamailio.cfg's flags
 * (ng-protocol.md §2.2, §3.1), and whole calls against media-sidecar in this JVM: offer, answer, ICE, DTLS to
 * the SRTP keys, delete, in either DTLS role.
 */
class BrowserCallTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(Instant.now());
    private static DtlsHandshakeThreads threads;

    @BeforeAll
    static void threads() {
        threads = new DtlsHandshakeThreads(4);
    }

    @AfterAll
    static void stopThreads() {
        threads.close();
    }

    @Test
    void offersTheBrowsersSdpTowardsSipAsKamailioWouldByteForByte() {
        byte[] wire = Bencode.encode(KamailioRequest.build("offer", BrowserCall.OFFER_FLAGS, "v=0\r\n", "c1",
                "browser", null, "127.0.0.1"));
        assertEquals("d8:supportsl10:load limite3:sdp5:v=0\r\n4:DTLS3:off3:ICE6:remove5:flagsl13:trust-addresse"
                + "7:replacel6:origin18:session-connectione18:transport-protocol7:RTP/AVP8:rtcp-muxl5:demuxe"
                + "4:SDESl3:offe7:call-id2:c113:received-froml3:IP49:127.0.0.1e8:from-tag7:browser"
                + "7:command5:offere", new String(wire, StandardCharsets.UTF_8));
    }

    @Test
    void answersTowardsTheBrowserWithIceDtlsAndRtcpMuxAsKamailioWouldByteForByte() {
        byte[] wire = Bencode.encode(KamailioRequest.build("answer", BrowserCall.ANSWER_FLAGS, "v=0\r\n", "c1",
                "browser", "callee", "127.0.0.1"));
        assertEquals("d8:supportsl10:load limite3:sdp5:v=0\r\n3:ICE5:force5:flagsl13:trust-address12:generate-mide"
                + "7:replacel6:origin18:session-connectione18:transport-protocol17:UDP/TLS/RTP/SAVPF"
                + "8:rtcp-muxl5:offer7:requiree4:SDESl3:offe7:call-id2:c113:received-froml3:IP49:127.0.0.1e"
                + "8:from-tag7:browser6:to-tag6:callee7:command6:answere", new String(wire, StandardCharsets.UTF_8));
    }

    @Test
    void reachesTheSrtpKeysThroughTheSidecarAsTheDtlsServerWhenItAnswersActive() throws Exception {
        try (InProcessSidecar server = new InProcessSidecar();
                NgClient ng = new NgClient(server.ng, Duration.ofMillis(1000), 3)) {
            BrowserCall call = new BrowserCall(CERTIFICATE, DtlsOptions.defaults(), threads, new SecureRandom(),
                    4_000_000_000L);
            for (int i = 0; i < 3; i++) {
                BrowserCall.Outcome o = call.run(ng, "active-" + i);

                assertTrue(o.completed(), o.failureLabel() + ": " + o.failureDetail());
                assertEquals("active", o.serverSetup());
                assertEquals("AES_CM_128_HMAC_SHA1_80", o.suite());
                assertTrue(o.iceAnswered(), "the ice-lite sidecar answered our check");
                assertEquals(0, o.serverChecks(), "an ice-lite server sends no checks");
                assertTrue(o.handshakeNanos() >= o.dtlsNanos() && o.dtlsNanos() > 0, o.toString());
            }
            assertEquals(0, server.sidecar.calls().size(), "every call deleted");
        }
    }

    @Test
    void isTheDtlsClientOnceItsCheckIsAnsweredWhenTheServerAnswersPassive() throws Exception {
        try (InProcessSidecar server = new InProcessSidecar();
                NgClient ng = new NgClient(server.ng, Duration.ofMillis(1000), 3)) {
            BrowserCall call = new BrowserCall(CERTIFICATE, DtlsOptions.defaults(), threads, new SecureRandom(),
                    4_000_000_000L, BrowserCall.ANSWER_FLAGS + " DTLS=passive");

            BrowserCall.Outcome o = call.run(ng, "passive");

            assertTrue(o.completed(), o.failureLabel() + ": " + o.failureDetail());
            assertEquals("passive", o.serverSetup());
            assertTrue(o.iceAnswered());
        }
    }

    @Test
    void aServerWhoseMediaPortIsSilentIsATimeoutThatSaysWhereItStopped() throws Exception {
        String deadEnd = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
                + "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:active\r\n";
        try (ScriptedNgServer server = AnsweringNgServer.start(deadEnd);
                NgClient ng = new NgClient(server.address(), Duration.ofMillis(1000), 3)) {
            BrowserCall call = new BrowserCall(CERTIFICATE, DtlsOptions.defaults(), threads, new SecureRandom(),
                    300_000_000L);

            BrowserCall.Outcome o = call.run(ng, "silent");

            assertFalse(o.completed());
            assertEquals("timeout", o.failureLabel());
            assertTrue(o.failureDetail().contains("waiting for: ICE check, no answer to our STUN check, DTLS"
                    + " AWAITING_CLIENT_HELLO, 0 server checks answered"), o.failureDetail());
            assertEquals(1, server.received().stream().filter(d -> d.endsWith("7:command6:deletee")).count(),
                    "a failed call is deleted too");
        }
    }
}
