package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.cli.SidecarCtl;
import org.rtcsip.testbed.ports.FreePorts;

/**
 * {@code sidecarctl asterisk calls|channels|bridges} (kamailio-rpc's CLI) against the real Asterisk, media-sidecar
 * and this ari-bridge, with one call up through media-sidecar: a PCMU probe caller to a PCMA-only callee. What each
 * command prints while the call is up and after it, and the exit codes scripts rely on (1 refused, 3 unreachable).
 */
class SidecarCtlAsteriskTest extends OnAsteriskBed {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsTheCallItsChannelsAndBridgesWhileUpAndNothingAfterwards() throws Exception {
        String callId;
        try (ProbeCaller caller = bed.caller()) {
            caller.dial("echo");
            caller.awaitAnswered(Duration.ofSeconds(5));
            callId = "arib-" + caller.dialplanSide();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (bed.bridge.stasis().describeCalls().stream().noneMatch(c -> c.state().equals("UP"))) {
                assertTrue(System.nanoTime() < deadline, "call not up: " + bed.bridge.stasis().describeCalls());
                Thread.sleep(20);
            }

            Run calls = sidecarctl("asterisk", "calls");
            assertEquals(0, calls.code, calls.toString());
            assertEquals(List.of("CALL-ID", "STATE", "CODECS", "AGE", "CALLER", "TARGET", "DIAL"),
                    List.of(calls.lines().get(0).split("\\s+")));
            String row = calls.row(callId);
            assertTrue(row.matches(Pattern.quote(callId) + "\\s+UP\\s+ulaw<->alaw\\s+\\d+s\\s+"
                    + "Local/echo@from-test-\\S+;2 Up\\s+Local/echo@test-media-\\S+;1 Up\\s+"
                    + Pattern.quote("Local/echo@test-media/n")), row);
            assertEquals("1 call", calls.lines().get(calls.lines().size() - 1));

            Run json = sidecarctl("--json", "asterisk", "calls");
            assertEquals(0, json.code, json.toString());
            JsonNode call = JSON.readTree(json.out).path("calls").get(0);
            assertEquals(callId, call.path("callId").asText());
            assertEquals(caller.dialplanSide(), call.path("callerChannel").asText());

            Run channels = sidecarctl("asterisk", "channels");
            assertEquals(0, channels.code, channels.toString());
            assertEquals(List.of("ID", "NAME", "STATE", "CALLER", "DIALPLAN", "AGE", "ARI-BRIDGE"),
                    List.of(channels.lines().get(0).split("\\s+")));
            assertTrue(channels.row(callId + "-b").endsWith("target of " + callId), channels.out);
            assertTrue(channels.row(callId + "-ema").contains(" WebSocket/"), channels.out);
            assertTrue(channels.row(callId + "-ema").endsWith("media (caller side) of " + callId), channels.out);
            assertTrue(channels.row(callId + "-emb").endsWith("media (target side) of " + callId), channels.out);
            assertTrue(channels.row(caller.dialplanSide()).contains(" Stasis(ari-bridge,"), channels.out);

            Run bridges = sidecarctl("asterisk", "bridges");
            assertEquals(0, bridges.code, bridges.toString());
            assertTrue(bridges.row(callId + "-ba").matches(".*mixing\\s+simple_bridge\\s+\\S+,\\S+\\s+\\d+s\\s+"
                    + "caller's bridge of " + Pattern.quote(callId)), bridges.out);
            assertTrue(bridges.row(callId + "-ba").contains(caller.dialplanSide()), bridges.out);
            assertTrue(bridges.row(callId + "-bb").endsWith("target's bridge of " + callId), bridges.out);
            assertEquals("2 bridges", bridges.lines().get(bridges.lines().size() - 1));
            caller.hangup();
        }
        bed.assertNothingLeft(Duration.ofSeconds(3));
        assertEquals(new Run(0, "no calls through media-sidecar in ari-bridge at http://127.0.0.1:2227\n", ""),
                sidecarctl("asterisk", "calls"));
        assertEquals(new Run(0, "no bridges in Asterisk at http://127.0.0.1:8088\n", ""),
                sidecarctl("asterisk", "bridges"));
        assertEquals(new Run(0, "no channels in Asterisk at http://127.0.0.1:8088\n", ""),
                sidecarctl("asterisk", "channels"));
    }

    @Test
    void aWrongAriUserExitsOneAndNothingListeningExitsThree() {
        Run wrong = sidecarctl("asterisk", "channels", "--ari-user", "nobody");
        assertEquals(1, wrong.code, wrong.toString());
        assertTrue(wrong.err.startsWith("sidecarctl: GET http://127.0.0.1:8088/ari/channels: HTTP 401, Asterisk (ARI)"
                + " refused the ARI user and password"), wrong.err);

        String nowhere = "http://127.0.0.1:" + FreePorts.tcp();
        Run down = sidecarctl("asterisk", "calls", "--ari-bridge-url", nowhere);
        assertEquals(3, down.code, down.toString());
        assertEquals("sidecarctl: ari-bridge unreachable at " + nowhere + "/: connection refused (is ari-bridge"
                + " running, and is this its address?) (GET /calls)\n", down.err);
    }

    private static Run sidecarctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** One sidecarctl run: exit code, stdout, stderr. */
    private record Run(int code, String out, String err) {
        List<String> lines() {
            return List.of(out.split("\n"));
        }

        String row(String first) {
            return lines().stream().filter(line -> line.startsWith(first + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row starting " + first + " in\n" + out)).trim();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
