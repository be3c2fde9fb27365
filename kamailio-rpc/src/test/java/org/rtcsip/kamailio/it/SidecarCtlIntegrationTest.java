package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.cli.SidecarCtl;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * {@code sidecarctl kamailio ...} against a real Kamailio 5.6 (shipped cfg) whose rtpengine set
 * holds a real rtpengine and a dead ng URL: what it prints, and the exit codes scripts rely on
 * (0 done, 1 Kamailio said no, 2 usage, 3 unreachable).
 */
class SidecarCtlIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RtpengineProcess rtpengine;
    private static KamailioProcess kamailio;
    private static String deadNgUrl;

    @BeforeAll
    static void startKamailio() {
        rtpengine = RtpengineProcess.start(Network.host());
        deadNgUrl = "udp:127.0.0.1:" + FreePorts.udp();
        kamailio = KamailioProcess.start(Network.host(), rtpengine.ngUrl() + " " + deadNgUrl, Map.of());
    }

    @AfterAll
    static void stop() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (rtpengine != null) {
            rtpengine.close();
        }
    }

    // ---- ws ----

    @Test
    void wsListShowsTheRegisteredBrowserAndWsCloseDisconnectsIt() throws Exception {
        try (SipWebSocketClient browser = SipWebSocketClient.connect(kamailio.wsUri())) {
            assertTrue(browser.register("carol", "127.0.0.1").startsWith("SIP/2.0 200"));

            Run json = sidecarctl("--json", "kamailio", "ws", "list");
            assertEquals(0, json.code, json.toString());
            JsonNode connections = JSON.readTree(json.out).get("connections");
            JsonNode mine = null;
            for (JsonNode connection : connections) {
                if (connection.get("local").get("port").asInt() == kamailio.wsPort()) {
                    mine = connection;
                }
            }
            assertTrue(mine != null, json.out);
            int id = mine.get("id").asInt();
            assertEquals("OPEN", mine.get("state").asText());
            assertEquals("sip", mine.get("subProtocol").asText());

            Run table = sidecarctl("kamailio", "ws", "list");
            assertEquals(0, table.code, table.toString());
            List<String> lines = table.lines();
            assertEquals(List.of("ID", "SCHEME", "REMOTE", "LOCAL", "STATE", "IDLE", "PROTOCOL"),
                    List.of(lines.get(0).split("\\s+")));
            String row = lines.stream().filter(line -> line.startsWith(id + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for connection " + id + " in\n" + table.out));
            List<String> cells = List.of(row.split("\\s+"));
            assertEquals(List.of(Integer.toString(id), "ws"), cells.subList(0, 2));
            assertEquals("127.0.0.1:" + kamailio.wsPort(), cells.get(3));
            assertEquals(List.of("OPEN"), cells.subList(4, 5));
            assertEquals("sip", cells.get(6));
            assertEquals("1 connection", lines.get(lines.size() - 1));

            Run ping = sidecarctl("kamailio", "ws", "ping", Integer.toString(id));
            assertEquals(new Run(0, "sent a Ping on WebSocket connection " + id + "\n", ""), ping);
            assertTrue(browser.awaitPings(1, Duration.ofSeconds(5)), "no Ping reached the browser");

            Run close = sidecarctl("kamailio", "ws", "close", Integer.toString(id));
            assertEquals(new Run(0, "closed WebSocket connection " + id + "\n", ""), close);
            assertEquals(1000, browser.awaitClose(Duration.ofSeconds(5)));
        }
    }

    @Test
    void wsCloseOfAnUnknownIdExitsOneWithKamailiosReasonInOneLine() {
        Run run = sidecarctl("kamailio", "ws", "close", "999999");
        assertEquals(new Run(1, "", "sidecarctl: ws.close: Unknown connection ID (500)\n"), run);
    }

    // ---- rtpengine ----

    @Test
    void rtpengineShowTabulatesTheSetAndJsonGivesTheRecords() throws Exception {
        Run table = sidecarctl("kamailio", "rtpengine", "show");
        assertEquals(0, table.code, table.toString());
        assertEquals(List.of("URL", "SET", "INDEX", "WEIGHT", "STATE"), List.of(table.lines().get(0).split("\\s+")));
        String live = row(table, rtpengine.ngUrl());
        assertEquals(List.of(rtpengine.ngUrl(), "0", "0", "1", "enabled"), List.of(live.split("\\s+")));
        assertTrue(row(table, deadNgUrl).contains("disabled (no answer"), table.out);

        Run json = sidecarctl("kamailio", "rtpengine", "show", rtpengine.ngUrl(), "--json");
        assertEquals(0, json.code, json.toString());
        JsonNode nodes = JSON.readTree(json.out);
        assertEquals(1, nodes.size());
        assertEquals(rtpengine.ngUrl(), nodes.get(0).get("url").asText());
        assertEquals("ENABLED", nodes.get(0).get("state").asText());
    }

    @Test
    void rtpengineDisableThenEnableTogglesTheSidecarInKamailio() throws Exception {
        String url = rtpengine.ngUrl();
        try {
            assertEquals(new Run(0, "disabled " + url + ": Kamailio sends it no new calls\n", ""),
                    sidecarctl("kamailio", "rtpengine", "disable", url));
            assertTrue(row(sidecarctl("kamailio", "rtpengine", "show"), url).endsWith("disabled (by hand or drain)"));

            Run enable = sidecarctl("--json", "kamailio", "rtpengine", "enable", url);
            assertEquals(0, enable.code, enable.toString());
            assertEquals(JSON.readTree("{\"url\":\"" + url + "\",\"status\":\"ENABLE\"}"), JSON.readTree(enable.out));
            assertTrue(row(sidecarctl("kamailio", "rtpengine", "show"), url).endsWith("enabled"));
        } finally {
            sidecarctl("kamailio", "rtpengine", "enable", url);
        }
    }

    @Test
    void enablingAnNgServerThatDoesNotAnswerExitsOne() {
        Run run = sidecarctl("kamailio", "rtpengine", "enable", deadNgUrl);
        assertEquals(1, run.code, run.toString());
        assertEquals("", run.out);
        assertEquals("sidecarctl: rtpengine.enable: Kamailio pinged " + deadNgUrl + " and got no answer: it stays "
                + "disabled (is the sidecar up and its ng port reachable from Kamailio?)\n", run.err);
    }

    @Test
    void enablingAUrlKamailioDoesNotHaveExitsOneWithNotFound() {
        Run run = sidecarctl("kamailio", "rtpengine", "enable", "udp:127.0.0.1:1");
        assertEquals(new Run(1, "", "sidecarctl: rtpengine.enable: Instance not found (404): udp:127.0.0.1:1 is not "
                + "in Kamailio's rtpengine_sock (see: sidecarctl kamailio rtpengine show)\n"), run);
    }

    // ---- stats ----

    @Test
    void statsOfAGroupListsItsCountersAndJsonMapsThem() throws Exception {
        Run table = sidecarctl("kamailio", "stats", "shmem");
        assertEquals(0, table.code, table.toString());
        assertEquals(List.of("NAME", "VALUE"), List.of(table.lines().get(0).split("\\s+")));
        assertEquals(List.of("shmem:total_size", Long.toString(64L * 1024 * 1024)),
                List.of(row(table, "shmem:total_size").split("\\s+")));
        assertTrue(table.lines().stream().skip(1).allMatch(line -> line.startsWith("shmem:")), table.out);

        Run json = sidecarctl("kamailio", "stats", "websocket", "--json");
        assertEquals(0, json.code, json.toString());
        JsonNode counters = JSON.readTree(json.out);
        assertTrue(counters.get("websocket:ws_current_connections").isIntegralNumber(), json.out);
        counters.fieldNames().forEachRemaining(name -> assertTrue(name.startsWith("websocket:"), name));

        Run all = sidecarctl("kamailio", "stats");
        assertEquals(0, all.code);
        assertTrue(all.out.contains("\ncore:rcv_requests "), "all groups, core included");
        assertTrue(all.out.contains("\nusrloc:"), "all groups, usrloc included");
    }

    @Test
    void statsOfAGroupKamailioDoesNotHaveExitsOneNamingTheGroupsItHas() {
        Run run = sidecarctl("kamailio", "stats", "nosuch");
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err.startsWith("sidecarctl: Kamailio has no statistics group 'nosuch' (it has: core, dialog, "),
                run.err);
        assertEquals(1, run.err.split("\n").length);
    }

    // ---- usage, unreachable ----

    @Test
    void usageErrorsExitTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"kamailio"}, new String[] {"kamailio", "ws"},
                new String[] {"kamailio", "ws", "close"}, new String[] {"kamailio", "ws", "close", "abc"},
                new String[] {"kamailio", "ws", "lst"}, new String[] {"--bogus", "kamailio", "ws", "list"},
                new String[] {"--rpc-url", "ftp://127.0.0.1/RPC", "kamailio", "ws", "list"},
                new String[] {"kamailio", "rtpengine", "enable"})) {
            Run run = sidecarctl(args);
            assertEquals(2, run.code, String.join(" ", args) + " -> " + run);
            assertEquals("", run.out, String.join(" ", args));
            assertTrue(run.err.startsWith("sidecarctl: "), run.err);
        }
    }

    @Test
    void helpExitsZeroAndListsTheExitCodes() {
        Run run = sidecarctl("--help");
        assertEquals(0, run.code);
        assertTrue(run.out.contains("3    Kamailio unreachable"), run.out);
        assertTrue(sidecarctl("kamailio", "rtpengine", "--help").out.contains("disable"));
    }

    @Test
    void anUnreachableKamailioExitsThreeInOneLine() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/RPC";
        long start = System.nanoTime();
        Run run = sidecarctl("--rpc-url", url, "kamailio", "ws", "list");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(new Run(3, "", "sidecarctl: Kamailio unreachable at " + url
                + ": connection refused (ws.dump, 3 attempts)\n"), run);
        assertTrue(elapsedMillis >= 200 + 400, "the read was retried after 200 and 400 ms; took " + elapsedMillis);

        Run write = sidecarctl("--rpc-url", url, "kamailio", "rtpengine", "disable", "udp:127.0.0.1:2223");
        assertEquals(new Run(3, "", "sidecarctl: Kamailio unreachable at " + url
                + ": connection refused (rtpengine.enable, 1 attempt)\n"), write);
    }

    // ---- helpers ----

    private static Run sidecarctl(String... args) {
        List<String> withUrl = new ArrayList<>(List.of(args));
        if (!withUrl.contains("--rpc-url")) {
            withUrl.add(0, kamailio.rpcUrl());
            withUrl.add(0, "--rpc-url");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SidecarCtl.execute(new PrintWriter(out), new PrintWriter(err), withUrl.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String row(Run run, String first) {
        return run.lines().stream().filter(line -> line.startsWith(first + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting " + first + " in\n" + run.out)).trim();
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
}
