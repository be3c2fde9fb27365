package org.rtcsip.ngwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.ngwire.NgClient.dict;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The request builder (the golden tests' and the load generator's) reproduces what Kamailio 5.6.3 put on the
 * wire in the capture {@code ng-kamailio-5.6.3-chromium-156.jsonl} (shared fixtures): same keys, same list
 * splitting, same order, compared as bencoded bytes.
 */
class KamailioRequestTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private static void assertSameWire(Map<String, Object> captured, Map<String, Object> built) {
        assertEquals(new String(Bencode.encode(captured), StandardCharsets.ISO_8859_1),
                new String(Bencode.encode(built), StandardCharsets.ISO_8859_1));
    }

    @Test
    void browserOfferTowardsTheTrunkIsSplitAsKamailioSplitsIt() {
        // cookie 0_7817_0, t=2.954
        Map<String, Object> captured = dict("supports", List.of("load limit"), "sdp", SDP, "ICE", "remove",
                "flags", List.of("always-transcode"), "replace", List.of("origin", "session-connection"),
                "codec", dict("mask", List.of("all"), "transcode", List.of("PCMU")),
                "transport-protocol", "RTP/AVP", "rtcp-mux", List.of("demux"), "SDES", List.of("off"),
                "call-id", "ismk0256i0n7flq7jbg4", "received-from", List.of("IP4", "127.0.0.1"),
                "from-tag", "lr5kqbb11k", "command", "offer");
        assertSameWire(captured, KamailioRequest.offer("ismk0256i0n7flq7jbg4", "lr5kqbb11k").sdp(SDP)
                .flags("replace-origin replace-session-connection rtcp-mux-demux ICE=remove SDES-off RTP/AVP"
                        + " codec-mask-all transcode-PCMU always-transcode")
                .build());
    }

    @Test
    void trunkAnswerCarriesBothTagsAndTheWebrtcProfile() {
        // cookie 0_7811_1, t=2.997
        Map<String, Object> captured = dict("supports", List.of("load limit"), "sdp", SDP, "ICE", "force",
                "replace", List.of("origin", "session-connection"), "transport-protocol", "UDP/TLS/RTP/SAVPF",
                "call-id", "ismk0256i0n7flq7jbg4", "received-from", List.of("IP4", "127.0.0.1"),
                "from-tag", "lr5kqbb11k", "to-tag", "7828trunk1", "command", "answer");
        assertSameWire(captured, KamailioRequest.answer("ismk0256i0n7flq7jbg4", "lr5kqbb11k", "7828trunk1").sdp(SDP)
                .flags("replace-origin replace-session-connection ICE=force UDP/TLS/RTP/SAVPF").build());
    }

    @Test
    void trunkOfferTowardsTheBrowserKeepsGenerateMidInFlags() {
        // cookie 0_7811_2, t=10.97
        Map<String, Object> captured = dict("supports", List.of("load limit"), "sdp", SDP, "ICE", "force",
                "flags", List.of("generate-mid"), "replace", List.of("origin", "session-connection"),
                "codec", dict("mask", List.of("all"), "transcode", List.of("opus")),
                "transport-protocol", "UDP/TLS/RTP/SAVPF", "rtcp-mux", List.of("offer"), "SDES", List.of("off"),
                "call-id", "1-8227@127.0.0.1", "received-from", List.of("IP4", "127.0.0.1"),
                "from-tag", "8227trunk1", "command", "offer");
        assertSameWire(captured, KamailioRequest.offer("1-8227@127.0.0.1", "8227trunk1").sdp(SDP)
                .flags("replace-origin replace-session-connection rtcp-mux-offer generate-mid ICE=force SDES-off"
                        + " UDP/TLS/RTP/SAVPF codec-mask-all transcode-opus")
                .build());
    }

    @Test
    void deleteHasNoSdpAndNoFlags() {
        // cookie 0_7817_1, t=8.119
        Map<String, Object> captured = dict("supports", List.of("load limit"), "call-id", "ismk0256i0n7flq7jbg4",
                "received-from", List.of("IP4", "127.0.0.1"), "from-tag", "lr5kqbb11k", "command", "delete");
        assertSameWire(captured, KamailioRequest.delete("ismk0256i0n7flq7jbg4", "lr5kqbb11k").build());
    }

    @Test
    void deleteDelayTravelsTwiceAsIntegerAndAsString() {
        // ng-protocol.md §1.2: observed as "delete delay": i0e and "delete-delay": "0"
        Map<String, Object> built = KamailioRequest.delete("c", "a").flags("delete-delay=0").build();
        assertEquals(0L, built.get("delete delay"));
        assertEquals("0", built.get("delete-delay"));
    }

    @Test
    void bareProfileWordsCombineAndInterfaceNamesBecomeDirection() {
        Map<String, Object> built = KamailioRequest.offer("c", "a").flags("SRTP AVPF internal external label=x")
                .build();
        assertEquals("RTP/SAVPF", built.get("transport-protocol"));
        assertEquals(List.of("internal", "external"), built.get("direction"));
        assertEquals("x", built.get("label"));
    }
}
