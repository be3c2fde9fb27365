package org.rtcsip.sidecar.config;

import java.util.List;
import java.util.Objects;

/**
 * One option as written, before typing: its key (long option name without {@code --}) and its
 * values, each with its own origin so an error can point at the exact file line. Single-valued
 * options hold exactly one value; flags hold "true" or "false".
 */
record RawSetting(String key, List<Value> values) {

    record Value(String text, Origin origin) {
        Value {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(origin, "origin");
        }
    }

    RawSetting {
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(key + " without a value");
        }
    }

    static RawSetting single(String key, String text, Origin origin) {
        return new RawSetting(key, List.of(new Value(text, origin)));
    }

    /** The value that wins for a single-valued option: the last one given. */
    Value last() {
        return values.get(values.size() - 1);
    }
}
