package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.testing.PlainCall;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * A drain of an in-process sidecar: the call in progress keeps its media and its ng requests, /health says
 * draining, and the drain ends with the call's delete or at the drain timeout. Plus POST /drain's rules, and a
 * sidecar whose Kamailio cannot be reached.
 */
class SidecarDrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestSidecar sc;

    @AfterEach
    void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    private HttpResponse<String> post(String path, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + sc.sidecar.httpAddress().getPort() + path)).POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + sc.sidecar.httpAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCallInProgressKeepsItsMediaAndNgUntilItsDeleteEndsTheDrain() throws Exception {
        sc = new TestSidecar("--drain-timeout=60");
        try (NgClient ng = sc.ngClient(); PlainCall call = PlainCall.start(ng, "drain-1")) {
            assertEquals(10, call.aliceToBob(10));
            assertTrue(sc.sidecar.drain("test"));
            assertFalse(sc.sidecar.drain("test again"), "one drain at a time");

            HttpResponse<String> health = get("/health");
            assertEquals(503, health.statusCode());
            JsonNode status = JSON.readTree(health.body());
            assertEquals("draining", status.get("status").asText());
            assertEquals(1, status.get("sessions").asInt());
            assertTrue(status.get("seconds_left").asInt() > 50, health.body());
            assertEquals(1.0, sc.metric("sidecar_draining"));

            assertEquals(10, call.aliceToBob(10), "media of the call in progress still flows");
            assertEquals(10, call.bobToAlice(10));
            assertEquals("ok", ng.exchange(dict("command", "query", "call-id", "drain-1")).get("result"));
            // a re-INVITE's offer for the call in progress is served too
            Map<String, Object> reoffer = ng.exchange(dict("command", "offer", "call-id", "drain-1",
                    "from-tag", "alice-tag", "to-tag", "bob-tag",
                    "sdp", "v=0\r\no=alice 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                            + call.alice.port() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"));
            assertEquals("ok", reoffer.get("result"), reoffer.toString());
            assertFalse(sc.sidecar.drained().isDone());

            long deleted = System.nanoTime();
            assertEquals("ok", ng.exchange(dict("command", "delete", "call-id", "drain-1", "from-tag", "alice-tag"))
                    .get("result"));
            Drain.Outcome outcome = sc.sidecar.drained().get(2, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - deleted) / 1_000_000;
            assertFalse(outcome.timedOut());
            assertEquals("test", outcome.trigger());
            assertTrue(millis < 1000, "the drain ends within the watch interval of the delete, took " + millis + " ms");
        }
    }

    @Test
    void theDrainTimeoutEndsTheDrainWithTheCallStillUp() throws Exception {
        sc = new TestSidecar("--drain-timeout=1");
        try (NgClient ng = sc.ngClient(); PlainCall call = PlainCall.start(ng, "drain-2")) {
            long start = System.nanoTime();
            sc.sidecar.drain("test");
            Drain.Outcome outcome = sc.sidecar.drained().get(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(outcome.timedOut());
            assertEquals(1, outcome.callsLeft());
            assertTrue(millis >= 1000 && millis < 2000, millis + " ms");
        }
    }

    @Test
    void postDrainStartsADrainOnceAndOnlyAsPostWithJson() throws Exception {
        sc = new TestSidecar("--drain-timeout=120");
        assertEquals(405, get("/drain").statusCode());
        assertEquals(415, post("/drain", null).statusCode(), "a cross-site form post cannot drain the sidecar");
        assertEquals(415, post("/drain", "application/x-www-form-urlencoded").statusCode());
        assertEquals(Drain.Phase.SERVING, sc.sidecar.drainPhase());
        assertEquals(200, get("/health").statusCode());

        HttpResponse<String> first = post("/drain", "application/json");
        assertEquals(202, first.statusCode(), first.body());
        ObjectNode answer = (ObjectNode) JSON.readTree(first.body());
        // without calls the drain may be over before the answer is written: then nothing is left of the timeout
        long secondsLeft = answer.remove("seconds_left").asLong();
        assertTrue(secondsLeft == 0 || secondsLeft == 120, first.body());
        assertEquals(JSON.readTree("{\"status\":\"draining\",\"started\":true,\"sessions\":0,"
                + "\"drain_timeout_seconds\":120}"), answer);
        HttpResponse<String> second = post("/drain", "application/json");
        assertEquals(200, second.statusCode());
        assertFalse(JSON.readTree(second.body()).get("started").asBoolean());
        Drain.Outcome outcome = sc.sidecar.drained().get(2, TimeUnit.SECONDS);
        assertTrue(outcome.trigger().startsWith("POST /drain from 127.0.0.1"), outcome.trigger());
    }

    @Test
    void aKamailioThatCannotBeReachedIsAMetricAndOneLogLineWhileMediaFlows() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        StringBuffer log = new StringBuffer();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("org.rtcsip").addHandler(capture);
        try {
            String rpc = "http://127.0.0.1:" + closed + "/RPC";
            sc = new TestSidecar("--kamailio-rpc=" + rpc, "--kamailio-poll-interval=1", "--drain-timeout=10");
            try (NgClient ng = sc.ngClient(); PlainCall call = PlainCall.start(ng, "outage-1")) {
                for (int second = 0; second < 4; second++) {
                    assertEquals(50, call.aliceToBob(50), "media flows while Kamailio is down");
                    Thread.sleep(250);
                }
                String metrics = sc.http("/metrics");
                assertTrue(metrics.contains("\nkamailio_up 0.0\n"), metrics);
                assertTrue(metrics.contains("sidecar_kamailio_membership{state=\"enabling\",url=\"udp:127.0.0.1:"
                        + sc.ng.getPort() + "\"} 1.0"), metrics);
                assertFalse(metrics.contains("kamailio_websocket_connections "), "no stale numbers: " + metrics);
                assertTrue(sc.metric("kamailio_rpc_failures_total") >= 4, metrics);
                List<String> outage = log.toString().lines().filter(l -> l.contains("unreachable")).toList();
                assertEquals(1, outage.size(), log.toString());
                assertEquals("WARNING Kamailio unreachable at " + rpc + ": connection refused (rtpengine.enable, 1 "
                        + "attempt); the sidecar keeps serving media and retries rtpengine.enable udp:127.0.0.1:"
                        + sc.ng.getPort() + " 1 with backoff", outage.get(0));

                sc.sidecar.drain("test");
                assertEquals("ok", ng.exchange(dict("command", "delete", "call-id", "outage-1")).get("result"));
                Drain.Outcome outcome = sc.sidecar.drained().get(5, TimeUnit.SECONDS);
                assertFalse(outcome.timedOut(), "a Kamailio that is down does not hold the drain up");
            }
        } finally {
            Logger.getLogger("org.rtcsip").removeHandler(capture);
        }
    }
}
