package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP_TRANSCODED;
import static org.rtcsip.sidecar.golden.Parties.CHROMIUM;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.SIP_TO_BROWSER;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.sidecar.ops.SidecarMetrics;
import org.rtcsip.sidecar.session.LoopPlacement;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;

/** Where ng requests put calls on four media loops: by load, each call's requests on its loop, nothing left after. */
class LoopPlacementGoldenTest {
    private final VirtualSidecar sc = new VirtualSidecar(4, new SessionLimits(60, 0, 0, -1, 64), "203.0.113.1");

    private void call(String callId, String offerFlags, String offer, String answerFlags, String answer) {
        assertEquals("ok", sc.request(KamailioRequest.offer(callId, "a").sdp(offer).flags(offerFlags)).get("result"));
        assertEquals("ok", sc.request(KamailioRequest.answer(callId, "a", "b").sdp(answer).flags(answerFlags))
                .get("result"));
    }

    @Test
    void plainCallsWithRandomCallIdsAreSpreadEvenlyAndEachRunsOnItsOwnLoop() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = UUID.randomUUID() + "@198.51.100.7";
            ids.add(id);
            sc.tasksRanOn.clear();
            call(id, SHIPPED, ALICE, SHIPPED, BOB);
            int loop = sc.calls.find(id).loop();
            assertEquals(List.of(loop, loop), sc.tasksRanOn, "offer and answer on the call's loop");
        }
        LoopPlacement placement = sc.calls.placement();
        assertArrayEquals(new int[] {10, 10, 10, 10}, placement.callsPerLoop());
        SidecarMetrics metrics = new SidecarMetrics(new RelayMetrics(), sc.ngMetrics(), () -> 0, () -> 0, () -> 0);
        metrics.registerLoops(placement);
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertTrue(text.contains("sidecar_loop_calls{loop=\"3\"} 10"), text);
        assertTrue(text.contains("sidecar_loop_load{loop=\"0\"} 10"), text);
        for (String id : ids) {
            int loop = sc.calls.find(id).loop();
            sc.tasksRanOn.clear();
            assertEquals("ok", sc.request(KamailioRequest.delete(id, "a")).get("result"));
            assertEquals(List.of(loop), sc.tasksRanOn, "the delete on the call's loop");
        }
        assertEquals(0, sc.calls.size());
        assertEquals(0, placement.size(), "no place left behind");
        assertArrayEquals(new long[4], placement.loadPerLoop());
    }

    @Test
    void relayedCallsKeepOffTheLoopOfATranscodedOne() {
        call("transcoded", BROWSER_TO_SIP_TRANSCODED, CHROMIUM, SIP_TO_BROWSER, TRUNK);
        int transcodedLoop = sc.calls.find("transcoded").loop();
        LoopPlacement placement = sc.calls.placement();
        assertEquals(1 + 2 * LoopPlacement.TRANSCODED_STREAM_WEIGHT, placement.loadPerLoop()[transcodedLoop],
                "both directions transcode");
        for (int i = 0; i < 30; i++) {
            call("relayed-" + i, SHIPPED, ALICE, SHIPPED, BOB);
        }
        assertEquals(1, placement.callsPerLoop()[transcodedLoop], "30 relayed calls, all on the other three loops");
        assertEquals("ok", sc.request(KamailioRequest.delete("transcoded", "a")).get("result"));
        assertEquals(0, placement.loadPerLoop()[transcodedLoop]);
    }

    @Test
    void aQueryOfAnUnknownCallLeavesNoPlace() {
        assertEquals("error", sc.request(KamailioRequest.query("nobody", "a")).get("result"));
        assertEquals(0, sc.calls.placement().size());
    }
}
