package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.Bencode;

/**
 * Replies that would not fit one UDP datagram (issue 12): the kernel refuses to send them, so Kamailio used to get
 * no answer, retry and disable the node. Each one here must be answered, within 65,507 bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NgLargeRepliesTest {
    private static final int DATAGRAM = 65_507;
    private static SidecarProcess sidecar;

    @BeforeAll
    static void start() {
        // a call of 300 m= lines takes 1,200 ports: above the ephemeral range and FreePorts' 20000-32767, where a
        // block that large is rarely left free late in a test run
        sidecar = SidecarProcess.start(Network.host(), "large-replies", "--codec-warmup=0", "--port-min=63000", "--port-max=64399",
                "--max-media-per-offer=300", "--max-streams-per-call=600");
    }

    @AfterAll
    static void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void queryOfACallWithAHundredMediaLinesIsAnsweredTrimmedWithAWarning() throws Exception {
        try (NgClient ng = sidecar.ngClient()) {
            call(ng, "query-100", 100);
            double trimmedBefore = sidecar.metric("sidecar_ng_replies_trimmed_total");
            Map<String, Object> reply = ng.exchange(dict("command", "query", "call-id", "query-100"));
            assertEquals("ok", reply.get("result"), reply.toString());
            assertTrue(size(reply) <= DATAGRAM, "fits: " + size(reply));
            assertTrue(String.valueOf(reply.get("warning")).startsWith("Statistics trimmed to fit a UDP datagram"),
                    String.valueOf(reply.get("warning")));
            assertTrue(reply.containsKey("totals") && reply.containsKey("created"), "what $rtpstat reads stays");
            assertEquals(trimmedBefore + 1, sidecar.metric("sidecar_ng_replies_trimmed_total"));
            assertEquals("ok", ng.exchange(dict("command", "delete", "call-id", "query-100", "from-tag", "alice"))
                    .get("result"));
        }
    }

    @Test
    void deleteOfACallWithThreeHundredMediaLinesIsAnswered() throws Exception {
        try (NgClient ng = sidecar.ngClient()) {
            call(ng, "delete-300", 300);
            Map<String, Object> reply = ng.exchange(dict("command", "delete", "call-id", "delete-300",
                    "from-tag", "alice"));
            assertEquals("ok", reply.get("result"), reply.toString());
            assertTrue(size(reply) <= DATAGRAM, "fits: " + size(reply));
            assertEquals(0.0, sidecar.metric("sidecar_sessions"));
        }
    }

    @Test
    void deleteOfASmallCallKeepsItsFullStatistics() throws Exception {
        try (NgClient ng = sidecar.ngClient()) {
            call(ng, "delete-1", 1);
            Map<String, Object> reply = ng.exchange(dict("command", "delete", "call-id", "delete-1",
                    "from-tag", "alice"));
            assertEquals("ok", reply.get("result"), reply.toString());
            assertNull(reply.get("warning"));
            assertTrue(reply.containsKey("tags") && reply.containsKey("SSRC"), reply.keySet().toString());
        }
    }

    @Test
    void listHonoursItsLimitAndNeverExceedsADatagram() throws Exception {
        int calls = 180;
        String padding = "x".repeat(400);
        List<String> ids = new ArrayList<>();
        try (NgClient ng = sidecar.ngClient()) {
            for (int i = 0; i < calls; i++) {
                String id = "list-" + i + "-" + padding;
                ids.add(id);
                Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", id, "from-tag", "alice",
                        "sdp", PlainSdp.audio(6000, 1)));
                assertEquals("ok", offer.get("result"), offer.toString());
            }
            Map<String, Object> limited = ng.exchange(dict("command", "list", "limit", 5L));
            assertEquals(5, ((List<?>) limited.get("calls")).size());
            assertNull(limited.get("warning"));
            assertEquals(32, ((List<?>) ng.exchange(dict("command", "list")).get("calls")).size(), "default limit");

            Map<String, Object> all = ng.exchange(dict("command", "list", "limit", 100_000L));
            int listed = ((List<?>) all.get("calls")).size();
            assertTrue(size(all) <= DATAGRAM, "fits: " + size(all));
            assertTrue(listed > 120 && listed < calls, listed + " of " + calls);
            assertEquals("List trimmed to fit a UDP datagram: " + calls + " calls asked for, " + listed + " returned",
                    all.get("warning"));
            for (String id : ids) {
                ng.exchange(dict("command", "delete", "call-id", id, "from-tag", "alice"));
            }
        }
    }

    private static void call(NgClient ng, String callId, int mediaLines) throws IOException {
        Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", callId, "from-tag", "alice",
                "sdp", PlainSdp.audio(6000, mediaLines)));
        assertEquals("ok", offer.get("result"), offer.toString());
        Map<String, Object> answer = ng.exchange(dict("command", "answer", "call-id", callId, "from-tag", "alice",
                "to-tag", "bob", "sdp", PlainSdp.audio(8000, mediaLines)));
        assertEquals("ok", answer.get("result"), answer.toString());
    }

    private static int size(Map<String, Object> reply) {
        return Bencode.encode(reply).length;
    }
}
