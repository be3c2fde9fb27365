package org.rtcsip.ari.sidecar;

/**
 * One ExternalMedia leg media-sidecar connects to (docs/ng-external-media.md): its tag in the ng call,
 * the WebSocket URI of Asterisk's {@code /media/<MEDIA_WEBSOCKET_CONNECTION_ID>}, and the Asterisk format name
 * of the channel ({@code opus}, {@code ulaw}, {@code alaw}).
 */
public record MediaLeg(String tag, String uri, String asteriskFormat) {

    /** The ng {@code codec} value, as in SDP {@code a=rtpmap}. */
    public String ngCodec() {
        return switch (asteriskFormat) {
            case "opus" -> "opus/48000/2";
            case "ulaw" -> "PCMU/8000";
            case "alaw" -> "PCMA/8000";
            default -> throw new IllegalArgumentException("media-sidecar has no codec for Asterisk format "
                    + asteriskFormat);
        };
    }

    /** The Asterisk formats media-sidecar transcodes between (each with each). */
    public static boolean sidecarCodes(String asteriskFormat) {
        return asteriskFormat.equals("opus") || asteriskFormat.equals("ulaw") || asteriskFormat.equals("alaw");
    }
}
