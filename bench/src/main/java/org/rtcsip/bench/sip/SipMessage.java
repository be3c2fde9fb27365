package org.rtcsip.bench.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the generator needs it (RFC 3261 §7): the start line, headers by lower-case name (compact forms
 * expanded, §7.3.3; values of a header repeated or comma-joined kept in order), and the body.
 */
record SipMessage(String method, int status, String reason, Map<String, List<String>> headerMap, String body) {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "i", "call-id", "f", "from", "t", "to",
            "m", "contact", "l", "content-length", "c", "content-type");

    /** Null when {@code text} is not a SIP message. */
    static SipMessage parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        if (lines.length == 0) {
            return null;
        }
        String first = lines[0];
        String method = null;
        int status = 0;
        String reason = "";
        if (first.startsWith("SIP/2.0 ")) {
            String[] p = first.split(" ", 3);
            try {
                status = Integer.parseInt(p[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            reason = p.length > 2 ? p[2] : "";
        } else if (first.endsWith(" SIP/2.0")) {
            method = first.substring(0, first.indexOf(' '));
        } else {
            return null;
        }
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            String value = lines[i].substring(colon + 1).trim();
            List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>());
            if (name.equals("via") || name.equals("record-route") || name.equals("route")) {
                for (String v : value.split(",\\s*(?=SIP/2\\.0|<)")) { // comma-joined entries (§7.3.1)
                    values.add(v.trim());
                }
            } else {
                values.add(value);
            }
        }
        return new SipMessage(method, status, reason, headers, body);
    }

    /** The first value of header {@code name} (lower case), or "". */
    String header(String name) {
        List<String> v = headerMap.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    List<String> headers(String name) {
        return headerMap.getOrDefault(name, List.of());
    }
}
