package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.GoldenSdp.assertMatches;
import static org.rtcsip.sidecar.golden.GoldenSdp.crlf;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * Sections the sidecar does not carry - a browser's data channel, T.38 fax - are declined one by one (port 0,
 * RFC 3264 §6), and the audio beside them goes on; only audio or video over a transport nothing can carry refuses
 * the offer.
 */
class DeclinedMediaGoldenTest {
    private final VirtualSidecar sc = new VirtualSidecar("203.0.113.1");

    private static final String DATA_CHANNEL = crlf("""
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 198.51.100.1
            a=ice-ufrag:z8WJ
            a=ice-pwd:bzjSZ2LorsV7WtqIWEcuC8S4
            a=fingerprint:sha-256 29:E6:C2:C2:7A:E5:8A:20:37:D4:32:B9:E4:C4:C4:58:3D:02:06:2A:48:0C:A4:D7:4B:C6:01:50:21:FB:E5:1F
            a=setup:actpass
            a=mid:1
            a=sctp-port:5000
            """);
    private static final String FAX = crlf("""
            m=image 6002 udptl t38
            a=T38FaxVersion:0
            a=T38FaxRateManagement:transferredTCF
            """);

    @Test
    void anAddedDataChannelAndFaxAreDeclinedAndTheAudioGoesOn() {
        Map<String, Object> offer = sc.request(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE + DATA_CHANNEL + FAX)
                .flags(SHIPPED));
        assertEquals("ok", offer.get("result"), offer.toString());
        String toBob = (String) offer.get("sdp");
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                m=application 0 UDP/DTLS/SCTP webrtc-datachannel
                c=IN IP4 0.0.0.0
                a=mid:1
                a=sctp-port:5000
                m=image 0 udptl t38
                a=T38FaxVersion:0
                a=T38FaxRateManagement:transferredTCF
                """, toBob);
        String bobDeclines = BOB + crlf("""
                m=application 0 UDP/DTLS/SCTP webrtc-datachannel
                m=image 0 udptl t38
                """);
        Map<String, Object> answer = sc.request(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(bobDeclines)
                .flags(SHIPPED));
        assertEquals("ok", answer.get("result"), answer.toString());
        assertTrue(((String) answer.get("sdp")).contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"));
        assertEquals(4, sc.sockets.portsInUse(), "ports for the audio only");
    }

    @Test
    void audioOverATransportNothingCarriesRefusesTheOffer() {
        Map<String, Object> offer = sc.request(KamailioRequest.offer(CALL_ID, "alice")
                .sdp(ALICE.replace("RTP/AVP 0 8 101", "TCP/MSRP *")).flags(SHIPPED));
        assertEquals("error", offer.get("result"));
        assertEquals("Unsupported transport protocol 'TCP/MSRP' in media 1", offer.get("error-reason"));
        assertEquals(0, sc.sockets.portsInUse());
    }
}
