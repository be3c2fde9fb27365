package org.rtcsip.sidecar.it.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Header fields of a SIP message as sipp logged it (RFC 3261 §7.3: names are case-insensitive, compact forms too). */
final class SipHeaders {
    private static final Map<String, String> COMPACT = Map.of("via", "v", "from", "f", "contact", "m",
            "call-id", "i", "identity", "y");

    private SipHeaders() {
    }

    /** Start line and headers, without the body. */
    static String headerPart(String message) {
        String normalized = message.replace("\r\n", "\n");
        int end = normalized.indexOf("\n\n");
        return end < 0 ? normalized : normalized.substring(0, end);
    }

    /** Every value of header {@code name} (or its compact form), one per header line, in order. */
    static List<String> values(String message, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String compact = COMPACT.get(wanted);
        List<String> values = new ArrayList<>();
        for (String line : headerPart(message).lines().skip(1).toList()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (field.equals(wanted) || field.equals(compact)) {
                values.add(line.substring(colon + 1).strip());
            }
        }
        return values;
    }
}
