package org.rtcsip.ari.stasis;

/**
 * The ids of everything one routed call creates in Asterisk, derived from the caller's channel id so that a
 * restarted ari-bridge finds them again in {@code GET /channels} and {@code /bridges}: {@code arib-<caller id>} is
 * the call (and media-sidecar's ng call-id), suffixed {@code -b} for the dialed target, {@code -ema}/{@code -emb}
 * for the ExternalMedia channels, {@code -ba}/{@code -bb} for the two mixing bridges.
 */
public record CallIds(String callId, String caller) {
    public static final String PREFIX = "arib-";

    public static CallIds forCaller(String callerChannelId) {
        return new CallIds(PREFIX + callerChannelId, callerChannelId);
    }

    /** The call an id belongs to: ours carry the prefix and a suffix; any other id is a caller's. */
    public static CallIds of(String channelOrBridgeId) {
        if (channelOrBridgeId.startsWith(PREFIX)) {
            int dash = channelOrBridgeId.lastIndexOf('-');
            if (dash >= PREFIX.length()) {
                String callId = channelOrBridgeId.substring(0, dash);
                return new CallIds(callId, callId.substring(PREFIX.length()));
            }
        }
        return forCaller(channelOrBridgeId);
    }

    public static boolean isOurs(String id) {
        return id.startsWith(PREFIX);
    }

    public String callee() {
        return callId + "-b";
    }

    public String callerMedia() {
        return callId + "-ema";
    }

    public String calleeMedia() {
        return callId + "-emb";
    }

    public String callerBridge() {
        return callId + "-ba";
    }

    public String calleeBridge() {
        return callId + "-bb";
    }
}
