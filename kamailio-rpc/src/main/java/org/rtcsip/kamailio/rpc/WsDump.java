package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code ws.dump}: the WebSocket connections Kamailio holds. Kamailio lists at most 50
 * ({@code truncated}); {@code total} is its connection counter, the full count.
 */
public record WsDump(List<WsConnection> connections, long total, boolean truncated) {

    public WsDump {
        connections = List.copyOf(connections);
    }

    static WsDump from(JsonNode result) {
        List<WsConnection> connections = JsonFields.list(JsonFields.array(result, "connections"), line -> {
            if (!line.isTextual()) {
                throw new IllegalArgumentException("expected text lines in connections, got " + JsonFields.brief(line));
            }
            return WsConnection.parse(line.asText());
        });
        JsonNode info = JsonFields.object(result, "info");
        return new WsDump(connections, JsonFields.integer(info, "wscounter"),
                "yes".equals(JsonFields.text(info, "truncated")));
    }
}
