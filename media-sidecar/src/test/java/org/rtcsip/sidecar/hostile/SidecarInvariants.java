package org.rtcsip.sidecar.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rtcsip.testbed.process.Footprint;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * What must hold after every hostile batch, checked on the sidecar process from outside: it lives, ng answers ping,
 * /health is 200, every call deleted leaves 0 sessions and 0 ports, no stack trace in its log,
 * {@code sidecar_internal_errors_total} is 0, and its footprint stays flat: after the first batch (class loading,
 * JIT, the collector sizing its heap) open descriptors may grow by {@value #DESCRIPTOR_TOLERANCE}, the heap live
 * after a full GC by {@value #LIVE_HEAP_TOLERANCE_MB} MB and RSS by {@value #RSS_TOLERANCE_MB} MB at most (for
 * scale: 20,000 distinct command names once kept 71 MB of heap).
 */
final class SidecarInvariants {
    static final int DESCRIPTOR_TOLERANCE = 8;
    static final int LIVE_HEAP_TOLERANCE_MB = 16;
    static final int RSS_TOLERANCE_MB = 96;

    private final SidecarProcess sidecar;
    private final RawNg ng;
    private final List<Footprint> footprints = new ArrayList<>();
    private long cookie;

    SidecarInvariants(SidecarProcess sidecar, RawNg ng) {
        this.sidecar = sidecar;
        this.ng = ng;
    }

    /** Deletes every call left, then checks everything; returns the footprint, also kept for {@link #flat}. */
    Footprint afterBatch(String batch) throws IOException {
        return afterBatch(batch, 0);
    }

    /**
     * As {@link #afterBatch(String)} while {@code liveCalls} calls must stay up (a media batch): nothing is deleted,
     * there must be exactly that many sessions.
     */
    Footprint afterBatch(String batch, int liveCalls) throws IOException {
        String where = " after batch " + batch;
        assertTrue(sidecar.isAlive(), "the sidecar died" + where + "\n" + sidecar.logTail(40));
        Map<String, Object> pong = ng.request("inv" + ++cookie, dict("command", "ping"), 5000);
        assertTrue(pong != null && "pong".equals(pong.get("result")), "ng ping" + where + ": " + pong);
        assertEquals(200, sidecar.health().statusCode(), "/health" + where + ": " + sidecar.health().body());
        if (liveCalls == 0) {
            deleteEveryCall(where);
            Poll.until("0 sessions and 0 ports in use" + where, java.time.Duration.ofSeconds(5),
                    () -> metric("sidecar_sessions") == 0 && metric("sidecar_ports_in_use") == 0,
                    () -> " (sessions " + metric("sidecar_sessions") + ", ports " + metric("sidecar_ports_in_use")
                            + ")");
        } else {
            assertEquals(liveCalls, metric("sidecar_sessions"), "the live calls" + where);
        }
        assertEquals(0.0, internalErrors(), "sidecar_internal_errors_total" + where + ":\n" + internalErrorLines());
        String trace = firstStackTrace(sidecar.logText());
        assertEquals(null, trace, "a stack trace in the log" + where);
        Footprint f = Footprint.ofJvm(sidecar.pid());
        footprints.add(f);
        return f;
    }

    /** The calls a batch left (a mutated request may create a call under a call-id nobody knows), deleted. */
    private void deleteEveryCall(String where) throws IOException {
        for (int round = 0; round < 20; round++) {
            Map<String, Object> list = ng.request("inv" + ++cookie, dict("command", "list", "limit", 1000L), 5000);
            assertTrue(list != null && "ok".equals(list.get("result")), "list" + where + ": " + list);
            List<?> calls = (List<?>) list.get("calls");
            if (calls.isEmpty()) {
                return;
            }
            for (Object id : calls) {
                Map<String, Object> r = ng.request("inv" + ++cookie, dict("command", "delete", "call-id", id,
                        "delete-delay", 0L), 5000);
                assertTrue(r != null, "no answer to delete of " + id + where);
            }
        }
        fail("calls still listed after 20 rounds of deletes" + where);
    }

    /** Fails unless every footprint after the first stays within the tolerances of the first. */
    String flat() {
        assertTrue(footprints.size() >= 2, "at least two batches: " + footprints);
        Footprint base = footprints.get(0);
        long maxFds = footprints.stream().mapToLong(Footprint::descriptors).max().orElseThrow();
        long maxHeap = footprints.stream().mapToLong(Footprint::liveHeapKilobytes).max().orElseThrow();
        long maxRss = footprints.stream().mapToLong(Footprint::rssKilobytes).max().orElseThrow();
        String figures = String.format(Locale.ROOT, "descriptors %d -> max %d (tolerance +%d), live heap %.1f ->"
                + " max %.1f MB (+%d), RSS %.1f -> max %.1f MB (+%d), over %d batches", base.descriptors(), maxFds,
                DESCRIPTOR_TOLERANCE, base.liveHeapKilobytes() / 1024.0, maxHeap / 1024.0, LIVE_HEAP_TOLERANCE_MB,
                base.rssKilobytes() / 1024.0, maxRss / 1024.0, RSS_TOLERANCE_MB, footprints.size());
        assertTrue(maxFds <= base.descriptors() + DESCRIPTOR_TOLERANCE, "descriptors grew: " + figures);
        assertTrue(maxHeap <= base.liveHeapKilobytes() + LIVE_HEAP_TOLERANCE_MB * 1024L, "live heap grew: "
                + figures);
        assertTrue(maxRss <= base.rssKilobytes() + RSS_TOLERANCE_MB * 1024L, "RSS grew: " + figures);
        return figures;
    }

    double metric(String sample) {
        try {
            double v = sidecar.metric(sample);
            return Double.isNaN(v) ? 0 : v;
        } catch (IOException e) {
            return fail("/metrics: " + e);
        }
    }

    double internalErrors() throws IOException {
        double sum = 0;
        for (String line : internalErrorLines().split("\n")) {
            if (!line.isBlank()) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private String internalErrorLines() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : sidecar.get("/metrics").body().split("\n")) {
            if (line.startsWith("sidecar_internal_errors_total{")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** The first Java stack trace in {@code log} with the line before it, or null. */
    static String firstStackTrace(String log) {
        String[] lines = log.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("\tat ") || lines[i].startsWith("Caused by: ")
                    || lines[i].startsWith("Exception in thread")) {
                return String.join("\n", List.of(lines).subList(Math.max(0, i - 2), Math.min(lines.length, i + 6)));
            }
        }
        return null;
    }
}
