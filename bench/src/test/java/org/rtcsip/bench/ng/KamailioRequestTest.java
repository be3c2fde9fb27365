package org.rtcsip.bench.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * The generator's requests against what Kamailio 5.6.3 really sent (shared fixture, captured on loopback): the
 * same flag string must give the same bytes, key order included.
 */
class KamailioRequestTest {

    @Test
    void rebuildsKamailiosOfferTowardsATrunkByteForByte() throws Exception {
        byte[] datagram = read("/fixtures/kamailio-5.6.3-offer-chromium156.bencode");
        int body = indexOf(datagram, (byte) ' ') + 1;
        byte[] wire = java.util.Arrays.copyOfRange(datagram, body, datagram.length);
        Map<String, Object> captured = decode(wire);
        Map<String, Object> built = KamailioRequest.build("offer",
                "ICE=remove always-transcode replace-origin replace-session-connection codec-mask-all transcode-PCMU"
                        + " RTP/AVP rtcp-mux-demux SDES-off",
                text(captured, "sdp"), text(captured, "call-id"), text(captured, "from-tag"), null, "127.0.0.1");
        assertEquals(new String(wire, StandardCharsets.UTF_8), new String(Bencode.encode(built), StandardCharsets.UTF_8));
    }

    @Test
    void rebuildsKamailiosAnswerWithToTagAfterFromTag() throws Exception {
        byte[] wire = read("/fixtures/kamailio-5.6.3-answer-savpf.bencode");
        Map<String, Object> captured = decode(wire);
        Map<String, Object> built = KamailioRequest.build("answer",
                "ICE=force replace-origin replace-session-connection UDP/TLS/RTP/SAVPF", text(captured, "sdp"),
                text(captured, "call-id"), text(captured, "from-tag"), text(captured, "to-tag"), "127.0.0.1");
        assertArrayEquals(wire, Bencode.encode(built));
    }

    @Test
    void rebuildsKamailiosOfferTowardsABrowser() throws Exception {
        byte[] wire = read("/fixtures/kamailio-5.6.3-offer-to-browser.bencode");
        Map<String, Object> captured = decode(wire);
        Map<String, Object> built = KamailioRequest.build("offer",
                "ICE=force generate-mid replace-origin replace-session-connection codec-mask-all transcode-opus"
                        + " UDP/TLS/RTP/SAVPF rtcp-mux-offer SDES-off",
                text(captured, "sdp"), text(captured, "call-id"), text(captured, "from-tag"), null, "127.0.0.1");
        assertArrayEquals(wire, Bencode.encode(built));
    }

    @Test
    void rebuildsKamailiosDeleteWithoutSdpOrToTag() throws Exception {
        byte[] wire = read("/fixtures/kamailio-5.6.3-delete.bencode");
        Map<String, Object> captured = decode(wire);
        Map<String, Object> built = KamailioRequest.build("delete", "", null, text(captured, "call-id"),
                text(captured, "from-tag"), null, "127.0.0.1");
        assertArrayEquals(wire, Bencode.encode(built));
    }

    @Test
    void combinesBareProtocolWordsIntoOneTransportProtocol() {
        assertEquals("RTP/SAVPF", KamailioRequest.build("offer", "SRTP AVPF", "v=0", "c", "f", null, "1.2.3.4")
                .get("transport-protocol"));
        assertEquals("UDP/TLS/RTP/SAVPF", KamailioRequest.build("offer", "DTLS SRTP AVPF", "v=0", "c", "f", null,
                "1.2.3.4").get("transport-protocol"));
        assertFalse(KamailioRequest.build("offer", "trust-address", "v=0", "c", "f", null, "1.2.3.4")
                .containsKey("transport-protocol"));
    }

    @Test
    void sendsDeleteDelayTwiceAsIntegerAndAsString() {
        Map<String, Object> d = KamailioRequest.build("delete", "delete-delay=0", null, "c", "f", null, "1.2.3.4");
        assertEquals(0L, d.get("delete delay"));
        assertEquals("0", d.get("delete-delay"));
    }

    @Test
    void identityFlagsOverrideTheMessageAndViaBranchAddsAKey() {
        Map<String, Object> d = KamailioRequest.build("offer", "call-id=other to-tag=t2 via-branch=auto directional",
                "v=0", "c", "f", null, "1.2.3.4");
        assertEquals("other", d.get("call-id"));
        assertEquals("t2", d.get("to-tag"));
        assertTrue(d.containsKey("via-branch"));
        assertFalse(d.containsKey("flags"), "identity control words are not flags");
    }

    @Test
    void codecFlagsGoIntoTheCodecDictionaryByOperation() {
        Map<String, Object> d = KamailioRequest.build("offer",
                "codec-strip-all codec-offer-PCMA codec-transcode-G722 transcode-PCMU codec-set-opus/48000/2/32000",
                "v=0", "c", "f", null, "1.2.3.4");
        assertEquals(Map.of("strip", List.of("all"), "offer", List.of("PCMA"), "transcode", List.of("G722", "PCMU"),
                "set", List.of("opus/48000/2/32000")), d.get("codec"));
    }

    @Test
    void refusesANumberFlagThatIsNotANumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KamailioRequest.build("offer", "TOS=high", "v=0", "c", "f", null, "1.2.3.4"));
        assertEquals("flag TOS=high needs a whole number", e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(byte[] wire) throws Exception {
        return (Map<String, Object>) Bencode.decode(wire, 0, wire.length);
    }

    private static String text(Map<String, Object> m, String key) {
        return new String((byte[]) m.get(key), StandardCharsets.UTF_8);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = KamailioRequestTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing " + name);
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
