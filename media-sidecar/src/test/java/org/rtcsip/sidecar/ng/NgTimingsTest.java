package org.rtcsip.sidecar.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.sidecar.ops.SidecarMetrics;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.RelayMetrics;

/** sidecar_ng_request_seconds: the time a request waited for its call's loop, and its time to the reply. */
class NgTimingsTest {
    private static final InetSocketAddress KAMAILIO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);
    private static final long MS = 1_000_000;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);

    @Test
    void queuedAndTotalLandInTheirBucketsAndScrapeAsACumulativeHistogram() throws Exception {
        CallRegistry calls = PortlessCalls.registry();
        // the loop starts each task 3 ms after the hand-over (the queue), and the task itself takes no time
        NgCommands ng = new NgCommands(calls, (loop, task) -> {
            clock.addAndGet(3 * MS);
            task.run();
        }, clock::get, System::currentTimeMillis);

        List<String> replies = new ArrayList<>();
        send(ng, "c1", Map.of("command", "ping"), replies);
        send(ng, "c2", Map.of("command", "query", "call-id", "nobody"), replies);
        send(ng, "c3", Map.of("command", "query", "call-id", "nobody-either"), replies);
        assertEquals(3, replies.size(), replies.toString());

        Map<String, NgMetrics.Timing> byKey = new LinkedHashMap<>();
        for (NgMetrics.Timing t : ng.metrics().timings()) {
            byKey.put(t.command() + "/" + t.stage(), t);
        }
        assertEquals(List.of("ping/total", "query/queued", "query/total"), List.copyOf(byKey.keySet()),
                "ping never waits for a loop");
        assertEquals(1, byKey.get("ping/total").count());
        assertEquals(2, byKey.get("query/queued").count());
        // 3 ms: the bucket up to 3 ms (index 7 of 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3 ms, ...)
        assertEquals(2, byKey.get("query/queued").bucketCounts()[7], Arrays.toString(byKey.get("query/queued")
                .bucketCounts()));
        assertEquals(0.006, byKey.get("query/total").sumSeconds(), 1e-9);

        SidecarMetrics metrics = new SidecarMetrics(new RelayMetrics(), ng.metrics(), () -> 0, () -> 0, () -> 0);
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertTrue(text.contains("sidecar_ng_request_seconds_bucket{command=\"query\",stage=\"queued\",le=\"0.002\"} 0"),
                text);
        assertTrue(text.contains("sidecar_ng_request_seconds_bucket{command=\"query\",stage=\"queued\",le=\"0.003\"} 2"),
                text);
        assertTrue(text.contains("sidecar_ng_request_seconds_bucket{command=\"query\",stage=\"queued\",le=\"+Inf\"} 2"),
                text);
        assertTrue(text.contains("sidecar_ng_request_seconds_count{command=\"ping\",stage=\"total\"} 1"), text);
        assertTrue(text.contains("sidecar_ng_request_seconds_sum{command=\"query\",stage=\"total\"} 0.006"), text);
    }

    @Test
    void aClockThatStepsBackCountsZeroNotANegativeTime() {
        NgMetrics metrics = new NgMetrics();
        metrics.time("offer", NgMetrics.Stage.TOTAL, -5 * MS);
        metrics.time("made-up", NgMetrics.Stage.TOTAL, 20 * MS);
        List<NgMetrics.Timing> timings = metrics.timings();
        assertEquals(2, timings.size());
        assertEquals(1, timings.get(0).bucketCounts()[0]);
        assertEquals(0.0, timings.get(0).sumSeconds());
        assertEquals(NgMetrics.UNKNOWN_COMMAND, timings.get(1).command(), "unknown names share one series");
    }

    private static void send(NgCommands ng, String cookie, Map<String, Object> request, List<String> replies) {
        byte[] datagram = (cookie + " " + new String(Bencode.encode(new LinkedHashMap<>(request)),
                StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        ng.handle(datagram, datagram.length, KAMAILIO, r -> replies.add(new String(r, StandardCharsets.UTF_8)));
    }
}
