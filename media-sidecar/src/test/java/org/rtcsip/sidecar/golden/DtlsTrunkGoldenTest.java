package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.GoldenSdp.crlf;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.SIP_TO_BROWSER;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * A trunk keyed by DTLS-SRTP without ICE (kamailio.cfg's {@code trunkmedia} value {@code dtls}, RFC 5763/5764): what
 * the trunk is offered and answered carries fingerprint, setup and rtcp-mux, and nothing of ICE or of the browser's
 * WebRTC-only lines; the browser's side stays a full WebRTC leg. Asterisk's SDP is what Asterisk 22.10.1
 * ({@code media_encryption = dtls}, {@code ice_support = no}, {@code rtcp_mux = yes}) sent in
 * it/edge/TlsSrtpTrunkIntegrationTest.
 */
class DtlsTrunkGoldenTest {
    /** kamailio.cfg's flags from the browser toward a dtls trunk (an offer). */
    static final String BROWSER_TO_DTLS_TRUNK = SHIPPED
            + " rtcp-mux-offer rtcp-mux-require SDES-off ICE=remove UDP/TLS/RTP/SAVP";
    static final String ASTERISK_DTLS_ANSWER = crlf("""
            v=0
            o=- 6670705388325529309 4 IN IP4 127.0.0.1
            s=Asterisk
            c=IN IP4 198.51.100.2
            t=0 0
            m=audio 10000 UDP/TLS/RTP/SAVP 0 126
            a=connection:new
            a=setup:active
            a=fingerprint:SHA-256 A6:29:7C:6A:92:5B:B6:1E:F7:39:03:C8:6E:C6:F6:17:58:BE:75:2C:D8:BF:4A:8C:4B:D9:95:2C:47:BF:0C:AE
            a=rtpmap:0 PCMU/8000
            a=rtpmap:126 telephone-event/8000
            a=fmtp:126 0-16
            a=ptime:20
            a=sendrecv
            a=rtcp-mux
            """);
    /** The same trunk calling in: its offer (actpass, no ICE). */
    static final String ASTERISK_DTLS_OFFER = ASTERISK_DTLS_ANSWER.replace("a=setup:active", "a=setup:actpass");

    @Test
    void aBrowserCallingTheTrunkOffersItDtlsSrtpWithoutIceOrBrowserLines() {
        VirtualSidecar sc = new VirtualSidecar("203.0.113.1");
        String toTrunk = sc.sdpOf(KamailioRequest.offer(CALL_ID, "browser")
                .sdp(BundleGoldenTest.resource("chromium156-offer-audio.sdp")).flags(BROWSER_TO_DTLS_TRUNK));
        String toBrowser = sc.sdpOf(KamailioRequest.answer(CALL_ID, "browser", "trunk").sdp(ASTERISK_DTLS_ANSWER)
                .flags(SIP_TO_BROWSER));
        assertAll(
                () -> assertTrue(toTrunk.contains(" UDP/TLS/RTP/SAVP "), toTrunk),
                () -> assertTrue(toTrunk.contains("\r\na=fingerprint:sha-256 "), toTrunk),
                () -> assertTrue(toTrunk.contains("\r\na=setup:actpass\r\n"), toTrunk),
                () -> assertTrue(toTrunk.contains("\r\na=rtcp-mux\r\n"), toTrunk),
                () -> assertFalse(toTrunk.contains("a=ice-") || toTrunk.contains("a=candidate"), toTrunk),
                () -> assertFalse(toTrunk.contains("a=ssrc") || toTrunk.contains("a=msid") || toTrunk.contains("a=extmap")
                        || toTrunk.contains("a=mid") || toTrunk.contains("a=group"), toTrunk),
                () -> assertTrue(toBrowser.contains(" UDP/TLS/RTP/SAVPF 0"), toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=ice-ufrag:") && toBrowser.contains("\r\na=candidate:"),
                        toBrowser),
                () -> assertTrue(toBrowser.contains("\r\na=group:BUNDLE 0\r\n"), toBrowser));
    }

    @Test
    void theTrunkCallingInIsAnsweredWithDtlsSrtpWithoutIce() {
        VirtualSidecar sc = new VirtualSidecar("203.0.113.1");
        String toBrowser = sc.sdpOf(KamailioRequest.offer(CALL_ID, "trunk").sdp(ASTERISK_DTLS_OFFER)
                .flags(SIP_TO_BROWSER));
        String toTrunk = sc.sdpOf(KamailioRequest.answer(CALL_ID, "trunk", "browser")
                .sdp(BundleGoldenTest.resource("chromium156-answer-audio.sdp"))
                .flags(SHIPPED + " rtcp-mux-offer rtcp-mux-require SDES-off ICE=remove"));
        assertAll(
                () -> assertTrue(toBrowser.contains("\r\na=ice-ufrag:"), toBrowser),
                () -> assertTrue(toTrunk.contains(" UDP/TLS/RTP/SAVP 0"), toTrunk),
                () -> assertTrue(toTrunk.contains("\r\na=fingerprint:sha-256 "), toTrunk),
                () -> assertTrue(toTrunk.contains("\r\na=setup:active\r\n"), () -> "RFC 5763 §5: answering actpass "
                        + "we are active, as rtpengine is: " + toTrunk),
                () -> assertFalse(toTrunk.contains("a=ice-") || toTrunk.contains("a=candidate")
                        || toTrunk.contains("a=ssrc") || toTrunk.contains("a=msid"), toTrunk));
    }
}
