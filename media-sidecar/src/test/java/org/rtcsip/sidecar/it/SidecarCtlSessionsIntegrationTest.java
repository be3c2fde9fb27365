package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.kamailio.cli.SidecarCtl;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.testing.PlainCall;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * {@code sidecarctl sessions list|show|delete}, {@code ping} and {@code drain} against a real sidecar in this JVM
 * carrying a call set up over ng: what they print, and the exit codes (0 done, 1 refused or no such call,
 * 3 unreachable).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SidecarCtlSessionsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSidecar sidecar;
    private NgClient ng;
    private PlainCall call;

    @BeforeEach
    void callOnASidecar() throws Exception {
        sidecar = new TestSidecar("--drain-timeout=30");
        ng = sidecar.ngClient();
        call = PlainCall.start(ng, "ctl-1@127.0.0.1");
    }

    @AfterEach
    void stop() {
        call.close();
        ng.close();
        sidecar.close();
    }

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run sidecarctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--sidecar-url",
                "http://127.0.0.1:" + sidecar.sidecar.httpAddress().getPort(),
                "--ng-url", "udp:127.0.0.1:" + sidecar.ng.getPort()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static int closedTcpPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void sessionsListTabulatesTheCallsAndJsonIsTheSidecarsDocument() throws Exception {
        assertEquals(20, call.aliceToBob(20));
        assertEquals(15, call.bobToAlice(15));

        Run table = sidecarctl("sessions", "list");
        assertEquals(0, table.code, table.toString());
        assertEquals(List.of("CALL-ID", "AGE", "LEGS", "PACKETS", "LAST-PACKET"), List.of(table.lines().get(0).split("\\s+")));
        List<String> row = List.of(table.lines().get(1).split("\\s+"));
        assertEquals("ctl-1@127.0.0.1", row.get(0));
        assertEquals(List.of("2", "35"), row.subList(2, 4), table.out);
        assertTrue(row.get(4).matches("[01]s"), table.out);
        assertEquals("1 call", table.lines().get(2));

        Run json = sidecarctl("--json", "sessions", "list");
        assertEquals(0, json.code, json.toString());
        assertEquals(JSON.readTree(sidecar.http("/sessions")).get(0).get("call-id"),
                JSON.readTree(json.out).get(0).get("call-id"));
        assertEquals(35, JSON.readTree(json.out).get(0).get("totals").get("RTP").get("packets").asInt());
    }

    @Test
    void sessionsShowListsEachPartysSocketAndFlagsOneWayAudio() throws Exception {
        assertEquals(20, call.aliceToBob(20));

        Run show = sidecarctl("sessions", "show", "ctl-1@127.0.0.1");
        assertEquals(0, show.code, show.toString());
        List<String> lines = show.lines();
        assertEquals("call      ctl-1@127.0.0.1", lines.get(0));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("TAG ")).findFirst().orElseThrow());
        assertEquals(List.of("TAG", "MEDIA", "KIND", "SIDECAR", "PARTY", "CODEC", "PACKETS", "ERRORS", "LAST-PACKET"),
                List.of(lines.get(header).split("\\s+")));
        List<String> aliceRtp = List.of(lines.get(header + 1).split("\\s+"));
        assertEquals(List.of("alice-tag", "1", "audio", "RTP"), aliceRtp.subList(0, 4));
        assertEquals("127.0.0.1:" + call.alice.port(), aliceRtp.get(5));
        assertEquals(List.of("PCMU/8000", "20", "0"), aliceRtp.subList(6, 9));
        List<String> bobRtp = List.of(lines.get(header + 3).split("\\s+"));
        assertEquals(List.of("bob-tag", "1", "audio", "RTP"), bobRtp.subList(0, 4));
        assertEquals(List.of("0", "0", "never"), bobRtp.subList(7, 10));
        assertEquals("note: one-way audio: no RTP from party bob-tag (127.0.0.1:" + call.bob.port() + ") on "
                + bobRtp.get(4) + " since the call began; the other party's RTP arrives", lines.get(lines.size() - 1));
        assertTrue(lines.contains("  alice-tag m=1 RTP:  source-gate > rtp-check > confirm > stats > send"),
                show.out);
        assertTrue(lines.contains("  bob-tag m=1 RTCP: source-gate > rtcp-check > confirm > stats > send"), show.out);

        assertEquals(10, call.bobToAlice(10));
        Run both = sidecarctl("sessions", "show", "ctl-1@127.0.0.1");
        assertFalse(both.out.contains("note:"), both.out);

        Run json = sidecarctl("sessions", "show", "ctl-1@127.0.0.1", "--json");
        assertEquals(20, JSON.readTree(json.out).at("/tags/alice-tag/medias/0/streams/0/stats/packets").asInt(),
                json.out);
    }

    @Test
    void showAndDeleteOfACallTheSidecarDoesNotHaveExitOneInOneLine() {
        Run show = sidecarctl("sessions", "show", "nosuch");
        assertEquals(new Run(1, "", "sidecarctl: no call nosuch on the sidecar at http://127.0.0.1:"
                + sidecar.sidecar.httpAddress().getPort() + " (1 call; see: sidecarctl sessions list)\n"), show);
        Run delete = sidecarctl("sessions", "delete", "nosuch");
        assertEquals(new Run(1, "", "sidecarctl: no call nosuch on the sidecar at udp:127.0.0.1:" + sidecar.ng.getPort()
                + " (ng delete: Call-ID not found; see: sidecarctl sessions list)\n"), delete);
    }

    @Test
    void sessionsDeleteEndsTheCallOnTheSidecar() throws Exception {
        Run delete = sidecarctl("sessions", "delete", "ctl-1@127.0.0.1");
        assertEquals(new Run(0, "deleted call ctl-1@127.0.0.1 on udp:127.0.0.1:" + sidecar.ng.getPort()
                + ": media stopped, ports freed\n", ""), delete);
        assertEquals(0, call.aliceToBob(1), "no media after the delete");
        assertEquals(new Run(0, "no calls on the sidecar at http://127.0.0.1:" + sidecar.sidecar.httpAddress().getPort()
                + "\n", ""), sidecarctl("sessions", "list"));
        assertEquals(0.0, sidecar.metric("sidecar_ports_in_use"));
    }

    @Test
    void pingAnswersLikeKamailiosPing() throws Exception {
        Run ping = sidecarctl("ping");
        assertEquals(0, ping.code, ping.toString());
        assertTrue(ping.out.matches("pong from udp:127\\.0\\.0\\.1:" + sidecar.ng.getPort() + " in \\d+\\.\\d ms\n"),
                ping.out);
        JsonNode json = JSON.readTree(sidecarctl("--json", "ping").out);
        assertEquals("pong", json.get("result").asText());
    }

    @Test
    void anUnreachableSidecarExitsThreeInOneLine() throws Exception {
        int closed = closedTcpPort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), "--sidecar-url",
                "http://127.0.0.1:" + closed, "sessions", "list");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, code, err.toString());
        assertEquals("sidecarctl: sidecar unreachable at http://127.0.0.1:" + closed + ": connection refused (is the "
                + "sidecar running, and is this its listen-http?) (GET /sessions) (3 attempts)\n", err.toString());
        assertTrue(millis >= 600, "retried after 200 and 400 ms, took " + millis);

        StringWriter pingErr = new StringWriter();
        int pingCode = SidecarCtl.execute(new PrintWriter(new StringWriter()), new PrintWriter(pingErr), "--ng-url",
                "udp:127.0.0.1:" + closed, "ping");
        assertEquals(3, pingCode);
        assertEquals("sidecarctl: sidecar unreachable at udp:127.0.0.1:" + closed + ": nothing listens there (ICMP "
                + "port unreachable; ng ping) (1 attempt)\n", pingErr.toString());
    }

    @Test
    void drainStartsTheSidecarsDrainAndSaysHowNewCallsStop() throws Exception {
        Run drain = sidecarctl("drain");
        assertEquals(0, drain.code, drain.toString());
        String url = "http://127.0.0.1:" + sidecar.sidecar.httpAddress().getPort();
        assertEquals(List.of("draining the sidecar at " + url + ": 1 call in progress; no new calls, it exits when "
                        + "they end, in 30 s at most",
                "the sidecar runs without --kamailio-rpc: take it out of Kamailio's set yourself (sidecarctl kamailio "
                        + "rtpengine disable <its ng URL>)"), drain.lines());
        assertEquals(Drain.Phase.DRAINING, sidecar.sidecar.drainPhase());
        assertEquals(10, call.aliceToBob(10), "the call in progress keeps its media");

        Run again = sidecarctl("--json", "drain");
        assertEquals(0, again.code, again.toString());
        JsonNode json = JSON.readTree(again.out);
        assertFalse(json.get("started").asBoolean());
        assertEquals(1, json.get("sessions").asInt());
        assertTrue(json.get("seconds_left").asInt() <= 30);

        assertEquals(0, sidecarctl("sessions", "delete", "ctl-1@127.0.0.1").code);
        assertFalse(sidecar.sidecar.drained().get(2, TimeUnit.SECONDS).timedOut());
    }

    @Test
    void usageErrorsExitTwoNamingTheProblem() {
        List<List<String>> cases = List.of(
                List.of("sessions"), List.of("sessions", "show"), List.of("sessions", "lst"),
                List.of("--sidecar-url", "ftp://x", "sessions", "list"),
                List.of("--ng-url", "tcp:127.0.0.1:1", "ping"),
                List.of("drain", "--wait-timeout", "0"));
        List<String> firstLines = new ArrayList<>();
        for (List<String> args : cases) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
            assertEquals(2, code, args + " -> " + err);
            assertEquals("", out.toString(), args.toString());
            firstLines.add(err.toString().split("\n")[0]);
        }
        assertEquals(List.of(
                "sidecarctl: missing COMMAND (list, show or delete)",
                "sidecarctl: Missing required parameter: 'CALL-ID'",
                "sidecarctl: Unmatched argument at index 1: 'lst'",
                "sidecarctl: --sidecar-url: not an http:// URL: ftp://x (the sidecar's listen-http, usually "
                        + "http://127.0.0.1:2225)",
                "sidecarctl: --ng-url: ng URL tcp:127.0.0.1:1: only udp: and udp6: are supported",
                "sidecarctl: --wait-timeout must be 1..86400 seconds, got 0"), firstLines);
    }
}
