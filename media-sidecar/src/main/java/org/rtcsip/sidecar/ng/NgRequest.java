package org.rtcsip.sidecar.ng;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A decoded ng request dictionary with rtpengine's spelling rules (ng-protocol.md §1.2): keys are looked up
 * case-insensitively with space, underscore and hyphen treated alike, and numbers may arrive as strings.
 */
public final class NgRequest {
    /**
     * Longest call-id, tag, via-branch or label taken, in bytes. SIP sets no limit, real ones are under 100 bytes;
     * without one, a call under a 60 KB call-id could never be named in a {@code list} reply (a UDP datagram).
     */
    static final int MAX_IDENTIFIER_BYTES = 1024;

    private final Map<String, Object> entries = new LinkedHashMap<>();

    public NgRequest(Map<String, Object> dictionary) {
        for (Map.Entry<String, Object> e : dictionary.entrySet()) {
            entries.putIfAbsent(normalize(e.getKey()), e.getValue());
        }
    }

    /** Lower case, with space and underscore turned into hyphen: {@code "delete delay"} -> {@code "delete-delay"}. */
    public static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
    }

    public boolean has(String key) {
        return entries.containsKey(normalize(key));
    }

    /** A string value, or null when absent; a number is turned into its decimal text. */
    public String string(String key) {
        Object v = entries.get(normalize(key));
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Long l) {
            return l.toString();
        }
        return null;
    }

    /**
     * A string that names a call or a party ({@code call-id}, {@code from-tag}, ...), or null when absent.
     *
     * @throws NgException when longer than {@value #MAX_IDENTIFIER_BYTES} bytes
     */
    public String identifier(String key) throws NgException {
        Object v = entries.get(normalize(key));
        if (v instanceof byte[] b && b.length > MAX_IDENTIFIER_BYTES) {
            throw new NgException("Invalid value for '" + key + "': " + b.length + " bytes, at most "
                    + MAX_IDENTIFIER_BYTES);
        }
        return string(key);
    }

    /** A list of dictionaries (e.g. {@code external media}'s {@code legs}); empty when absent. */
    public List<NgRequest> dictionaries(String key) throws NgException {
        Object v = entries.get(normalize(key));
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new NgException("Invalid value for '" + key + "': not a list");
        }
        List<NgRequest> out = new java.util.ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new NgException("Invalid value for '" + key + "': a list of dictionaries is needed");
            }
            out.add(new NgRequest(castKeys(map)));
        }
        return out;
    }

    /** An integer given as bencode integer or as decimal string; {@code fallback} when absent. */
    public long number(String key, long fallback) throws NgException {
        Object v = entries.get(normalize(key));
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long l) {
            return l;
        }
        String s = string(key);
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new NgException("Invalid value for '" + key + "': not a number");
        }
    }

    /** A list of strings; a single string counts as a list of one (ICE may come either way). */
    public List<String> strings(String key) {
        Object v = entries.get(normalize(key));
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof byte[] b) {
                    out.add(new String(b, StandardCharsets.UTF_8));
                } else if (item instanceof Long l) {
                    out.add(l.toString());
                }
            }
        } else if (v instanceof byte[] || v instanceof Long) {
            out.add(string(key));
        }
        return out;
    }

    /** A dictionary of string lists, as the {@code codec} key arrives; empty when absent. */
    public Map<String, List<String>> dictionaryOfLists(String key) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Object v = entries.get(normalize(key));
        if (v instanceof Map<?, ?> map) {
            NgRequest inner = new NgRequest(castKeys(map));
            for (String k : inner.entries.keySet()) {
                out.put(k, inner.strings(k));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castKeys(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
