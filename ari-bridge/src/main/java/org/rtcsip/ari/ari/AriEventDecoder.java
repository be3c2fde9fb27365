package org.rtcsip.ari.ari;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One ARI events WebSocket text message (a JSON object with {@code type}) to an {@link AriEvent}. */
public final class AriEventDecoder {

    /** The events ari-bridge acts on. */
    private static final Map<String, Class<? extends AriEvent>> TYPED = Map.of(
            "StasisStart", AriEvent.StasisStart.class,
            "StasisEnd", AriEvent.StasisEnd.class,
            "ChannelStateChange", AriEvent.ChannelStateChange.class,
            "ChannelDtmfReceived", AriEvent.ChannelDtmfReceived.class,
            "ChannelHangupRequest", AriEvent.ChannelHangupRequest.class,
            "ChannelDestroyed", AriEvent.ChannelDestroyed.class,
            "ChannelEnteredBridge", AriEvent.ChannelEnteredBridge.class,
            "ChannelLeftBridge", AriEvent.ChannelLeftBridge.class,
            "BridgeDestroyed", AriEvent.BridgeDestroyed.class,
            "Dial", AriEvent.Dial.class);

    /** The other sub-types of {@code Event} and {@code Message} in events.json of Asterisk 22.10.1 (ARI 10.0.0). */
    private static final Set<String> LISTED = Set.of(
            "ApplicationMoveFailed", "ApplicationRegistered", "ApplicationReplaced", "ApplicationUnregistered",
            "BridgeAttendedTransfer", "BridgeBlindTransfer", "BridgeCreated", "BridgeMerged",
            "BridgeVideoSourceChanged", "CallBroadcast", "CallClaimed", "ChannelCallerId", "ChannelConnectedLine",
            "ChannelCreated", "ChannelDialplan", "ChannelHold", "ChannelTalkingFinished", "ChannelTalkingStarted",
            "ChannelToneDetected", "ChannelTransfer", "ChannelUnhold", "ChannelUserevent", "ChannelVarset",
            "ContactStatusChange", "DeviceStateChanged", "EndpointStateChange", "PeerStatusChange",
            "PlaybackContinuing", "PlaybackFinished", "PlaybackStarted", "RESTResponse", "RecordingFailed",
            "RecordingFinished", "RecordingStarted", "TextMessageReceived", "MissingParams");

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    /**
     * @throws MalformedEventException not JSON, not an object, no {@code type}, or a typed event whose required
     *                                 fields are missing or of the wrong shape
     */
    public AriEvent decode(String text) throws MalformedEventException {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + firstLine(e.getMessage()), text);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedEventException("not a JSON object", text);
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw new MalformedEventException("no \"type\"", text);
        }
        String name = type.asText();
        Class<? extends AriEvent> target = TYPED.get(name);
        if (target == null) {
            return LISTED.contains(name) ? new AriEvent.Ignored(name) : new AriEvent.Unknown(name);
        }
        try {
            return json.treeToValue(tree, target);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException(name + ": " + firstLine(e.getMessage()), text);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** An events WebSocket message that is not an ARI event; carries the text (cut) for the log. */
    public static final class MalformedEventException extends Exception {
        private final String excerpt;

        public MalformedEventException(String reason, String text) {
            super(reason);
            this.excerpt = text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }

        public String excerpt() {
            return excerpt;
        }
    }
}
