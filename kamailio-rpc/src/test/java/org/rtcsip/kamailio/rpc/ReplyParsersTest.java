package org.rtcsip.kamailio.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The result parsers on what Kamailio 5.6.3 really returned (captures/kamailio-5.6.3-results.json),
 * on results missing what they need, and on randomly damaged copies of those results.
 */
class ReplyParsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every parser the client applies to a result, by method. */
    private static final Map<String, Function<JsonNode, ?>> PARSERS = parsers();

    private static Map<String, Function<JsonNode, ?>> parsers() {
        Map<String, Function<JsonNode, ?>> parsers = new LinkedHashMap<>();
        parsers.put("core.uptime", KamailioUptime::from);
        parsers.put("core.info", KamailioInfo::from);
        parsers.put("stats.get_statistics", KamailioStatistics::from);
        parsers.put("tm.stats", TmStats::from);
        parsers.put("ws.dump", WsDump::from);
        parsers.put("rtpengine.show", RtpengineNode::listFrom);
        parsers.put("rtpengine.enable", RtpengineReply::from);
        parsers.put("dispatcher.list", DispatcherSet::listFrom);
        parsers.put("ul.dump", UlAor::dumpFrom);
        parsers.put("ul.lookup", result -> UlAor.from("location", result));
        parsers.put("dlg.list", DialogInfo::listFrom);
        parsers.put("htable.get", HtableItem::fromGet);
        parsers.put("htable.dump", HtableItem::dumpFrom);
        return parsers;
    }

    @Test
    void dlgListOfAConfirmedCallGivesBothLegs() {
        DialogInfo call = DialogInfo.listFrom(CapturedResults.of("dlg.list")).get(0);
        assertEquals("dlgcall-1", call.callId());
        assertEquals(4, call.state());
        assertEquals("confirmed", call.stateName());
        assertEquals(1201, call.hashEntry());
        assertEquals(10698, call.hashId());
        assertEquals(new DialogInfo.Leg("ft1", "sip:alice@127.0.0.1:25098", "1", "", "udp:127.0.0.1:25060"),
                call.caller());
        assertEquals("tt1", call.callee().tag());
        assertEquals(43200, call.lifetimeSeconds());
    }

    @Test
    void ulDumpFlattensDomainsAndTurnsNotSetIntoNull() {
        List<UlAor> aors = UlAor.dumpFrom(CapturedResults.of("ul.dump"));
        assertEquals(1, aors.size());
        UlAor alice = aors.get(0);
        assertEquals("location", alice.table());
        assertEquals("alice", alice.aor());
        UlContact contact = alice.contacts().get(0);
        assertEquals("sip:127.0.0.1:42274;transport=ws", contact.received());
        assertNull(contact.path(), "Kamailio prints [not set]");
        assertNull(contact.instance());
        assertEquals(1, contact.tcpConnectionId());
        assertEquals(-1, contact.q());
        assertEquals(alice, UlAor.from("location", CapturedResults.of("ul.lookup")));
    }

    @Test
    void rtpengineShowReadsPermanentlyDisabledAndNotApplicableRecheck() {
        RtpengineNode node = RtpengineNode.listFrom(CapturedResults.of("rtpengine.show")).get(0);
        assertEquals(new RtpengineNode("udp:127.0.0.1:25223", 0, 0, 1, RtpengineNode.State.DISABLED_PERMANENTLY, null),
                node);
    }

    @Test
    void dispatcherListReadsAttributesOnlyWhereTheListFileHasThem() {
        List<DispatcherSet> sets = DispatcherSet.listFrom(CapturedResults.of("dispatcher.list"));
        assertEquals(List.of(2, 1), sets.stream().map(DispatcherSet::id).toList());
        DispatcherTarget plain = sets.get(1).targets().get(0);
        DispatcherTarget withAttrs = sets.get(1).targets().get(1);
        assertNull(plain.attrs());
        assertEquals(new DispatcherTarget("sip:127.0.0.1:25090", "AX", 0, "duid=gw1;weight=50", "gw1", 50L), withAttrs);
        assertEquals(DispatcherState.ACTIVE, withAttrs.state());
        assertFalse(withAttrs.probing());
    }

    @Test
    void htableKeepsIntegersApartFromStrings() {
        assertEquals(new HtableItem("n", "5", true, "NEVER"), HtableItem.fromGet(CapturedResults.of("htable.get")));
        assertEquals(List.of(new HtableItem("n", "5", true, null), new HtableItem("drain", "udp:1", false, null)),
                HtableItem.dumpFrom(CapturedResults.of("htable.dump")));
    }

    @Test
    void everyCapturedResultParses() {
        PARSERS.forEach((method, parser) -> assertTrue(parser.apply(CapturedResults.of(method)) != null, method));
        assertEquals(5, WsDump.from(CapturedResults.of("ws.dump")).connections().get(0).idleSeconds());
        assertEquals(List.of("USE_TCP", "USE_TLS"), KamailioInfo.from(CapturedResults.of("core.info")).flags().subList(0, 2));
        assertEquals("unknown", KamailioInfo.from(CapturedResults.of("core.info")).id());
    }

    @Test
    void aResultWithoutARequiredFieldNamesTheField() throws Exception {
        ObjectNode uptime = (ObjectNode) CapturedResults.of("core.uptime");
        uptime.remove("uptime");
        assertTrue(message(() -> KamailioUptime.from(uptime)).startsWith("expected an integer in field uptime of {"));

        ObjectNode ws = (ObjectNode) CapturedResults.of("ws.dump");
        ws.remove("info");
        assertTrue(message(() -> WsDump.from(ws)).startsWith("expected an object in field info"));

        JsonNode show = JSON.readTree("[{\"url\":\"udp:1.2.3.4:5\",\"set\":0,\"index\":0,\"weight\":1,\"disabled\":2.5}]");
        assertTrue(message(() -> RtpengineNode.listFrom(show)).startsWith("expected 0, 1 or \"1(permanent)\""));

        JsonNode status = JSON.readTree("{\"url\":\"all\",\"status\":\"maybe\"}");
        assertTrue(message(() -> RtpengineReply.from(status)).startsWith("unknown rtpengine status \"maybe\""));

        JsonNode flags = JSON.readTree("{\"RECORDS\":[{\"SET\":{\"ID\":1,\"TARGETS\":[{\"DEST\":{\"URI\":\"sip:x\","
                + "\"FLAGS\":\"ZX\",\"PRIORITY\":0}}]}}]}");
        assertTrue(message(() -> DispatcherSet.listFrom(flags)).startsWith("unknown dispatcher state letter 'Z'"));

        assertTrue(message(() -> DialogInfo.listFrom(JSON.readTree("{}"))).startsWith("expected an array"));
    }

    @Test
    void damagedResultsFailOnlyWithIllegalArgument() {
        Random random = new Random(0x5EED_0003L);
        for (Map.Entry<String, Function<JsonNode, ?>> parser : PARSERS.entrySet()) {
            JsonNode captured = CapturedResults.of(parser.getKey());
            for (int iteration = 0; iteration < 1_500; iteration++) {
                JsonNode damaged = damage(captured.deepCopy(), random);
                try {
                    parser.getValue().apply(damaged);
                } catch (IllegalArgumentException expected) {
                    assertFalse(expected.getMessage() == null || expected.getMessage().contains("\n"),
                            parser.getKey() + ": " + expected.getMessage());
                } catch (RuntimeException unexpected) {
                    throw new AssertionError(parser.getKey() + " threw " + unexpected + " on " + damaged, unexpected);
                }
            }
        }
    }

    /** Removes, retypes or replaces 1-3 random nodes of {@code root}. */
    private static JsonNode damage(JsonNode root, Random random) {
        JsonNode current = root;
        for (int edit = 0; edit < 1 + random.nextInt(3); edit++) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(current, containers);
            if (containers.isEmpty()) {
                return randomValue(random);
            }
            JsonNode container = containers.get(random.nextInt(containers.size()));
            if (container instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextBoolean()) {
                    object.remove(name);
                } else {
                    object.set(name, randomValue(random));
                }
            } else if (container instanceof ArrayNode array && array.size() > 0) {
                int index = random.nextInt(array.size());
                if (random.nextBoolean()) {
                    array.remove(index);
                } else {
                    array.set(index, randomValue(random));
                }
            } else if (random.nextInt(4) == 0) {
                current = randomValue(random);
            }
        }
        return current;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collectContainers(children.next(), out);
            }
        }
    }

    private static JsonNode randomValue(Random random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (random.nextInt(8)) {
            case 0:
                return nodes.nullNode();
            case 1:
                return nodes.numberNode(random.nextInt(200_000) - 100_000);
            case 2:
                return nodes.numberNode(random.nextDouble());
            case 3:
                return nodes.textNode(random.nextBoolean() ? "" : "x" + random.nextInt(100));
            case 4:
                return nodes.booleanNode(random.nextBoolean());
            case 5:
                return nodes.arrayNode().add(random.nextInt(10));
            case 6:
                return nodes.objectNode().put("k", "v");
            default:
                return nodes.textNode("1: ws:1.2.3.4:5 -> ws:1.2.3.4:6 (state: OPEN,  last used 1s ago, sub-protocol: sip)");
        }
    }

    private static String message(ThrowingParse parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    private interface ThrowingParse {
        void run() throws Exception;
    }
}
