package org.rtcsip.testbed.sdp;

/**
 * Where an SDP asks for audio to be sent: the first m=audio line's port and the connection
 * address that applies to it (media-level c= over session-level c=, RFC 4566 §5.7).
 */
public record AudioEndpoint(String address, int port, String profile) {

    /** Parses {@code sdp}; throws {@link IllegalArgumentException} if it has no usable audio. */
    public static AudioEndpoint of(String sdp) {
        String sessionAddress = null;
        String mediaAddress = null;
        Integer port = null;
        String profile = null;
        boolean inAudio = false;
        for (String rawLine : sdp.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.startsWith("m=")) {
                if (port != null) {
                    break; // only the first audio section
                }
                String[] fields = line.substring(2).split(" ");
                inAudio = fields.length >= 3 && fields[0].equals("audio");
                if (inAudio) {
                    port = Integer.parseInt(fields[1]);
                    profile = fields[2];
                }
            } else if (line.startsWith("c=")) {
                String[] fields = line.substring(2).split(" ");
                if (fields.length < 3) {
                    throw new IllegalArgumentException("SDP: malformed connection line '" + line + "'");
                }
                if (inAudio) {
                    mediaAddress = fields[2];
                } else if (port == null) {
                    sessionAddress = fields[2];
                }
            }
        }
        if (port == null) {
            throw new IllegalArgumentException("SDP: no m=audio line in\n" + sdp);
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new IllegalArgumentException("SDP: no c= line for the audio stream in\n" + sdp);
        }
        return new AudioEndpoint(address, port, profile);
    }
}
