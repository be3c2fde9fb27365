package org.rtcsip.kamailio.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One call on a media sidecar, from its {@code /sessions} document (the fields of an ng
 * {@code query} reply, rtpengine's names). Only what an operator reads at a glance is typed;
 * {@code sidecarctl --json} prints the sidecar's document itself.
 *
 * @param createdEpochSeconds    when the offer created the call
 * @param lastSignalEpochSeconds the last ng command for it
 * @param legs                   one per party (ng tag; forks have several legs per tag side)
 */
public record SidecarSession(String callId, long createdEpochSeconds, long lastSignalEpochSeconds, List<Leg> legs) {

    public SidecarSession {
        legs = List.copyOf(legs);
    }

    /**
     * One party of the call.
     *
     * @param tag       the SIP From or To tag ("" before the answer)
     * @param viaBranch the fork this leg belongs to, or null
     * @param streams   one per media socket: the RTP socket and, without rtcp-mux, the RTCP one
     */
    public record Leg(String tag, String viaBranch, String label, List<Stream> streams) {
        public Leg {
            streams = List.copyOf(streams);
        }
    }

    /**
     * One socket of the sidecar facing the party: what arrived on it from the party.
     *
     * @param media                  the m= line, from 1
     * @param kind                   RTP or RTCP (RTP also carries RTCP with rtcp-mux)
     * @param local                  the sidecar's address:port the party sends to
     * @param peer                   the party's address:port as signalled or learned; null when unknown
     * @param codec                  the codec this party speaks, when the sidecar knows it
     * @param lastPacketEpochSeconds 0 when nothing arrived yet
     * @param rtpPath                the packet path of this party's RTP through the sidecar, null from an older one
     * @param rtcpPath               the same for its RTCP
     */
    public record Stream(int media, String type, String protocol, String codec, String kind, String local,
                         String peer, long packets, long bytes, long errors, long lastPacketEpochSeconds,
                         List<String> flags, String rtpPath, String rtcpPath) {
        public Stream {
            flags = List.copyOf(flags);
        }
    }

    /** Packets received from every party on every socket. */
    public long packets() {
        long sum = 0;
        for (Leg leg : legs) {
            for (Stream stream : leg.streams()) {
                sum += stream.packets();
            }
        }
        return sum;
    }

    /** The newest packet from any party, epoch seconds; 0 if none arrived. */
    public long lastPacketEpochSeconds() {
        long last = 0;
        for (Leg leg : legs) {
            for (Stream stream : leg.streams()) {
                last = Math.max(last, stream.lastPacketEpochSeconds());
            }
        }
        return last;
    }

    /** The /sessions document: an array of calls. */
    public static List<SidecarSession> listFrom(JsonNode document) {
        if (document == null || !document.isArray()) {
            throw new IllegalArgumentException("/sessions: expected an array of calls, got " + brief(document));
        }
        List<SidecarSession> sessions = new ArrayList<>(document.size());
        for (JsonNode entry : document) {
            sessions.add(from(entry));
        }
        return List.copyOf(sessions);
    }

    /** One entry of /sessions. */
    public static SidecarSession from(JsonNode call) {
        if (call == null || !call.isObject()) {
            throw new IllegalArgumentException("/sessions: expected a call object, got " + brief(call));
        }
        String callId = text(call, "call-id");
        List<Leg> legs = new ArrayList<>();
        JsonNode tags = call.get("tags");
        if (tags != null && !tags.isObject()) {
            throw new IllegalArgumentException("call " + callId + ": expected an object in field tags");
        }
        if (tags != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
                legs.add(leg(callId, it.next().getValue()));
            }
        }
        return new SidecarSession(callId, integer(call, "created", callId), integer(call, "last signal", callId), legs);
    }

    private static Leg leg(String callId, JsonNode leg) {
        if (!leg.isObject()) {
            throw new IllegalArgumentException("call " + callId + ": expected a leg object, got " + brief(leg));
        }
        List<Stream> streams = new ArrayList<>();
        JsonNode medias = leg.get("medias");
        if (medias != null) {
            if (!medias.isArray()) {
                throw new IllegalArgumentException("call " + callId + ": expected an array in field medias");
            }
            for (JsonNode media : medias) {
                JsonNode sockets = media.get("streams");
                if (sockets == null || !sockets.isArray()) {
                    throw new IllegalArgumentException("call " + callId + ": expected an array in field streams");
                }
                for (JsonNode socket : sockets) {
                    streams.add(stream(callId, media, socket));
                }
            }
        }
        return new Leg(optionalText(leg, "tag", ""), optionalText(leg, "via-branch", null),
                optionalText(leg, "label", null), streams);
    }

    private static Stream stream(String callId, JsonNode media, JsonNode socket) {
        List<String> flags = new ArrayList<>();
        JsonNode flagNode = socket.get("flags");
        if (flagNode != null && flagNode.isArray()) {
            flagNode.forEach(flag -> flags.add(flag.asText()));
        }
        String kind = flags.isEmpty() ? "RTP" : flags.get(0);
        // an ExternalMedia leg has no local socket: its WebSocket's URI says where it goes
        String local = socket.has("uri") ? optionalText(socket, "uri", "?")
                : optionalText(socket, "local address", "?") + ":" + integer(socket, "local port", callId);
        String peer = null;
        JsonNode endpoint = socket.get("endpoint");
        if (endpoint != null && endpoint.isObject()) {
            String address = optionalText(endpoint, "address", "?");
            peer = (address.contains(":") ? "[" + address + "]" : address) + ":" + integer(endpoint, "port", callId);
        }
        JsonNode stats = socket.get("stats");
        if (stats == null || !stats.isObject()) {
            throw new IllegalArgumentException("call " + callId + ": expected an object in field stats");
        }
        return new Stream((int) integer(media, "index", callId), optionalText(media, "type", "audio"),
                optionalText(media, "protocol", ""), optionalText(media, "codec", null), kind, local, peer,
                integer(stats, "packets", callId), integer(stats, "bytes", callId), integer(stats, "errors", callId),
                integer(socket, "last packet", callId), flags, path(media, "RTP"), path(media, "RTCP"));
    }

    private static String path(JsonNode media, String kind) {
        JsonNode paths = media.get("paths");
        return paths == null || !paths.isObject() ? null : optionalText(paths, kind, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("/sessions: expected text in field " + field + " of " + brief(node));
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String absent) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? absent : value.asText();
    }

    private static long integer(JsonNode node, String field, String callId) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("call " + callId + ": expected an integer in field " + field);
        }
        return value.asLong();
    }

    private static String brief(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
