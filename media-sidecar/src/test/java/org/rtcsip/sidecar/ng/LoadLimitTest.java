package org.rtcsip.sidecar.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.ngwire.NgClient.dict;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.PlainCall;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * Over max-sessions, an offer that says it {@code supports} {@code load limit} (Kamailio's always does) gets
 * rtpengine's {@code result: load limit}, on which Kamailio tries the next sidecar of its set; one that does not
 * gets the error text rtpengine gives. The call in progress is untouched either way.
 */
class LoadLimitTest {
    private TestSidecar sc;

    @AfterEach
    void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    private static Map<String, Object> offer(String callId, boolean supportsLoadLimit) {
        String sdp = "v=0\r\no=carol 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return supportsLoadLimit
                ? dict("supports", List.of("load limit"), "sdp", sdp, "call-id", callId, "from-tag", "carol-tag",
                        "command", "offer")
                : dict("sdp", sdp, "call-id", callId, "from-tag", "carol-tag", "command", "offer");
    }

    @Test
    void anOfferOverMaxSessionsGetsLoadLimitWhenItSupportsItAndTheErrorOtherwise() throws Exception {
        sc = new TestSidecar("--max-sessions=1");
        try (NgClient ng = sc.ngClient(); PlainCall call = PlainCall.start(ng, "first")) {
            Map<String, Object> limited = ng.exchange(offer("second", true));
            assertEquals("load limit", limited.get("result"), limited.toString());
            assertEquals("Parallel session limit reached", limited.get("message"));

            Map<String, Object> refused = ng.exchange(offer("third", false));
            assertEquals("error", refused.get("result"));
            assertEquals("Parallel session limit reached", refused.get("error-reason"));

            assertEquals(10, call.aliceToBob(10), "the call in progress keeps its media");
            assertEquals(1.0, sc.metric("sidecar_ng_requests_total{command=\"offer\",result=\"load limit\"}"));
        }
    }
}
