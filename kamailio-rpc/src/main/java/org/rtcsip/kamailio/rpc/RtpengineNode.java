package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One ng server of Kamailio's rtpengine module ({@code rtpengine.show}).
 *
 * @param url           the URL exactly as configured in {@code rtpengine_sock} ({@code udp:10.0.0.5:2223});
 *                      {@code rtpengine.enable}/{@code ping} only accept this exact string
 * @param set           the rtpengine set id
 * @param index         position in the set
 * @param state         ENABLED, DISABLED (failed a ping; re-pinged when {@code recheckSeconds} ran out)
 *                      or DISABLED_PERMANENTLY ({@code rtpengine.enable <url> 0}: no pings, no new calls)
 * @param recheckSeconds seconds until Kamailio may try a disabled node again; null when Kamailio
 *                      prints {@code N/A} (permanently disabled)
 */
public record RtpengineNode(String url, int set, int index, int weight, State state, Long recheckSeconds) {

    public enum State {
        ENABLED, DISABLED, DISABLED_PERMANENTLY
    }

    /** rtpengine.show: an array of nodes. */
    static List<RtpengineNode> listFrom(JsonNode result) {
        return JsonFields.list(result, RtpengineNode::from);
    }

    static RtpengineNode from(JsonNode node) {
        JsonNode disabled = node.get("disabled");
        State state;
        if (disabled != null && disabled.isIntegralNumber()) {
            state = disabled.asInt() == 0 ? State.ENABLED : State.DISABLED;
        } else if (disabled != null && disabled.isTextual() && disabled.asText().contains("permanent")) {
            // rtpengine.c prints "1(permanent)" for a node disabled by rtpengine.enable <url> 0
            state = State.DISABLED_PERMANENTLY;
        } else {
            throw new IllegalArgumentException("expected 0, 1 or \"1(permanent)\" in field disabled of "
                    + JsonFields.brief(node));
        }
        JsonNode recheck = node.get("recheck_ticks");
        Long recheckSeconds = recheck != null && recheck.isIntegralNumber() ? recheck.asLong() : null;
        return new RtpengineNode(JsonFields.text(node, "url"), (int) JsonFields.integer(node, "set"),
                (int) JsonFields.integer(node, "index"), (int) JsonFields.integer(node, "weight"), state,
                recheckSeconds);
    }

    public boolean enabled() {
        return state == State.ENABLED;
    }
}
