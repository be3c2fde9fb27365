package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The answer to {@code rtpengine.enable} and {@code rtpengine.ping}: {@code url} as asked
 * ({@code all} included) and what happened. Kamailio answers FAIL with HTTP 200: enabling pings
 * first, and a node that does not answer the ping stays (temporarily) disabled.
 */
public record RtpengineReply(String url, Status status) {

    public enum Status {
        /** rtpengine.enable 1: pinged and enabled. */
        ENABLE,
        /** rtpengine.enable 0: disabled permanently. */
        DISABLE,
        /** rtpengine.ping: answered. */
        SUCCESS,
        /** the ping failed; the node is (temporarily) disabled. */
        FAIL
    }

    static RtpengineReply from(JsonNode result) {
        String status = JsonFields.text(result, "status");
        try {
            return new RtpengineReply(JsonFields.text(result, "url"),
                    Status.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown rtpengine status \"" + status + "\" in " + JsonFields.brief(result));
        }
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
