package org.rtcsip.ari.ari;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The ARI events ari-bridge acts on, typed from events.json (ARI 10.0.0). Every event also carries
 * {@code type}, {@code application} and {@code timestamp}; {@link AriEventDecoder} turns a WebSocket text message
 * into one of these, into {@link Ignored} for the events.json types ari-bridge has no use for, or into
 * {@link Unknown} for a type events.json does not list.
 */
public sealed interface AriEvent {

    /** A channel entered the application: {@code args} from {@code Stasis(app,args...)} or {@code appArgs}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StasisStart(@JsonProperty(value = "channel", required = true) Channel channel,
                       @JsonProperty("args") List<String> args,
                       @JsonProperty("replace_channel") Channel replaceChannel) implements AriEvent {
        public List<String> argList() {
            return args == null ? List.of() : args;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StasisEnd(@JsonProperty(value = "channel", required = true) Channel channel) implements AriEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelStateChange(@JsonProperty(value = "channel", required = true) Channel channel) implements AriEvent {
    }

    /** A DTMF digit ended on a channel (0-9, A-D, *, #). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelDtmfReceived(@JsonProperty(value = "channel", required = true) Channel channel,
                               @JsonProperty(value = "digit", required = true) String digit,
                               @JsonProperty("duration_ms") int durationMs) implements AriEvent {
    }

    /**
     * A hangup was asked for. With {@code soft = true} (Asterisk's own soft hangup, e.g. after an ARI DELETE),
     * {@code cause} holds soft-hangup flags, not a Q.850 cause.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelHangupRequest(@JsonProperty(value = "channel", required = true) Channel channel,
                                @JsonProperty("cause") int cause,
                                @JsonProperty("soft") boolean soft) implements AriEvent {
    }

    /** The channel is gone; {@code cause} is its Q.850 hangup cause (16 Normal Clearing, 17 User busy, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelDestroyed(@JsonProperty(value = "channel", required = true) Channel channel,
                            @JsonProperty("cause") int cause,
                            @JsonProperty("cause_txt") String causeText) implements AriEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelEnteredBridge(@JsonProperty(value = "bridge", required = true) Bridge bridge,
                                @JsonProperty(value = "channel", required = true) Channel channel) implements AriEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelLeftBridge(@JsonProperty(value = "bridge", required = true) Bridge bridge,
                             @JsonProperty(value = "channel", required = true) Channel channel) implements AriEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BridgeDestroyed(@JsonProperty(value = "bridge", required = true) Bridge bridge) implements AriEvent {
    }

    /**
     * Dialing progress of {@code peer}: {@code dialstatus} is empty when dialing starts, then RINGING, PROGRESS,
     * ANSWER, BUSY, NOANSWER, CONGESTION, CHANUNAVAIL, CANCEL, ...
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dial(@JsonProperty(value = "peer", required = true) Channel peer,
                @JsonProperty("caller") Channel caller,
                @JsonProperty("dialstatus") String dialStatus,
                @JsonProperty("dialstring") String dialString) implements AriEvent {
    }

    /** A type events.json lists that ari-bridge does not act on (ChannelVarset, ChannelDialplan, ...). */
    record Ignored(String type) implements AriEvent {
    }

    /** A type events.json does not list: a newer Asterisk, or something wrong; logged and counted. */
    record Unknown(String type) implements AriEvent {
    }
}
