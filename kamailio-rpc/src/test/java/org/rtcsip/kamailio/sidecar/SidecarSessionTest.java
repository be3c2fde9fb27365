package org.rtcsip.kamailio.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * /sessions as media-sidecar serves it (captures/media-sidecar-sessions.json: an in-process sidecar,
 * one call offered and answered over ng, five RTP packets from the caller and none from the callee),
 * read into {@link SidecarSession}; malformed documents name the field.
 */
class SidecarSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode capture() throws IOException {
        try (InputStream in = SidecarSessionTest.class.getResourceAsStream("/captures/media-sidecar-sessions.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void readsTheCallItsLegsAndWhatArrivedOnEachSocket() throws IOException {
        List<SidecarSession> sessions = SidecarSession.listFrom(capture());
        assertEquals(1, sessions.size());
        SidecarSession call = sessions.get(0);
        assertEquals("capture-1@127.0.0.1", call.callId());
        assertEquals(1795523146L, call.createdEpochSeconds());
        assertEquals(1795523147L, call.lastSignalEpochSeconds());
        assertEquals(List.of("alice-tag", "bob-tag"), call.legs().stream().map(SidecarSession.Leg::tag).toList());
        assertEquals(5, call.packets());
        assertEquals(1795523147L, call.lastPacketEpochSeconds());

        SidecarSession.Stream fromAlice = call.legs().get(0).streams().get(0);
        assertEquals(new SidecarSession.Stream(1, "audio", "RTP/AVP", "PCMU/8000", "RTP", "127.0.0.1:61440",
                "127.0.0.1:35162", 5, 860, 0, 1795523147L, List.of("RTP", "filled", "confirmed"), null, null), fromAlice);
        SidecarSession.Stream aliceRtcp = call.legs().get(0).streams().get(1);
        assertEquals("RTCP", aliceRtcp.kind());
        assertEquals("127.0.0.1:61441", aliceRtcp.local());
        SidecarSession.Stream fromBob = call.legs().get(1).streams().get(0);
        assertEquals(0, fromBob.packets());
        assertEquals(0, fromBob.lastPacketEpochSeconds());
        assertNull(call.legs().get(0).viaBranch());
    }

    @Test
    void anEmptyDocumentIsNoCall() {
        assertEquals(List.of(), SidecarSession.listFrom(JSON.createArrayNode()));
    }

    @Test
    void aPartyWithoutAKnownAddressHasNoPeer() throws IOException {
        ObjectNode call = (ObjectNode) capture().get(0);
        ObjectNode stream = (ObjectNode) call.at("/tags/bob-tag/medias/0/streams/0");
        stream.remove("endpoint");
        assertNull(SidecarSession.from(call).legs().get(1).streams().get(0).peer());
    }

    @Test
    void namesTheFieldAMalformedDocumentLacks() throws IOException {
        assertEquals("/sessions: expected an array of calls, got {}",
                assertThrows(IllegalArgumentException.class, () -> SidecarSession.listFrom(JSON.createObjectNode()))
                        .getMessage());
        assertEquals("/sessions: expected a call object, got 7", assertThrows(IllegalArgumentException.class,
                () -> SidecarSession.listFrom(JSON.readTree("[7]"))).getMessage());

        ObjectNode noCallId = (ObjectNode) capture().get(0);
        noCallId.remove("call-id");
        assertEquals("/sessions: expected text in field call-id of {\"created\":1795523146,\"created_us\":981000,"
                + "\"last signal\":1795523147,\"SSRC\":{\"4...", assertThrows(IllegalArgumentException.class,
                () -> SidecarSession.from(noCallId)).getMessage());

        ObjectNode textCreated = (ObjectNode) capture().get(0);
        textCreated.put("created", "yesterday");
        assertEquals("call capture-1@127.0.0.1: expected an integer in field created",
                assertThrows(IllegalArgumentException.class, () -> SidecarSession.from(textCreated)).getMessage());

        ObjectNode noStats = (ObjectNode) capture().get(0);
        ((ObjectNode) noStats.at("/tags/alice-tag/medias/0/streams/0")).remove("stats");
        assertEquals("call capture-1@127.0.0.1: expected an object in field stats",
                assertThrows(IllegalArgumentException.class, () -> SidecarSession.from(noStats)).getMessage());

        ObjectNode tagsArray = (ObjectNode) capture().get(0);
        tagsArray.putArray("tags");
        assertEquals("call capture-1@127.0.0.1: expected an object in field tags",
                assertThrows(IllegalArgumentException.class, () -> SidecarSession.from(tagsArray)).getMessage());
    }

    @Test
    void randomlyDamagedDocumentsOnlyEverThrowIllegalArgument() throws IOException {
        Random random = new Random(42);
        JsonNode original = capture();
        for (int i = 0; i < 2_000; i++) {
            ArrayNode document = (ArrayNode) original.deepCopy();
            damage(document.get(0), random, 3);
            try {
                SidecarSession.listFrom(document);
            } catch (IllegalArgumentException expected) {
                // the reason names the field
            }
        }
    }

    /** Replaces or removes a random field somewhere under {@code node}. */
    private static void damage(JsonNode node, Random random, int depth) {
        if (node instanceof ObjectNode object && object.size() > 0) {
            List<String> names = List.copyOf(iterable(object));
            String name = names.get(random.nextInt(names.size()));
            JsonNode child = object.get(name);
            if (depth > 0 && child.isContainerNode() && random.nextBoolean()) {
                damage(child, random, depth - 1);
            } else if (random.nextBoolean()) {
                object.remove(name);
            } else {
                object.put(name, random.nextBoolean() ? "x" : null);
            }
        } else if (node instanceof ArrayNode array && array.size() > 0) {
            damage(array.get(random.nextInt(array.size())), random, depth - 1);
        }
    }

    private static List<String> iterable(ObjectNode object) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
