package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SessionDescription;

class BrowserSdpTest {

    @Test
    void readsRtpenginesAnswerToChromium() throws Exception {
        BrowserSdp.ServerAnswer a =
                BrowserSdp.readAnswer(resource("/fixtures/rtpengine-10.5-answer-to-chromium156.sdp"));

        assertEquals(new InetSocketAddress("127.0.0.1", 30017), a.media());
        assertEquals("active", a.setup());
        assertFalse(a.browserIsDtlsClient(), "rtpengine is active, so the browser is the DTLS server");
        assertEquals("lyTqqFfX", a.iceUfrag());
        assertEquals("TtGOJxoJ912AquNgm3KWVnoHk6", a.icePwd());
        assertFalse(a.iceLite(), "rtpengine is a full ICE agent");
        assertTrue(a.rtcpMux());
        assertEquals(List.of(Fingerprint.parse("sha-256 76:65:1A:58:67:98:A4:E1:4F:8E:84:F4:6F:1E:0A:5C:DD:19:59:0A"
                + ":33:5A:C0:35:AB:93:1F:72:70:33:D1:E8").toString()), a.fingerprints().stream().map(Object::toString)
                .toList());
    }

    @Test
    void aPassiveIceLiteAnswerMakesTheBrowserTheDtlsClientAndItsCandidateWinsOverCLine() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\na=ice-lite\r\n"
                + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
                + "a=candidate:1 1 udp 2130706431 127.0.0.1 30002 typ host\r\n"
                + "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:passive\r\na=rtcp-mux\r\n";

        BrowserSdp.ServerAnswer a = BrowserSdp.readAnswer(sdp);

        assertTrue(a.browserIsDtlsClient());
        assertTrue(a.iceLite());
        assertEquals(new InetSocketAddress("127.0.0.1", 30002), a.media());
    }

    @Test
    void withoutCandidatesTheMediaGoesToTheConnectionLineAndPort() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\n"
                + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n"
                + "a=setup:active\r\n";

        BrowserSdp.ServerAnswer a = BrowserSdp.readAnswer(sdp);

        assertEquals(new InetSocketAddress("127.0.0.9", 4000), a.media());
        assertFalse(a.hasIce());
    }

    @Test
    void saysWhyAServerThatDoesNotTerminateDtlsCannotRunTheScenario() {
        String head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        assertEquals("the server answered the browser with RTP/AVP, not UDP/TLS/RTP/SAVPF", unsupported(head
                + "m=audio 4000 RTP/AVP 0\r\n"));
        assertEquals("the server answered the browser without a=fingerprint", unsupported(head
                + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=setup:active\r\n"));
        assertEquals("the server answered the browser's actpass with a=setup:actpass (RFC 5763 §5: an answer says"
                + " active or passive)", unsupported(head + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=fingerprint:sha-256 "
                + "AB:".repeat(31) + "AB\r\na=setup:actpass\r\n"));
    }

    @Test
    void namesTheBrokenLineOfAnAnswer() {
        String head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        IOException e = assertThrows(IOException.class, () -> BrowserSdp.readAnswer(head
                + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=fingerprint:sha-256 AB:CD\r\na=setup:active\r\n"));
        assertTrue(e.getMessage().startsWith("answer a=fingerprint:sha-256 AB:CD: sha-256 fingerprint has 2 bytes"),
                e.getMessage());
        e = assertThrows(IOException.class, () -> BrowserSdp.readAnswer(head + "m=video 4000 RTP/AVP 96\r\n"));
        assertEquals("answer SDP has no audio stream with a port", e.getMessage());
    }

    @Test
    void theBrowsersOfferCarriesIceDtlsAndRtcpMuxAsChromiumsDoes() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate(Instant.parse("2026-11-24T00:00:00Z"));
        String offer = BrowserSdp.offer(40002, 77L, "ufrg", "abcdefghijklmnopqrstuvwx", cert.fingerprint(), 1234L);

        SessionDescription sdp = SessionDescription.parse(offer);
        MediaDescription m = sdp.media().get(0);
        assertEquals("UDP/TLS/RTP/SAVPF", m.protocol());
        assertEquals(40002, m.port());
        assertEquals(List.of("111", "0"), m.formats());
        assertEquals("actpass", m.attribute("setup").attributeValue());
        assertEquals(cert.fingerprint().toString(), m.attribute("fingerprint").attributeValue());
        assertEquals("ufrg", m.attribute("ice-ufrag").attributeValue());
        assertEquals("abcdefghijklmnopqrstuvwx", m.attribute("ice-pwd").attributeValue());
        assertTrue(m.hasAttribute("rtcp-mux"));
        assertTrue(m.attributeValues("candidate").get(0).contains(" 127.0.0.1 40002 typ host"));
        assertEquals("BUNDLE 0", sdp.attribute("group").attributeValue());
    }

    private static String unsupported(String sdp) {
        return assertThrows(ScenarioUnsupportedException.class, () -> BrowserSdp.readAnswer(sdp)).getMessage();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BrowserSdpTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
