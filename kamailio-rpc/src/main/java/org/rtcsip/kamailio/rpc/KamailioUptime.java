package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code core.uptime}: Kamailio's clock and start time as it prints them, and seconds up. */
public record KamailioUptime(String now, String upSince, long uptimeSeconds) {

    static KamailioUptime from(JsonNode result) {
        return new KamailioUptime(JsonFields.text(result, "now"), JsonFields.text(result, "up_since"),
                JsonFields.integer(result, "uptime"));
    }
}
