package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.Bencode;

/** The media port range under pressure (issue 12 item 5), through the sidecar process's ng socket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MediaPortPressureTest {

    @Test
    void aHundredSequentialCallsOnATwoHundredPortRangeAllSucceed() throws Exception {
        // each call takes two RTP/RTCP pairs, so after 50 calls every free port sits in its 2 s quarantine
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "quarantine", "--codec-warmup=0");
             NgClient ng = sidecar.ngClient()) {
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String callId = "sequential-" + i;
                Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", callId,
                        "from-tag", "alice", "sdp", PlainSdp.audio(6000, 1)));
                Map<String, Object> answer = ng.exchange(dict("command", "answer", "call-id", callId,
                        "from-tag", "alice", "to-tag", "bob", "sdp", PlainSdp.audio(8000, 1)));
                if (!"ok".equals(offer.get("result")) || !"ok".equals(answer.get("result"))) {
                    failed.add(i + ": " + offer.get("error-reason") + " / " + answer.get("error-reason"));
                }
                ng.exchange(dict("command", "delete", "call-id", callId, "from-tag", "alice"));
            }
            assertEquals(List.of(), failed, "calls refused");
            assertEquals(0.0, sidecar.metric("sidecar_ports_in_use"));
        }
    }

    /** One offer with 500 m= lines used to take the whole 200-port range from the next normal offer. */
    @Test
    void anOfferBeyondTheCapsIsRefusedBeforeItTakesAnyPort() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "caps", "--codec-warmup=0");
             NgClient ng = sidecar.ngClient()) {
            StringBuilder m500 = new StringBuilder(PlainSdp.audio(6000, 1));
            for (int i = 1; i < 500; i++) {
                m500.append("m=audio ").append(6000 + 2 * i).append(" RTP/AVP 0\r\n");
            }
            assertEquals("Too many media sections in SDP (500, max-media-per-offer is 16)",
                    offer(ng, "m-500", m500.toString()).get("error-reason"));
            assertEquals(0.0, sidecar.metric("sidecar_ports_in_use"));
            assertEquals("Too many attributes in media section 1 of SDP (5003, max-attributes-per-media is 256)",
                    offer(ng, "a-5000", PlainSdp.audio(6000, 1) + "a=x\r\n".repeat(5000))
                            .get("error-reason"));
            String large = PlainSdp.audio(6000, 1) + ("a=x-filler:" + "y".repeat(1000) + "\r\n").repeat(40);
            assertEquals("SDP too large (" + large.length() + " bytes, max-sdp-size is 32768)",
                    offer(ng, "large", large).get("error-reason"));
            assertEquals("ok", offer(ng, "normal", PlainSdp.audio(6000, 2)).get("result"));
            assertEquals(8.0, sidecar.metric("sidecar_ports_in_use"), "2 m= lines: a pair each, for both parties");
        }
    }

    /**
     * max-streams-per-call counts the streams of all a call's parties: a new call or a re-offer that would go past
     * it is refused with the option's name before it takes a port, and a call that was up keeps its ports.
     */
    @Test
    void anOfferBeyondMaxStreamsPerCallIsRefusedAndTheCallKeepsWhatItHad() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "streams", "--codec-warmup=0",
                "--max-streams-per-call=4");
             NgClient ng = sidecar.ngClient()) {
            String tooMany = "Too many media streams in call (6, max-streams-per-call is 4)";
            assertEquals(tooMany, offer(ng, "three", PlainSdp.audio(6000, 3)).get("error-reason"));
            assertEquals(0.0, sidecar.metric("sidecar_ports_in_use"));
            assertEquals(0.0, sidecar.metric("sidecar_sessions"));

            Map<String, Object> first = offer(ng, "two", PlainSdp.audio(6000, 2));
            assertEquals("ok", first.get("result"), first.toString());
            assertEquals("ok", ng.exchange(dict("command", "answer", "call-id", "two", "from-tag", "alice",
                    "to-tag", "bob", "sdp", PlainSdp.audio(8000, 2))).get("result"));
            assertEquals(8.0, sidecar.metric("sidecar_ports_in_use"));
            Map<String, Object> grow = ng.exchange(dict("command", "offer", "call-id", "two", "from-tag", "alice",
                    "to-tag", "bob", "sdp", PlainSdp.audio(6000, 3)));
            assertEquals(tooMany, grow.get("error-reason"));
            assertEquals(8.0, sidecar.metric("sidecar_ports_in_use"), "the refused re-offer took nothing");

            Map<String, Object> again = ng.exchange(dict("command", "offer", "call-id", "two", "from-tag", "alice",
                    "to-tag", "bob", "sdp", PlainSdp.audio(6000, 2)));
            assertEquals("ok", again.get("result"), again.toString());
            assertEquals(mediaPorts(first), mediaPorts(again), "the call kept its ports");
            ng.exchange(dict("command", "delete", "call-id", "two", "from-tag", "alice"));
            assertEquals(0.0, sidecar.metric("sidecar_sessions"));
        }
    }

    private static List<String> mediaPorts(Map<String, Object> reply) {
        return ((String) reply.get("sdp")).lines().filter(l -> l.startsWith("m=")).toList();
    }

    private static Map<String, Object> offer(NgClient ng, String callId, String sdp) throws Exception {
        return ng.exchange(dict("command", "offer", "call-id", callId, "from-tag", "alice", "sdp", sdp));
    }

    /**
     * Out of file descriptors used to look like a full port range: {@code Ran out of ports}, /health ok, nothing
     * logged. The process's descriptor limit is lowered while it runs (prlimit), a few calls above what it holds.
     */
    @Test
    void runningOutOfFileDescriptorsIsNotRanOutOfPorts() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "descriptors", "--codec-warmup=0");
             NgClient ng = sidecar.ngClient()) {
            // one whole call first: the classes it needs are read from target/classes, which takes descriptors
            ng.exchange(dict("command", "offer", "call-id", "warm", "from-tag", "alice", "sdp", PlainSdp.audio(6000, 1)));
            ng.exchange(dict("command", "answer", "call-id", "warm", "from-tag", "alice", "to-tag", "bob",
                    "sdp", PlainSdp.audio(8000, 1)));
            ng.exchange(dict("command", "delete", "call-id", "warm", "from-tag", "alice"));
            sidecar.get("/metrics");
            long open;
            try (var fds = Files.list(Path.of("/proc/" + sidecar.pid() + "/fd"))) {
                open = fds.count();
            }
            long limit = open + 24;
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(sidecar.pid()),
                    "--nofile=" + limit + ":" + limit).redirectErrorStream(true).start();
            assertEquals(0, prlimit.waitFor(), new String(prlimit.getInputStream().readAllBytes()));

            List<String> callIds = new ArrayList<>();
            String reason = null;
            for (int i = 0; i < 100 && reason == null; i++) {
                String callId = "fd-" + i;
                callIds.add(callId);
                Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", callId, "from-tag", "alice",
                        "sdp", PlainSdp.audio(6000, 1)));
                reason = (String) offer.get("error-reason");
            }
            assertEquals("Cannot open media socket: out of file descriptors", reason, "after " + callIds.size());
            for (String callId : callIds) {
                ng.exchange(dict("command", "delete", "call-id", callId, "from-tag", "alice"));
            }
            assertEquals(1.0, sidecar.metric("sidecar_media_bind_failures_total{reason=\"descriptors_exhausted\"}"));
            assertEquals(0.0, sidecar.metric("sidecar_ports_exhausted_total"));
            assertTrue(sidecar.logText().contains("cannot bind media sockets on 127.0.0.1: out of file descriptors"),
                    sidecar.logTail(20));
            assertEquals(200, sidecar.health().statusCode(), "descriptors free again: " + sidecar.health().body());
            assertEquals("ok", ng.exchange(dict("command", "offer", "call-id", "after", "from-tag", "alice",
                    "sdp", PlainSdp.audio(6000, 1))).get("result"));
            ng.exchange(dict("command", "delete", "call-id", "after", "from-tag", "alice"));
            assertTrue(!sidecar.logText().contains("Internal error"), sidecar.logTail(30));
        }
    }

    /**
     * An interface address that leaves the host while the sidecar runs (an ip addr del, a DHCP change) used to
     * answer {@code Ran out of ports} with /health ok and nothing logged.
     */
    @Test
    void aMediaAddressThatLeavesTheHostFailsHealthUntilItIsBack() throws Exception {
        try (NamespacedSidecar sidecar = NamespacedSidecar.namespace("10.99.0.1/24").start("--interface=10.99.0.1",
                "--listen-ng=127.0.0.1:" + NamespacedSidecar.NG_PORT,
                "--listen-http=127.0.0.1:" + NamespacedSidecar.HTTP_PORT)) {
            assertTrue(offer(sidecar, "before").contains("6:result2:ok"));
            sidecar.ip("addr", "del", "10.99.0.1/24", "dev", "lo");

            String refused = offer(sidecar, "gone");
            assertTrue(refused.contains("Cannot bind media port: local address not available"), refused);
            NamespacedSidecar.HttpAnswer health = sidecar.http("127.0.0.1", "127.0.0.1", "GET", "/health");
            assertEquals(503, health.status(), health.body());
            assertTrue(health.body().contains("\"status\":\"failing\"")
                    && health.body().contains("cannot bind media sockets on 10.99.0.1"), health.body());
            String metrics = sidecar.http("127.0.0.1", "127.0.0.1", "GET", "/metrics").body();
            assertTrue(metrics.contains("sidecar_media_bind_failures_total{reason=\"address_unavailable\"} 1.0"),
                    metrics);
            assertTrue(sidecar.logText().contains("SEVERE  [UdpSocketAllocator] cannot bind media sockets on 10.99.0.1"),
                    sidecar.logTail(10));

            sidecar.ip("addr", "add", "10.99.0.1/24", "dev", "lo");
            assertEquals(200, sidecar.http("127.0.0.1", "127.0.0.1", "GET", "/health").status());
            assertTrue(offer(sidecar, "back").contains("6:result2:ok"));
        }
    }

    private static String offer(NamespacedSidecar sidecar, String callId) {
        String bencode = new String(Bencode.encode(dict("command", "offer", "call-id", callId, "from-tag", "alice",
                "sdp", PlainSdp.audio(6000, 1))), StandardCharsets.ISO_8859_1);
        return sidecar.ng("127.0.0.1", "127.0.0.1", "c-" + callId, bencode);
    }
}
