package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.rpc.DialogInfo;
import org.rtcsip.kamailio.rpc.DispatcherSet;
import org.rtcsip.kamailio.rpc.DispatcherState;
import org.rtcsip.kamailio.rpc.DispatcherTarget;
import org.rtcsip.kamailio.rpc.HtableItem;
import org.rtcsip.kamailio.rpc.KamailioInfo;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.KamailioRpcException;
import org.rtcsip.kamailio.rpc.KamailioStatistics;
import org.rtcsip.kamailio.rpc.KamailioUptime;
import org.rtcsip.kamailio.rpc.MethodNotAvailableException;
import org.rtcsip.kamailio.rpc.NotFoundException;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.kamailio.rpc.RtpengineReply;
import org.rtcsip.kamailio.rpc.TmStats;
import org.rtcsip.kamailio.rpc.UlAor;
import org.rtcsip.kamailio.rpc.UlContact;
import org.rtcsip.kamailio.rpc.WsConnection;
import org.rtcsip.kamailio.rpc.WsDump;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * Every typed method of {@link KamailioRpcClient} against a real Kamailio 5.6 running the shipped
 * kamailio.cfg (with -A WITH_DISPATCHER and a list file of the test's own), whose rtpengine set
 * holds a real rtpengine and an ng URL nobody answers. No recorded answers: each assertion is
 * about what that Kamailio said.
 */
class KamailioRpcClientIntegrationTest {

    private static final int SHARED_MEMORY_MB = 64; // KamailioProcess starts kamailio with -m 64

    private static RtpengineProcess rtpengine;
    private static KamailioProcess kamailio;
    private static KamailioRpcClient rpc;
    private static String deadNgUrl;
    private static Path dispatcherList;
    private static String gateway1;
    private static String gateway2;

    @BeforeAll
    static void startKamailio() throws IOException {
        rtpengine = RtpengineProcess.start(Network.host());
        deadNgUrl = "udp:127.0.0.1:" + FreePorts.udp();
        dispatcherList = Files.createTempFile("kamailio-rpc-it-", ".list");
        gateway1 = "sip:127.0.0.1:" + FreePorts.udp();
        gateway2 = "sip:127.0.0.1:" + FreePorts.udp();
        Files.writeString(dispatcherList, "# setid destination flags priority attrs\n"
                + "1 " + gateway1 + " 0 0 duid=gw1;weight=50\n"
                + "1 " + gateway2 + "\n");
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("WITH_DISPATCHER", null);
        defines.put("DISPATCHER_LIST", "\"" + dispatcherList + "\"");
        kamailio = KamailioProcess.start(Network.host(), rtpengine.ngUrl() + " " + deadNgUrl, defines);
        rpc = KamailioRpcClient.builder(kamailio.rpcUrl()).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (rpc != null) {
            rpc.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
        if (rtpengine != null) {
            rtpengine.close();
        }
        if (dispatcherList != null) {
            Files.deleteIfExists(dispatcherList);
        }
    }

    // ---- core ----

    @Test
    void coreVersionNamesKamailio56() {
        assertTrue(rpc.coreVersion().startsWith("kamailio 5.6."), rpc.coreVersion());
    }

    @Test
    void coreUptimeCountsSecondsSinceStart() throws InterruptedException {
        KamailioUptime first = rpc.coreUptime();
        assertFalse(first.upSince().isBlank());
        assertFalse(first.now().isBlank());
        Thread.sleep(1_100);
        KamailioUptime later = rpc.coreUptime();
        assertTrue(later.uptimeSeconds() > first.uptimeSeconds(), first + " then " + later);
        assertEquals(first.upSince(), later.upSince());
    }

    @Test
    void coreInfoListsTheBuildFlags() {
        KamailioInfo info = rpc.coreInfo();
        assertTrue(info.version().startsWith("kamailio 5.6"), info.toString());
        assertTrue(info.hasFlag("USE_TCP"), info.flags().toString());
        assertFalse(info.compiler().isBlank());
    }

    // ---- statistics ----

    @Test
    void statisticsCoverEveryLoadedModuleAndTheSharedMemoryKamailioWasGiven() {
        KamailioStatistics all = rpc.statistics();
        assertTrue(all.groups().containsAll(List.of("core", "shmem", "tcp", "tmx", "sl", "usrloc", "registrar",
                "websocket", "dialog")), all.groups().toString());
        assertEquals(SHARED_MEMORY_MB * 1024L * 1024L, all.value("shmem:total_size"));
    }

    @Test
    void statisticsOfOneGroupHoldOnlyThatGroup() {
        KamailioStatistics websocket = rpc.statistics("websocket");
        assertTrue(websocket.values().containsKey("websocket:ws_current_connections"), websocket.toString());
        assertEquals(List.of("websocket"), List.copyOf(websocket.groups()));
        assertEquals(websocket.values().keySet(), rpc.statistics("websocket:").values().keySet());
    }

    @Test
    void statisticsOfAnUnknownGroupAreEmptyNotAFault() {
        assertTrue(rpc.statistics("no_such_group").isEmpty());
    }

    // ---- tm ----

    @Test
    void tmStatsCountTheTransactionOfARelayedRequest() throws IOException {
        TmStats before = rpc.tmStats();
        try (DatagramSocket uas = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket uac = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            uas.setSoTimeout(5_000);
            uac.setSoTimeout(5_000);
            String target = "127.0.0.1:" + uas.getLocalPort();
            String message = "MESSAGE sip:bob@" + target + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + uac.getLocalPort() + ";branch=z9hG4bK-tm-" + System.nanoTime()
                    + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=tm1\r\n"
                    + "To: <sip:bob@" + target + ">\r\n"
                    + "Call-ID: tm-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 MESSAGE\r\n"
                    + "Content-Length: 0\r\n\r\n";
            send(uac, message, kamailio.sipPort());
            DatagramPacket relayed = receive(uas);
            String request = new String(relayed.getData(), 0, relayed.getLength(), StandardCharsets.US_ASCII);
            assertTrue(request.startsWith("MESSAGE sip:bob@" + target), request);
            send(uas, okFor(request), relayed.getPort());
            DatagramPacket answer = receive(uac);
            String reply = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("SIP/2.0 200"), "the UAC got the relayed 200: " + reply);
        }
        TmStats after = rpc.tmStats();
        assertEquals(before.total() + 1, after.total(), before + " then " + after);
        assertEquals(before.replies2xx() + 1, after.replies2xx(), before + " then " + after);
    }

    // ---- websocket + usrloc ----

    @Test
    void wsDumpShowsARegisteredBrowserAndWsCloseDisconnectsIt() throws Exception {
        try (SipWebSocketClient browser = SipWebSocketClient.connect(kamailio.wsUri())) {
            assertEquals("sip", browser.subprotocol());
            String reply = browser.register("alice-ws", "127.0.0.1");
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);

            UlAor aor = rpc.ulLookup("location", "alice-ws").orElseThrow();
            assertEquals(1, aor.contacts().size(), aor.toString());
            UlContact contact = aor.contacts().get(0);
            assertTrue(contact.address().endsWith(";transport=ws"), contact.address());
            assertEquals("kamailio-rpc-it", contact.userAgent());
            assertTrue(contact.tcpConnectionId() > 0, contact.toString());
            assertTrue(rpc.ulDump().stream().anyMatch(each -> each.aor().equals("alice-ws")
                    && each.table().equals("location")));

            WsDump dump = rpc.wsDump();
            WsConnection connection = dump.connections().stream()
                    .filter(each -> each.id() == contact.tcpConnectionId())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("ws.dump " + dump + " lacks connection "
                            + contact.tcpConnectionId() + " of " + contact));
            assertEquals("OPEN", connection.state());
            assertEquals("sip", connection.subProtocol());
            assertEquals("ws", connection.scheme());
            assertEquals(kamailio.wsPort(), connection.local().port());
            assertEquals("127.0.0.1", connection.remote().host());
            assertEquals("sip:127.0.0.1:" + connection.remote().port() + ";transport=ws", contact.received(),
                    "usrloc's received address is the WebSocket peer ws.dump shows");
            assertTrue(dump.total() >= 1);

            rpc.wsPing(connection.id());
            assertTrue(browser.awaitPings(1, Duration.ofSeconds(5)), "the browser saw no Ping after ws.ping");

            rpc.wsClose(connection.id());
            assertEquals(1000, browser.awaitClose(Duration.ofSeconds(5)), "close code the browser saw after ws.close");
            assertTrue(awaitGone(connection.id()), "ws.dump still lists connection " + connection.id());

        }
    }

    @Test
    void wsCloseOfAConnectionIdKamailioNeverGaveIsAFault() {
        KamailioRpcException unknown = assertThrows(KamailioRpcException.class, () -> rpc.wsClose(999_999));
        assertEquals(500, unknown.code());
        assertEquals("Unknown connection ID", unknown.kamailioMessage());
        assertEquals("ws.close: Unknown connection ID (500)", unknown.getMessage());
    }

    @Test
    void ulLookupOfAnAorWithoutContactsIsEmptyAndOfAMissingTableAFault() {
        assertEquals(Optional.empty(), rpc.ulLookup("location", "nobody-registered"));
        KamailioRpcException noTable = assertThrows(KamailioRpcException.class,
                () -> rpc.ulLookup("no_such_table", "nobody-registered"));
        assertEquals("Domain table not found", noTable.kamailioMessage());
    }

    // ---- rtpengine ----

    @Test
    void rtpengineShowListsTheConfiguredNgUrls() {
        List<RtpengineNode> nodes = rpc.rtpengineShow();
        assertEquals(List.of(rtpengine.ngUrl(), deadNgUrl), nodes.stream().map(RtpengineNode::url).toList());
        RtpengineNode live = nodes.get(0);
        assertEquals(0, live.set());
        assertEquals(1, live.weight());
        assertEquals(RtpengineNode.State.ENABLED, live.state(), live.toString());
        assertEquals(RtpengineNode.State.DISABLED, nodes.get(1).state(), "Kamailio pinged it at startup: "
                + nodes.get(1));
        assertEquals(List.of(live), rpc.rtpengineShow(rtpengine.ngUrl()));
    }

    @Test
    void rtpengineEnableZeroAndOneToggleTheSidecar() {
        String url = rtpengine.ngUrl();
        try {
            RtpengineReply disabled = rpc.rtpengineEnable(url, false);
            assertEquals(new RtpengineReply(url, RtpengineReply.Status.DISABLE), disabled);
            RtpengineNode off = rpc.rtpengineShow(url).get(0);
            assertEquals(RtpengineNode.State.DISABLED_PERMANENTLY, off.state());
            assertNull(off.recheckSeconds(), "Kamailio prints N/A: it does not ping a node disabled by hand");

            RtpengineReply enabled = rpc.rtpengineEnable(url, true);
            assertEquals(new RtpengineReply(url, RtpengineReply.Status.ENABLE), enabled);
            assertEquals(RtpengineNode.State.ENABLED, rpc.rtpengineShow(url).get(0).state());
        } finally {
            rpc.rtpengineEnable(url, true);
        }
    }

    @Test
    void enablingAnNgServerThatDoesNotAnswerFailsAndLeavesItDisabled() {
        RtpengineReply reply = rpc.rtpengineEnable(deadNgUrl, true);
        assertEquals(RtpengineReply.Status.FAIL, reply.status());
        assertTrue(reply.failed());
        assertEquals(RtpengineNode.State.DISABLED, rpc.rtpengineShow(deadNgUrl).get(0).state());
    }

    @Test
    void rtpenginePingReachesTheRealRtpengineAndNotTheDeadUrl() {
        assertEquals(RtpengineReply.Status.SUCCESS, rpc.rtpenginePing(rtpengine.ngUrl()).status());
        assertEquals(RtpengineReply.Status.FAIL, rpc.rtpenginePing(deadNgUrl).status());
    }

    @Test
    void rtpengineShowOfAnUnconfiguredUrlIsNotFound() {
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> rpc.rtpengineShow("udp:127.0.0.1:1"));
        assertEquals(404, missing.code());
        assertEquals("rtpengine.show", missing.method());
        assertEquals("rtpengine.show: Instance not found (404)", missing.getMessage());
    }

    @Test
    void rtpengineReloadIsRefusedWithoutARtpengineDatabase() {
        KamailioRpcException refused = assertThrows(KamailioRpcException.class, rpc::rtpengineReload);
        assertFalse(refused instanceof MethodNotAvailableException, "the method exists: " + refused);
        assertEquals(500, refused.code());
        assertEquals("No Database URL", refused.kamailioMessage());
    }

    // ---- dispatcher ----

    @Test
    void dispatcherListShowsTheListFileAndSetStateChangesTheFlags() {
        DispatcherSet set = onlySet(rpc.dispatcherList(), 1);
        Map<String, DispatcherTarget> byUri = set.targets().stream()
                .collect(Collectors.toMap(DispatcherTarget::uri, target -> target));
        assertEquals(Map.of(gateway1, "AX", gateway2, "AX"), flagsOf(byUri));
        DispatcherTarget first = byUri.get(gateway1);
        assertEquals("gw1", first.duid());
        assertEquals(50L, first.weight());
        assertEquals("duid=gw1;weight=50", first.attrs());
        assertNull(byUri.get(gateway2).attrs());

        try {
            assertEquals("Ok. Dispatcher state updated.",
                    rpc.dispatcherSetState(DispatcherState.INACTIVE, true, 1, gateway2));
            DispatcherTarget changed = targetOf(rpc.dispatcherList(), 1, gateway2);
            assertEquals("IP", changed.flags());
            assertEquals(DispatcherState.INACTIVE, changed.state());
            assertTrue(changed.probing());
        } finally {
            rpc.dispatcherSetState(DispatcherState.ACTIVE, false, 1, "all");
        }
        assertEquals("AX", targetOf(rpc.dispatcherList(), 1, gateway2).flags());
    }

    @Test
    void dispatcherReloadReadsTheEditedListFile() throws IOException {
        String gateway3 = "sip:127.0.0.1:" + FreePorts.udp();
        Files.writeString(dispatcherList, "2 " + gateway3 + "\n", StandardOpenOption.APPEND);
        assertEquals("Ok. Dispatcher successfully reloaded.", rpc.dispatcherReload());
        assertEquals(List.of(gateway3), onlySet(rpc.dispatcherList(), 2).targets().stream()
                .map(DispatcherTarget::uri).toList());
    }

    // ---- dialog ----

    @Test
    void dlgListIsEmptyWhileNoCallIsUp() {
        List<DialogInfo> dialogs = rpc.dlgList();
        assertEquals(List.of(), dialogs);
    }

    // ---- htable ----

    @Test
    void htableSetsThenGetAndDumpReturnTheValue() {
        rpc.htableSets("ops", "draining", "udp:10.0.0.5:2223");
        HtableItem item = rpc.htableGet("ops", "draining").orElseThrow();
        assertEquals("draining", item.name());
        assertEquals("udp:10.0.0.5:2223", item.value());
        assertFalse(item.integer());
        assertEquals("NEVER", item.expire(), "the ops table has autoexpire=0");
        assertTrue(rpc.htableDump("ops").contains(new HtableItem("draining", "udp:10.0.0.5:2223", false, null)),
                rpc.htableDump("ops").toString());
    }

    @Test
    void htableGetOfAMissingKeyIsEmptyAndOfAMissingTableAFault() {
        assertEquals(Optional.empty(), rpc.htableGet("ops", "never-set"));
        KamailioRpcException noTable = assertThrows(KamailioRpcException.class,
                () -> rpc.htableGet("no_such_table", "x"));
        assertEquals("No such htable", noTable.kamailioMessage());
    }

    // ---- faults ----

    @Test
    void anUnknownMethodIsReportedAsNotAvailable() {
        MethodNotAvailableException unknown = assertThrows(MethodNotAvailableException.class,
                () -> rpc.read("nosuch.method"));
        assertEquals(500, unknown.code());
        assertEquals("Method Not Found", unknown.kamailioMessage());
        assertNull(unknown.module());
        assertTrue(unknown.getMessage().startsWith("method not available: nosuch.method"), unknown.getMessage());
    }

    @Test
    void aUrlOutsideRpcGetsTheCfgsHttp404() {
        String wrongPath = kamailio.rpcUrl().replace("/RPC", "/nope");
        try (KamailioRpcClient wrong = KamailioRpcClient.builder(wrongPath).build()) {
            KamailioRpcException notRpc = assertThrows(KamailioRpcException.class, wrong::coreVersion);
            assertEquals(404, notRpc.code());
            assertFalse(notRpc instanceof NotFoundException, "a wrong path is not a missing RPC object");
            assertTrue(notRpc.getMessage().contains("serves POST /RPC"), notRpc.getMessage());
            assertFalse(notRpc.getMessage().contains("\n"));
        }
    }

    // ---- helpers ----

    private static boolean awaitGone(int id) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            if (rpc.wsDump().connections().stream().noneMatch(each -> each.id() == id)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static DispatcherSet onlySet(List<DispatcherSet> sets, int id) {
        return sets.stream().filter(set -> set.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no dispatcher set " + id + " in " + sets));
    }

    private static DispatcherTarget targetOf(List<DispatcherSet> sets, int id, String uri) {
        return onlySet(sets, id).targets().stream().filter(target -> target.uri().equals(uri)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + uri + " in set " + id + " of " + sets));
    }

    private static Map<String, String> flagsOf(Map<String, DispatcherTarget> byUri) {
        return byUri.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().flags()));
    }

    private static void send(DatagramSocket socket, String message, int port) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        socket.receive(packet);
        return packet;
    }

    /** A 200 OK for a relayed request: its Via, From, To (plus a tag), Call-ID and CSeq. */
    private static String okFor(String request) {
        StringBuilder reply = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
            switch (name) {
                case "Via":
                case "From":
                case "Call-ID":
                case "CSeq":
                    reply.append(line).append("\r\n");
                    break;
                case "To":
                    reply.append(line).append(";tag=uas1\r\n");
                    break;
                default:
                    break;
            }
        }
        return reply.append("Content-Length: 0\r\n\r\n").toString();
    }
}
