package org.rtcsip.ari.ari;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** ARI model {@code Application} (applications.json): what a Stasis app is subscribed to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Application(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("channel_ids") List<String> channelIds,
        @JsonProperty("bridge_ids") List<String> bridgeIds) {

    public List<String> channels() {
        return channelIds == null ? List.of() : channelIds;
    }

    public List<String> bridges() {
        return bridgeIds == null ? List.of() : bridgeIds;
    }
}
