package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.testing.NgClient.dict;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.testing.NgClient;

/**
 * Hostile ng requests against the sidecar process, through its ng socket and /metrics (issue 12): what a client
 * sends must not grow the process's state, and every request gets an answer it can match.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NgHostileRequestsTest {
    private static SidecarProcess sidecar;

    @BeforeAll
    static void start() {
        sidecar = SidecarProcess.start("hostile-ng");
    }

    @AfterAll
    static void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void madeUpCommandNamesShareOneBoundedMetricLabel() throws Exception {
        int names = 2000;
        double unknownBefore = count("unknown", "error");
        try (NgClient ng = new NgClient(sidecar.ngAddress())) {
            for (int i = 0; i < names; i++) {
                assertEquals("Unrecognized command", ng.request(dict("command", "made-up-" + i)).get("error-reason"));
            }
            // a NUL used to end up inside the label text and shift into the result label
            ng.request(dict("command", "x\u0000y"));
            ng.request(dict("command", "ping"));
        }
        String metrics = sidecar.get("/metrics").body();
        List<String> series = Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith("sidecar_ng_requests_total"))
                .toList();
        assertEquals(unknownBefore + names + 1, count("unknown", "error"), String.join("\n", series));
        assertTrue(count("ping", "pong") >= 1);
        assertTrue(series.size() <= 10, "a handful of series, not one per name: " + series.size());
        assertFalse(metrics.contains("\u0000"), "no NUL in the exposition");
        assertFalse(metrics.contains("made-up"), "no client-chosen text in a label");
    }

    private static double count(String command, String result) throws Exception {
        double n = sidecar.metric("sidecar_ng_requests_total{command=\"" + command + "\",result=\"" + result + "\"}");
        return Double.isNaN(n) ? 0 : n;
    }
}
