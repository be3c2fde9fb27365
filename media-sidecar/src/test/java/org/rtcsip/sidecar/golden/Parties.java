package org.rtcsip.sidecar.golden;

import static org.rtcsip.sidecar.golden.GoldenSdp.crlf;

/**
 * The SDP bodies the golden tests feed in, as the endpoints of a Kamailio deployment write them. Addresses are
 * documentation ranges (RFC 5737/3849): parties on 198.51.100.x and 2001:db8::x, the sidecar on 203.0.113.1 and
 * 2001:db8:4321::1, as in rtpengine's own t/auto-daemon-tests.
 */
final class Parties {
    private Parties() {
    }

    static final String CALL_ID = "a84b4c76e66710@pc33.example.com";

    /** The base flag string of conf-samples/kamailio/kamailio.cfg (route MEDIA) for public addresses. */
    static final String SHIPPED = "replace-origin replace-session-connection trust-address";
    /** Added there for a message from a browser going to SIP. */
    static final String BROWSER_TO_SIP = SHIPPED + " rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";

    /** A desk phone's offer (sipp-like): session-level c= only. */
    static final String ALICE = crlf("""
            v=0
            o=alice 2890844526 2890844526 IN IP4 198.51.100.1
            s=-
            c=IN IP4 198.51.100.1
            t=0 0
            m=audio 6000 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=sendrecv
            """);

    /** The same offer as an Asterisk-style body with c= at session and media level. */
    static final String ALICE_BOTH_CONNECTIONS = ALICE.replace("m=audio 6000 RTP/AVP 0 8 101\r\n",
            "m=audio 6000 RTP/AVP 0 8 101\r\nc=IN IP4 198.51.100.1\r\n");

    /** A callee's answer with media-level c= only. */
    static final String BOB = crlf("""
            v=0
            o=bob 2808844564 2808844564 IN IP4 198.51.100.2
            s=-
            t=0 0
            m=audio 7000 RTP/AVP 0 101
            c=IN IP4 198.51.100.2
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=sendrecv
            """);

    /** RFC 4568 §6.1's example key, as an SDES offerer sends it. */
    static final String ALICE_KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
    static final String BOB_KEY = "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";

    /** Alice offering SDES-SRTP (RTP/SAVP, one 80-bit suite). */
    static final String ALICE_SRTP = ALICE.replace("RTP/AVP", "RTP/SAVP")
            .replace("a=sendrecv\r\n", "a=sendrecv\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + ALICE_KEY + "\r\n");

    /**
     * A browser-like offer without ICE and DTLS (those come with a later issue): Chromium's attribute set with
     * a=rtcp-mux, a=mid and the {@code a=rtcp:9 IN IP4 0.0.0.0} placeholder, session without c=.
     */
    static final String BROWSER = crlf("""
            v=0
            o=- 8270188557990650975 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=msid-semantic: WMS 7d7ae42a-28a4-4ef3-b141-c67267dfc930
            m=audio 50000 RTP/AVPF 111 0 8 126
            c=IN IP4 198.51.100.10
            a=rtcp:9 IN IP4 0.0.0.0
            a=mid:0
            a=sendrecv
            a=msid:7d7ae42a-28a4-4ef3-b141-c67267dfc930 d2eada64-bec0-463e-bfb0-2defb0f867d5
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:126 telephone-event/8000
            a=ssrc:4059951476 cname:+YoUaaNe2itguBy6
            """);

    /** A SIP trunk's answer (the capture's sipp UAS): session-level c=, separate RTCP. */
    static final String TRUNK = crlf("""
            v=0
            o=trunk 4242 4242 IN IP4 198.51.100.2
            s=trunk
            c=IN IP4 198.51.100.2
            t=0 0
            m=audio 7000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=ptime:20
            a=sendrecv
            """);

    /** Chromium 156's offer as the capture in shared/fixtures has it: DTLS-SRTP, ICE, BUNDLE, Opus first. */
    static final String CHROMIUM = crlf("""
            v=0
            o=- 8270188557990650975 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS 7d7ae42a-28a4-4ef3-b141-c67267dfc930
            m=audio 42451 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
            c=IN IP4 198.51.100.10
            a=rtcp:9 IN IP4 0.0.0.0
            a=candidate:1758317558 1 udp 2122260223 198.51.100.10 42451 typ host generation 0 network-id 1
            a=ice-ufrag:z8WJ
            a=ice-pwd:bzjSZ2LorsV7WtqIWEcuC8S4
            a=ice-options:trickle
            a=fingerprint:sha-256 29:E6:C2:C2:7A:E5:8A:20:37:D4:32:B9:E4:C4:C4:58:3D:02:06:2A:48:0C:A4:D7:4B:C6:01:50:21:FB:E5:1F
            a=setup:actpass
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=sendrecv
            a=msid:7d7ae42a-28a4-4ef3-b141-c67267dfc930 d2eada64-bec0-463e-bfb0-2defb0f867d5
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:63 red/48000/2
            a=fmtp:63 111/111
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:13 CN/8000
            a=rtpmap:110 telephone-event/48000
            a=rtpmap:126 telephone-event/8000
            a=ssrc:4059951476 cname:+YoUaaNe2itguBy6
            """);

    /** The capture's flags on a browser's INVITE toward SIP: DTLS terminated, Opus transcoded to PCMU. */
    static final String BROWSER_TO_SIP_TRANSCODED = BROWSER_TO_SIP + " always-transcode codec-mask-all "
            + "codec-transcode-PCMU";
    /** The shipped flags on the answer that goes back to a browser. */
    static final String SIP_TO_BROWSER = SHIPPED + " rtcp-mux-offer rtcp-mux-require generate-mid SDES-off ICE=force "
            + "DTLS=passive UDP/TLS/RTP/SAVPF";
}
