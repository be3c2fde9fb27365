package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered address of record and its contacts ({@code ul.dump}, {@code ul.lookup}).
 *
 * @param table the usrloc table ({@code location})
 * @param aor   as usrloc keys it: the user part only unless {@code use_domain} is set
 */
public record UlAor(String table, String aor, List<UlContact> contacts) {

    public UlAor {
        contacts = List.copyOf(contacts);
    }

    /** ul.dump: {@code {Domains:[{Domain:{Domain, AoRs:[{Info:{AoR, Contacts}}]}}]}}, flattened. */
    static List<UlAor> dumpFrom(JsonNode result) {
        List<UlAor> aors = new ArrayList<>();
        for (JsonNode wrapper : JsonFields.array(result, "Domains")) {
            JsonNode domain = JsonFields.object(wrapper, "Domain");
            String table = JsonFields.text(domain, "Domain");
            for (JsonNode aor : JsonFields.array(domain, "AoRs")) {
                aors.add(from(table, JsonFields.object(aor, "Info")));
            }
        }
        return List.copyOf(aors);
    }

    /** ul.lookup: {@code {AoR, Contacts:[{Contact:{...}}]}}. */
    static UlAor from(String table, JsonNode info) {
        return new UlAor(table, JsonFields.text(info, "AoR"),
                JsonFields.list(JsonFields.array(info, "Contacts"), UlContact::from));
    }
}
