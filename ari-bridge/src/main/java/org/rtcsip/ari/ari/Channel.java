package org.rtcsip.ari.ari;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * ARI model {@code Channel} (channels.json, ARI 10.0.0): the fields ari-bridge reads. {@code channelvars} is set
 * on the reply of {@code POST /channels/externalMedia} (MEDIA_WEBSOCKET_CONNECTION_ID, ...).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Channel(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("caller") CallerId caller,
        @JsonProperty("connected") CallerId connected,
        @JsonProperty("protocol_id") String protocolId,
        @JsonProperty("creationtime") String creationTime,
        @JsonProperty("channelvars") Map<String, String> channelVars) {

    /** The caller id of a channel: {@code name} and {@code number}, both possibly empty. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CallerId(@JsonProperty("name") String name, @JsonProperty("number") String number) {
    }

    public boolean isUp() {
        return "Up".equals(state);
    }

    public String channelVar(String name) {
        return channelVars == null ? null : channelVars.get(name);
    }
}
