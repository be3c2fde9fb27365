package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One dispatcher set (group) and its destinations, as {@code dispatcher.list} shows them. */
public record DispatcherSet(int id, List<DispatcherTarget> targets) {

    public DispatcherSet {
        targets = List.copyOf(targets);
    }

    static List<DispatcherSet> listFrom(JsonNode result) {
        return JsonFields.list(JsonFields.array(result, "RECORDS"), record -> {
            JsonNode set = JsonFields.object(record, "SET");
            return new DispatcherSet((int) JsonFields.integer(set, "ID"),
                    JsonFields.list(JsonFields.array(set, "TARGETS"), DispatcherTarget::from));
        });
    }
}
