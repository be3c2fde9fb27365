package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.sidecar.testing.NgClient.dict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.testing.NgClient;

/** The media port range under pressure (issue 12 item 5), through the sidecar process's ng socket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MediaPortPressureTest {

    @Test
    void aHundredSequentialCallsOnATwoHundredPortRangeAllSucceed() throws Exception {
        // each call takes two RTP/RTCP pairs, so after 50 calls every free port sits in its 2 s quarantine
        try (SidecarProcess sidecar = SidecarProcess.start("quarantine");
             NgClient ng = new NgClient(sidecar.ngAddress())) {
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String callId = "sequential-" + i;
                Map<String, Object> offer = ng.request(dict("command", "offer", "call-id", callId,
                        "from-tag", "alice", "sdp", PlainSdp.audio(6000, 1)));
                Map<String, Object> answer = ng.request(dict("command", "answer", "call-id", callId,
                        "from-tag", "alice", "to-tag", "bob", "sdp", PlainSdp.audio(8000, 1)));
                if (!"ok".equals(offer.get("result")) || !"ok".equals(answer.get("result"))) {
                    failed.add(i + ": " + offer.get("error-reason") + " / " + answer.get("error-reason"));
                }
                ng.request(dict("command", "delete", "call-id", callId, "from-tag", "alice"));
            }
            assertEquals(List.of(), failed, "calls refused");
            assertEquals(0.0, sidecar.metric("sidecar_ports_in_use"));
        }
    }
}
