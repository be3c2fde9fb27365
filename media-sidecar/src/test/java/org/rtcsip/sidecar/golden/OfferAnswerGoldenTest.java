package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.GoldenSdp.assertMatches;
import static org.rtcsip.sidecar.golden.GoldenSdp.crlf;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.ALICE_BOTH_CONNECTIONS;
import static org.rtcsip.sidecar.golden.Parties.ALICE_KEY;
import static org.rtcsip.sidecar.golden.Parties.ALICE_SRTP;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.BOB_KEY;
import static org.rtcsip.sidecar.golden.Parties.BROWSER;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * Golden offer/answer tests in the style of rtpengine's t/auto-daemon-tests: Kamailio's flag string, the SDP the
 * endpoint sent, and the whole SDP the sidecar must send on, with placeholders only for ports and keys. Each test
 * drives the real ng command handler over bencode on virtual time; no sockets.
 */
class OfferAnswerGoldenTest {
    private final VirtualSidecar sc = new VirtualSidecar("203.0.113.1", "2001:db8:4321::1");

    private String offer(String flags, String sdp) {
        return sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(sdp).flags(flags));
    }

    private String answer(String flags, String sdp) {
        return sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(sdp).flags(flags));
    }

    // ---- addresses: replace-origin, replace-session-connection, address-family, direction ----

    @Test
    void shippedFlagsPutTheSidecarIntoOriginConnectionAndPortsBothWays() {
        GoldenSdp.Match toBob = assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT:bob} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:bob+1}
                """, offer(SHIPPED, ALICE));
        GoldenSdp.Match toAlice = assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT:alice} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:alice+1}
                """, answer(SHIPPED, BOB));
        assertNotEquals(toBob.port("bob"), toAlice.port("alice"), "each party has its own sidecar port");
        assertEquals(4, sc.sockets.portsInUse());
    }

    @Test
    void withoutReplaceFlagsOnlyTheMediaLevelConnectionIsRewritten() {
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 198.51.100.1
                s=-
                c=IN IP4 198.51.100.1
                t=0 0
                m=audio {PORT} RTP/AVP 0 8 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, offer("", ALICE_BOTH_CONNECTIONS));
    }

    @Test
    void replaceOriginRewritesTheOriginAddressAndNothingAtSessionLevelBesides() {
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 198.51.100.1
                t=0 0
                m=audio {PORT} RTP/AVP 0 8 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, offer("replace-origin", ALICE_BOTH_CONNECTIONS));
    }

    @Test
    void replaceSessionConnectionRewritesTheSessionLineAsWellAsTheMediaLine() {
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 198.51.100.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT} RTP/AVP 0 8 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, offer("replace-session-connection", ALICE_BOTH_CONNECTIONS));
    }

    /**
     * A media section without its own c= takes the session's: that line must then carry the sidecar, flag or no
     * flag, and no media-level line is invented (rtpengine 10.5's sdp_replace). The caller's own address never
     * reaches the callee.
     */
    @Test
    void aMediaSectionWithoutItsOwnConnectionGetsTheSessionLineRewrittenEvenWithoutTheFlag() {
        String expected = """
                v=0
                o=alice 2890844526 2890844526 IN IP4 198.51.100.1
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
                """;
        assertMatches(expected, offer("", ALICE));
        VirtualSidecar other = new VirtualSidecar("203.0.113.1");
        assertMatches(expected, other.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                .flags("replace-session-connection")));
    }

    @Test
    void addressFamilyIp6BridgesAnIpv4CallerToAnIpv6Callee() {
        GoldenSdp.Match toBob = assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP6 2001:db8:4321::1
                s=-
                c=IN IP6 2001:db8:4321::1
                t=0 0
                m=audio {PORT:bob} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:bob+1}
                """, offer(SHIPPED + " address-family=IP6", ALICE));
        String bob6 = BOB.replace("IN IP4 198.51.100.2", "IN IP6 2001:db8::2");
        GoldenSdp.Match toAlice = assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT:alice} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:alice+1}
                """, answer(SHIPPED, bob6));
        assertEquals(VirtualSidecar.at("2001:db8:4321::1", toBob.port("bob")),
                sc.sockets.localAddress(toBob.port("bob")), "bound on the IPv6 interface");
        assertEquals(VirtualSidecar.at("203.0.113.1", toAlice.port("alice")),
                sc.sockets.localAddress(toAlice.port("alice")));
    }

    @Test
    void directionPutsEachPartyOnItsNamedInterfaceAcrossAReInvite() {
        VirtualSidecar two = new VirtualSidecar("internal/127.0.0.1", "external/127.0.0.2");
        GoldenSdp.Match toBob = assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 127.0.0.2
                s=-
                c=IN IP4 127.0.0.2
                t=0 0
                m=audio {PORT:bob} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:bob+1}
                """, two.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                        .flags(SHIPPED + " internal external")));
        String toAliceExpected = """
                v=0
                o=bob 2808844564 {VERSION} IN IP4 127.0.0.1
                s=-
                t=0 0
                m=audio {PORT:alice} RTP/AVP 0 101
                c=IN IP4 127.0.0.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:alice+1}
                """;
        GoldenSdp.Match toAlice = assertMatches(toAliceExpected.replace("{VERSION}", "2808844564"),
                two.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        // bob's re-INVITE comes in from outside: from-tag and to-tag swap, so does the direction
        assertMatches(toAliceExpected.replace("{VERSION}", "2808844565"),
                two.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").flags(SHIPPED + " external internal")
                        .sdp(BOB.replace("2808844564 2808844564", "2808844564 2808844565"))), toAlice);
        assertEquals(VirtualSidecar.at("127.0.0.1", toAlice.port("alice")),
                two.sockets.localAddress(toAlice.port("alice")));
        assertEquals(VirtualSidecar.at("127.0.0.2", toBob.port("bob")), two.sockets.localAddress(toBob.port("bob")));
        assertEquals(4, two.sockets.portsInUse(), "the re-INVITE reused the ports");
    }

    /** rtpengine 10.5 warns "Interface ... not found, using default"; refusing the call would break it. */
    @Test
    void anUnknownDirectionNameFallsBackToTheDefaultInterface() {
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
                """, offer(SHIPPED + " direction=pub direction=priv", ALICE));
    }

    // ---- SDES and transport-protocol ----

    @Test
    void rtpSavpTowardsThePlainCalleeOffersBothSuitesAndAnswersThePlainCallerWithoutKeys() {
        GoldenSdp.Match toBob = assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT} RTP/SAVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                a=crypto:1 {CRYPTO_80}
                a=crypto:2 {CRYPTO_32}
                """, offer(SHIPPED + " RTP/SAVP", ALICE));
        assertNotEquals(toBob.crypto(0).substring(toBob.crypto(0).indexOf(':')),
                toBob.crypto(1).substring(toBob.crypto(1).indexOf(':')), "one key per suite");
        String bobSrtp = BOB.replace("RTP/AVP", "RTP/SAVP").replace("a=sendrecv\r\n",
                "a=sendrecv\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + BOB_KEY + "\r\n");
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, answer(SHIPPED, bobSrtp));
    }

    @Test
    void rtpAvpTowardsThePlainCalleeDropsTheKeysAndAnswersTheSrtpCallerWithOursUnderItsTag() {
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
                """, offer(SHIPPED + " RTP/AVP", ALICE_SRTP));
        GoldenSdp.Match toAlice = assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/SAVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                a=crypto:1 {CRYPTO_80}
                """, answer(SHIPPED, BOB));
        assertNotEquals("AES_CM_128_HMAC_SHA1_80 inline:" + ALICE_KEY, toAlice.crypto(0),
                "our own key, not alice's echoed back");
    }

    /**
     * ng-protocol.md §3.2: with SDES off an SRTP profile has DTLS-SRTP left (unless DTLS=off); the havfo/WEBRTC-to-SIP
     * cfg writes {@code RTP/SAVPF SDES-off} toward browsers. The offer says so with the UDP/TLS/ form JSEP names.
     */
    @Test
    void sdesOffWithAnSrtpProfileOffersDtlsSrtpInstead() {
        String sdp = offer(SHIPPED + " RTP/SAVP SDES-off", ALICE);
        assertTrue(sdp.contains("m=audio ") && sdp.contains(" UDP/TLS/RTP/SAVP 0 8 101\r\n"), sdp);
        assertTrue(sdp.contains("a=fingerprint:sha-256 ") && sdp.contains("a=setup:actpass"), sdp);
        assertFalse(sdp.contains("a=crypto"), sdp);
        VirtualSidecar other = new VirtualSidecar("203.0.113.1");
        String noDtls = other.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                .flags(SHIPPED + " RTP/SAVP SDES-off DTLS=off"));
        assertTrue(noDtls.contains(" RTP/SAVP 0 8 101\r\n") && !noDtls.contains("a=fingerprint"), noDtls);
    }

    /**
     * SDES-off cannot take back keys an SDES offer asked for: the sidecar already encrypts towards alice with its
     * key, so the answer must carry it (rtpengine ignores sdes_off in answers).
     */
    @Test
    void sdesOffInAnAnswerStillKeysTheSdesOfferer() {
        offer(SHIPPED + " RTP/AVP", ALICE_SRTP);
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/SAVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                a=crypto:1 {CRYPTO_80}
                """, answer(SHIPPED + " SDES-off", BOB));
    }

    @Test
    void sdesNoDropsThatSuiteFromTheOffer() {
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT} RTP/SAVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                a=crypto:1 {CRYPTO_32}
                """, offer(SHIPPED + " RTP/SAVP SDES-no-AES_CM_128_HMAC_SHA1_80", ALICE));
    }

    @Test
    void sdesOnlyKeepsJustTheNamedSuites() {
        String expected = """
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT} RTP/SAVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                a=crypto:1 {CRYPTO_SUITE}
                """;
        assertMatches(expected.replace("{CRYPTO_SUITE}", "{CRYPTO_32}"),
                offer(SHIPPED + " RTP/SAVP SDES-only-AES_CM_128_HMAC_SHA1_32", ALICE));
        VirtualSidecar other = new VirtualSidecar("203.0.113.1");
        assertMatches(expected.replace("{CRYPTO_SUITE}", "{CRYPTO_80}"), other.sdpOf(KamailioRequest.offer(CALL_ID,
                "alice").sdp(ALICE).flags(SHIPPED + " RTP/SAVP SDES-only-AES_CM_128_HMAC_SHA1_80")));
    }

    // ---- rtcp-mux ----

    /** The shipped browser -> SIP flags: mux terminated here, a=rtcp-mux accepted back towards the browser. */
    @Test
    void rtcpMuxDemuxOffersSeparateRtcpToTheTrunkAndAcceptsMuxFromTheBrowser() {
        assertMatches("""
                v=0
                o=- 8270188557990650975 2 IN IP4 203.0.113.1
                s=-
                t=0 0
                a=msid-semantic: WMS 7d7ae42a-28a4-4ef3-b141-c67267dfc930
                m=audio {PORT:trunk} RTP/AVP 111 0 8 126
                c=IN IP4 203.0.113.1
                a=mid:0
                a=sendrecv
                a=msid:7d7ae42a-28a4-4ef3-b141-c67267dfc930 d2eada64-bec0-463e-bfb0-2defb0f867d5
                a=rtcp-rsize
                a=rtpmap:111 opus/48000/2
                a=rtcp-fb:111 transport-cc
                a=fmtp:111 minptime=10;useinbandfec=1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:126 telephone-event/8000
                a=ssrc:4059951476 cname:+YoUaaNe2itguBy6
                a=rtcp:{PORT:trunk+1}
                """, offer(BROWSER_TO_SIP, BROWSER));
        assertMatches("""
                v=0
                o=trunk 4242 4242 IN IP4 203.0.113.1
                s=trunk
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT:browser} RTP/AVPF 0
                a=rtpmap:0 PCMU/8000
                a=ptime:20
                a=sendrecv
                a=mid:0
                a=rtcp:{PORT:browser}
                a=rtcp-mux
                """, answer(SHIPPED + " rtcp-mux-offer rtcp-mux-require generate-mid SDES-off", TRUNK));
    }

    @Test
    void rtcpMuxFollowsTheAnswererByDefault() {
        String aliceMux = ALICE.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n");
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
                a=rtcp-mux
                """, offer(SHIPPED, aliceMux));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, answer(SHIPPED, BOB));
    }

    @Test
    void rtcpMuxOfferAsksTheCalleeWithAFallbackPortAndNeverForcesItOnTheCaller() {
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
                a=rtcp-mux
                """, offer(SHIPPED + " rtcp-mux-offer", ALICE));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, answer(SHIPPED, BOB.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n")));
    }

    @Test
    void rtcpMuxRequireAdvertisesNoSeparateRtcpPortEvenInTheOffer() {
        assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT:bob} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:bob}
                a=rtcp-mux
                """, offer(SHIPPED + " rtcp-mux-offer rtcp-mux-require", ALICE));
    }

    @Test
    void rtcpMuxAcceptTakesTheCallersMuxWhateverTheCalleeAnswers() {
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
                a=rtcp-mux
                """, offer(SHIPPED + " rtcp-mux-accept",
                ALICE.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n")));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT:alice} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:alice}
                a=rtcp-mux
                """, answer(SHIPPED, BOB));
    }

    /**
     * rtpengine: "reject rtcp-mux if it has been offered"; towards the callee the caller's choice still passes
     * (that is what makes {@code rtcp-mux-offer rtcp-mux-reject} the opposite of demux).
     */
    @Test
    void rtcpMuxRejectRefusesTheCallersMuxButStillOffersItOnwards() {
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
                a=rtcp-mux
                """, offer(SHIPPED + " rtcp-mux-reject",
                ALICE.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n")));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, answer(SHIPPED, BOB.replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n")));
    }

    // ---- generate-mid, no-rtcp-attribute ----

    @Test
    void generateMidNumbersTheMediaSectionsOfAnOfferThatHasNone() {
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
                a=mid:0
                a=rtcp:{PORT+1}
                """, offer(SHIPPED + " generate-mid", ALICE));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, answer(SHIPPED + " generate-mid", BOB));
    }

    /** RFC 5888 §9.1: an answer's mid must be the one the offer gave that media section. */
    @Test
    void generateMidInAnAnswerEchoesTheOfferersMid() {
        offer(SHIPPED, ALICE.replace("a=sendrecv\r\n", "a=sendrecv\r\na=mid:audio\r\n"));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=mid:audio
                a=rtcp:{PORT+1}
                """, answer(SHIPPED + " generate-mid", BOB));
    }

    @Test
    void noRtcpAttributeLeavesOutARtcp() {
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
                """, offer(SHIPPED + " no-rtcp-attribute", ALICE));
    }

    // ---- several and disabled media sections ----

    @Test
    void audioAndVideoEachGetTheirOwnPortPair() {
        String av = ALICE + "m=video 6002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 profile-level-id=42e01f"
                + "\r\na=sendrecv\r\n";
        GoldenSdp.Match toBob = assertMatches("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT:audio} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:audio+1}
                m=video {PORT:video} RTP/AVP 96
                a=rtpmap:96 H264/90000
                a=fmtp:96 profile-level-id=42e01f
                a=sendrecv
                a=rtcp:{PORT:video+1}
                """, offer(SHIPPED, av));
        assertNotEquals(toBob.port("audio"), toBob.port("video"));
        String bobAv = BOB + "m=video 7002 RTP/AVP 96\r\nc=IN IP4 198.51.100.2\r\na=rtpmap:96 H264/90000\r\n"
                + "a=sendrecv\r\n";
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT:audio} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:audio+1}
                m=video {PORT:video} RTP/AVP 96
                c=IN IP4 203.0.113.1
                a=rtpmap:96 H264/90000
                a=sendrecv
                a=rtcp:{PORT:video+1}
                """, answer(SHIPPED, bobAv));
        assertEquals(8, sc.sockets.portsInUse());
    }

    @Test
    void aDisabledMediaSectionStaysOnPortZeroAndBindsNothing() {
        String withVideoOff = ALICE + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
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
                m=video 0 RTP/AVP 96
                a=rtpmap:96 H264/90000
                """, offer(SHIPPED, withVideoOff));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844564 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                m=video 0 RTP/AVP 96
                """, answer(SHIPPED, BOB + "m=video 0 RTP/AVP 96\r\n"));
        assertEquals(4, sc.sockets.portsInUse(), "no ports for the disabled section");
    }

    @Test
    void anAnswerMayNotEnableWhatTheOfferDisabled() {
        offer(SHIPPED, ALICE + "m=video 0 RTP/AVP 96\r\n");
        Map<String, Object> r = sc.request(KamailioRequest.answer(CALL_ID, "alice", "bob").flags(SHIPPED)
                .sdp(BOB + "m=video 7002 RTP/AVP 96\r\n"));
        assertEquals("error", r.get("result"));
        assertEquals("Answer enables media 2 that the offer disabled", r.get("error-reason"));
    }

    // ---- re-INVITE from the callee, hold and unhold ----

    @Test
    void reInviteFromTheCalleeUpdatesTheCallInPlace() {
        GoldenSdp.Match first = assertMatches("m=audio {PORT:bob} RTP/AVP 0 8 101\n",
                lineOf(offer(SHIPPED, ALICE), "m="));
        GoldenSdp.Match second = assertMatches("m=audio {PORT:alice} RTP/AVP 0 101\n",
                lineOf(answer(SHIPPED, BOB), "m="), first);
        String reInvite = BOB.replace("2808844564 2808844564", "2808844564 2808844565").replace("7000", "7010");
        GoldenSdp.Match toAlice = assertMatches("""
                v=0
                o=bob 2808844564 2808844565 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT:alice} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:alice+1}
                """, sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").sdp(reInvite).flags(SHIPPED)),
                second);
        assertMatches("""
                v=0
                o=alice 2890844526 2890844527 IN IP4 203.0.113.1
                s=-
                c=IN IP4 203.0.113.1
                t=0 0
                m=audio {PORT:bob} RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT:bob+1}
                """, sc.sdpOf(KamailioRequest.answer(CALL_ID, "bob", "alice").flags(SHIPPED)
                .sdp(ALICE.replace("2890844526 2890844526", "2890844526 2890844527"))), toAlice);
        assertEquals(4, sc.sockets.portsInUse());
    }

    @Test
    void holdWithSendonlyAndUnholdPassThroughTheDirectionAttributes() {
        offer(SHIPPED, ALICE);
        answer(SHIPPED, BOB);
        String expected = """
                v=0
                o=bob 2808844564 {V} IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a={DIR}
                a=rtcp:{PORT+1}
                """;
        String hold = BOB.replace("2808844564 2808844564", "2808844564 2808844565").replace("sendrecv", "sendonly");
        assertMatches(expected.replace("{V}", "2808844565").replace("{DIR}", "sendonly"),
                sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").sdp(hold).flags(SHIPPED)));
        String unhold = BOB.replace("2808844564 2808844564", "2808844564 2808844566");
        assertMatches(expected.replace("{V}", "2808844566").replace("{DIR}", "sendrecv"),
                sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").sdp(unhold).flags(SHIPPED)));
    }

    /**
     * RFC 3264 §8.4 (RFC 2543 hold): c=0.0.0.0 must reach the other party as it is, or a phone that signals hold
     * only this way is never seen on hold (no music on hold) while its media silently stops.
     */
    @Test
    void holdWithTheUnspecifiedAddressKeepsItInBothConnectionLines() {
        offer(SHIPPED, ALICE);
        answer(SHIPPED, BOB);
        String hold = crlf("""
                v=0
                o=bob 2808844564 2808844565 IN IP4 198.51.100.2
                s=-
                c=IN IP4 0.0.0.0
                t=0 0
                m=audio 7000 RTP/AVP 0 101
                c=IN IP4 0.0.0.0
                a=rtpmap:0 PCMU/8000
                a=sendrecv
                """);
        assertMatches("""
                v=0
                o=bob 2808844564 2808844565 IN IP4 203.0.113.1
                s=-
                c=IN IP4 0.0.0.0
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 0.0.0.0
                a=rtpmap:0 PCMU/8000
                a=sendrecv
                a=rtcp:{PORT+1}
                """, sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").sdp(hold).flags(SHIPPED)));
        assertMatches("""
                v=0
                o=bob 2808844564 2808844566 IN IP4 203.0.113.1
                s=-
                t=0 0
                m=audio {PORT} RTP/AVP 0 101
                c=IN IP4 203.0.113.1
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=ptime:20
                a=sendrecv
                a=rtcp:{PORT+1}
                """, sc.sdpOf(KamailioRequest.offer(CALL_ID, "bob").toTag("alice").flags(SHIPPED)
                .sdp(BOB.replace("2808844564 2808844564", "2808844564 2808844566"))));
    }

    private static String lineOf(String sdp, String prefix) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return line + "\r\n";
            }
        }
        throw new AssertionError("no " + prefix + " line in " + sdp);
    }
}
