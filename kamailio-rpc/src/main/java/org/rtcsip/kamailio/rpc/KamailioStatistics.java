package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code stats.get_statistics}: counters keyed {@code group:name} (e.g. {@code shmem:free_size},
 * {@code websocket:ws_current_connections}), in Kamailio's order.
 */
public record KamailioStatistics(Map<String, Long> values) {

    public KamailioStatistics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** stats.get_statistics: an array of {@code "group:name = value"} lines. */
    static KamailioStatistics from(JsonNode result) {
        return parse(JsonFields.list(result, line -> {
            if (!line.isTextual()) {
                throw new IllegalArgumentException("expected text lines, got " + JsonFields.brief(line));
            }
            return line.asText();
        }));
    }

    /**
     * Parses Kamailio's lines, {@code "group:name = value"}. A line in another shape throws
     * {@link IllegalArgumentException} quoting it.
     */
    public static KamailioStatistics parse(List<String> lines) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : lines) {
            int equals = line.indexOf(" = ");
            int colon = line.indexOf(':');
            if (equals < 0 || colon <= 0 || colon > equals) {
                throw new IllegalArgumentException("statistic not in the form \"group:name = value\": \"" + line + "\"");
            }
            String key = line.substring(0, equals).trim();
            String number = line.substring(equals + 3).trim();
            if (key.indexOf(':') == key.length() - 1) {
                throw new IllegalArgumentException("statistic without a name: \"" + line + "\"");
            }
            values.put(key, parseCounter(number, line));
        }
        return new KamailioStatistics(values);
    }

    private static long parseCounter(String number, String line) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException signedOverflowOrText) {
            try {
                // Kamailio prints counters as unsigned long
                return Long.parseUnsignedLong(number);
            } catch (NumberFormatException text) {
                throw new IllegalArgumentException("statistic value is not a number: \"" + line + "\"");
            }
        }
    }

    /** The value of {@code group:name}; throws {@link NoSuchElementException} naming the key if absent. */
    public long value(String key) {
        Long value = values.get(key);
        if (value == null) {
            throw new NoSuchElementException("no statistic " + key + " (have " + values.size() + ")");
        }
        return value;
    }

    /** The counters of one group ({@code shmem} or {@code shmem:}), keyed {@code group:name}. */
    public Map<String, Long> group(String group) {
        String prefix = group.endsWith(":") ? group : group + ":";
        Map<String, Long> out = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The group names present, sorted. */
    public Set<String> groups() {
        Set<String> groups = new TreeSet<>();
        for (String key : values.keySet()) {
            groups.add(key.substring(0, key.indexOf(':')));
        }
        return Collections.unmodifiableSet(groups);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
