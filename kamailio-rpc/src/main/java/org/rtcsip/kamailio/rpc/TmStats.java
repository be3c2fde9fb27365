package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code tm.stats}: transaction counters of the tm module.
 *
 * @param current transactions in memory now
 * @param waiting transactions waiting for deletion
 * @param total   transactions since start ({@code totalLocal} of them created by Kamailio itself)
 */
public record TmStats(long current, long waiting, long total, long totalLocal, long repliesReceived,
                      long repliesGenerated, long repliesSent, long replies2xx, long replies3xx,
                      long replies4xx, long replies5xx, long replies6xx, long created, long freed,
                      long delayedFree) {

    static TmStats from(JsonNode r) {
        return new TmStats(JsonFields.integer(r, "current"), JsonFields.integer(r, "waiting"),
                JsonFields.integer(r, "total"), JsonFields.integer(r, "total_local"),
                JsonFields.integer(r, "rpl_received"), JsonFields.integer(r, "rpl_generated"),
                JsonFields.integer(r, "rpl_sent"), JsonFields.integer(r, "2xx"), JsonFields.integer(r, "3xx"),
                JsonFields.integer(r, "4xx"), JsonFields.integer(r, "5xx"), JsonFields.integer(r, "6xx"),
                JsonFields.integer(r, "created"), JsonFields.integer(r, "freed"),
                JsonFields.integer(r, "delayed_free"));
    }
}
