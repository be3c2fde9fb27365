package org.rtcsip.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerNgTimingsTest {

    private static String scrape(long under1ms, long under3ms, long over) {
        String k = "sidecar_ng_request_seconds_bucket{command=\"offer\",stage=\"total\",le=\"";
        return "# TYPE sidecar_ng_request_seconds histogram\n"
                + k + "0.001\"} " + under1ms + "\n"
                + k + "0.003\"} " + (under1ms + under3ms) + "\n"
                + k + "+Inf\"} " + (under1ms + under3ms + over) + "\n"
                + "sidecar_ng_request_seconds_count{command=\"offer\",stage=\"total\"} " + (under1ms + under3ms + over)
                + "\n";
    }

    @Test
    void theDifferenceOfTwoScrapesGivesTheStepsQuantileBounds() {
        ServerNgTimings before = ServerNgTimings.parse(scrape(1000, 0, 5));
        // the step: 990 offers within 1 ms, 10 within 3 ms, none over
        ServerNgTimings step = ServerNgTimings.parse(scrape(1990, 10, 5)).since(before);
        assertEquals(1000, step.count("offer", "total"));
        assertEquals(1.0, step.quantileBoundMs("offer", "total", 0.5));
        assertEquals(1.0, step.quantileBoundMs("offer", "total", 0.99));
        assertEquals(3.0, step.quantileBoundMs("offer", "total", 0.995));
        assertTrue(Double.isNaN(step.quantileBoundMs("answer", "total", 0.99)));

        ServerNgTimings slow = ServerNgTimings.parse(scrape(1990, 10, 25)).since(before);
        assertEquals(Double.POSITIVE_INFINITY, slow.quantileBoundMs("offer", "total", 0.99));
    }

    @Test
    void aServerWithoutTheHistogramReadsEmpty() {
        assertTrue(ServerNgTimings.parse("rtpengine has no such page").isEmpty());
        assertTrue(ServerNgTimings.parse(null).isEmpty());
    }
}
