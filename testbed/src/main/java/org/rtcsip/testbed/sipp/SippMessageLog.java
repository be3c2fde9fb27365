package org.rtcsip.testbed.sipp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads sipp 3.6.1's -trace_msg log: blocks separated by a dashed line with a timestamp, each
 * starting "UDP message received [n] bytes :" or "UDP message sent (n bytes):", then the message.
 */
public final class SippMessageLog {

    private static final String SEPARATOR = "-----------------------------------------------";

    private SippMessageLog() {
    }

    /** Every received message (start line, headers and body), in order. */
    public static List<String> receivedMessages(String log) {
        List<String> messages = new ArrayList<>();
        for (String block : log.split(SEPARATOR + "[^\n]*\n")) {
            String trimmed = block.stripLeading();
            if (trimmed.contains("message received")) {
                messages.add(trimmed.substring(trimmed.indexOf('\n') + 1).stripLeading());
            }
        }
        return messages;
    }

    /** The SDP body of every received message that has one, in order. */
    public static List<String> receivedSdps(String log) {
        List<String> sdps = new ArrayList<>();
        for (String message : receivedMessages(log)) {
            String sdp = sdpBody(message);
            if (sdp != null) {
                sdps.add(sdp);
            }
        }
        return sdps;
    }

    private static String sdpBody(String message) {
        String normalized = message.replace("\r\n", "\n");
        int headersEnd = normalized.indexOf("\n\n");
        if (headersEnd < 0) {
            return null;
        }
        String headers = normalized.substring(0, headersEnd).toLowerCase(Locale.ROOT);
        if (!headers.contains("\ncontent-type: application/sdp") && !headers.contains("\nc: application/sdp")) {
            return null;
        }
        String body = normalized.substring(headersEnd + 2).strip();
        return body.startsWith("v=0") ? body : null;
    }
}
