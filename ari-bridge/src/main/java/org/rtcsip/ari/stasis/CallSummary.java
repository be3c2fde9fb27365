package org.rtcsip.ari.stasis;

/**
 * One call ari-bridge routes through media-sidecar, as ops HTTP {@code /calls} and {@code sidecarctl asterisk calls}
 * show it: its ids in Asterisk (the caller's channel, the target's {@code arib-<caller>-b}) and in media-sidecar (the
 * call-id), where it stands, the codec on each side and the Dial string, and how long ago it entered the app.
 */
public record CallSummary(String callId, String state, String callerChannel, String targetChannel,
        String callerCodec, String targetCodec, String dial, long ageMillis) {
}
