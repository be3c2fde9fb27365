package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** {@code core.info}: version, build id, compiler and compile-time flags (USE_TCP, USE_TLS, ...). */
public record KamailioInfo(String version, String id, String compiler, String compiled, List<String> flags) {

    public KamailioInfo {
        flags = List.copyOf(flags);
    }

    static KamailioInfo from(JsonNode result) {
        String flags = JsonFields.text(result, "flags");
        return new KamailioInfo(JsonFields.text(result, "version"), JsonFields.text(result, "id").trim(),
                JsonFields.text(result, "compiler"), JsonFields.text(result, "compiled"),
                Arrays.stream(flags.split(",")).map(String::trim).filter(flag -> !flag.isEmpty()).toList());
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }
}
