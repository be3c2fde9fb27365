package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One registered contact (usrloc {@code Contact}). Fields Kamailio prints as {@code [not set]}
 * are null.
 *
 * @param received       where the REGISTER really came from ({@code sip:127.0.0.1:42274;transport=ws}
 *                       for a browser behind its WebSocket), null if the Contact was reachable as is
 * @param socket         Kamailio's listener that took the REGISTER ({@code tcp:127.0.0.1:8080})
 * @param tcpConnectionId the TCP/WebSocket connection id (the {@code ws.dump} id), 0 for UDP
 * @param q              q-value times 1000, -1 when the REGISTER gave none
 */
public record UlContact(String address, long expiresSeconds, long q, String callId, long cseq, String userAgent,
                        String received, String path, String socket, String instance, long regId,
                        long tcpConnectionId, String ruid, long lastModified) {

    static UlContact from(JsonNode wrapper) {
        JsonNode c = JsonFields.object(wrapper, "Contact");
        return new UlContact(JsonFields.text(c, "Address"), JsonFields.integer(c, "Expires"),
                JsonFields.integer(c, "Q"), JsonFields.optionalText(c, "Call-ID"), JsonFields.integer(c, "CSeq"),
                JsonFields.optionalText(c, "User-Agent"), JsonFields.optionalText(c, "Received"),
                JsonFields.optionalText(c, "Path"), JsonFields.optionalText(c, "Socket"),
                JsonFields.optionalText(c, "Instance"), JsonFields.integer(c, "Reg-Id"),
                JsonFields.integer(c, "Tcpconn-Id"), JsonFields.optionalText(c, "Ruid"),
                JsonFields.integer(c, "Last-Modified"));
    }
}
