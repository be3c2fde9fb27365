package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * The session's log lines about a call carry the call's id and the party's tag ({@code logging/CallLog}), so an
 * operator can grep one call out of a busy log: an unknown interface name, an Opus fmtp the encoder cannot follow,
 * DTMF that cannot cross a transcoded call, and the teardown, from the sidecar process's log.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CallLogLinesTest {

    @Test
    void sessionLinesAboutACallNameItsIdAndTag() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "call-log", "--codec-warmup=0",
                "--log-level=7");
             NgClient ng = sidecar.ngClient()) {
            // a browser-like party whose fmtp says useinbandfec=yes, toward a trunk that speaks PCMU only
            String alice = TranscodingSignals.browserSdp(6000).replace("useinbandfec=1", "useinbandfec=yes")
                    .replace(" 111 110\r\n", " 111\r\n").replace("a=rtpmap:110 telephone-event/48000\r\n", "")
                    .replace("a=fmtp:110 0-15\r\n", "");
            Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", "log-call", "from-tag",
                    "alice", "sdp", alice, "direction", List.of("nowhere", "nowhere"),
                    "codec", dict("mask", List.of("opus"), "transcode", List.of("PCMU"))));
            assertEquals("ok", offer.get("result"), offer.toString());
            Map<String, Object> answer = ng.exchange(dict("command", "answer", "call-id", "log-call", "from-tag",
                    "alice", "to-tag", "bob", "sdp", TranscodingSignals.trunkSdp(8000)));
            assertEquals("ok", answer.get("result"), answer.toString());
            ng.exchange(dict("command", "delete", "call-id", "log-call", "from-tag", "alice"));

            sidecar.awaitLog("[CallRegistry] [log-call] torn down: deleted");
            String log = sidecar.logText();
            assertTrue(log.contains("[Negotiation] [log-call alice] Interface 'nowhere' not found, using default"),
                    sidecar.logTail(40));
            assertTrue(Pattern.compile("\\[Commit] \\[log-call alice port \\d+] opus fmtp useinbandfec=yes: not 0"
                    + " or 1, ignored").matcher(log).find(), sidecar.logTail(40));
            assertTrue(Pattern.compile("\\[Commit] \\[log-call (alice|bob) port \\d+] DTMF cannot cross ")
                    .matcher(log).find(), sidecar.logTail(40));
        }
    }
}
