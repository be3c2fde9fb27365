package org.rtcsip.ari.ari;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** ARI model {@code Bridge} (bridges.json, ARI 10.0.0): the fields ari-bridge reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Bridge(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("technology") String technology,
        @JsonProperty("bridge_type") String bridgeType,
        @JsonProperty("name") String name,
        @JsonProperty("channels") List<String> channels) {

    public List<String> channelIds() {
        return channels == null ? List.of() : channels;
    }
}
