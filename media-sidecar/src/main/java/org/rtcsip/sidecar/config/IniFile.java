package org.rtcsip.sidecar.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * rtpengine's config file syntax (a GLib key file): {@code [section]} headers, {@code key = value}
 * lines, whole-line comments starting with {@code #} or {@code ;}, blank lines. Values are taken
 * verbatim after trimming: there are no inline comments, so {@code port-min = 30000 # low} is the
 * value "30000 # low" and fails as a number, which is better than silently cutting it.
 */
final class IniFile {

    record Entry(String key, String value, Origin origin) {
    }

    private final String label;
    private final Map<String, List<Entry>> sections;

    private IniFile(String label, Map<String, List<Entry>> sections) {
        this.label = label;
        this.sections = sections;
    }

    /** What the file is, for messages: "config file /etc/rtpengine/rtpengine.conf". */
    String label() {
        return label;
    }

    Set<String> sectionNames() {
        return Collections.unmodifiableSet(sections.keySet());
    }

    Optional<List<Entry>> section(String name) {
        List<Entry> entries = sections.get(name);
        return entries == null ? Optional.empty() : Optional.of(Collections.unmodifiableList(entries));
    }

    /**
     * @param label what the text is, e.g. "config file /etc/x.conf"; every origin starts with it
     * @throws ConfigException for a line that is neither a section, a key, a comment nor blank
     */
    static IniFile parse(String text, String label) throws ConfigException {
        Map<String, List<Entry>> sections = new LinkedHashMap<>();
        List<Entry> current = null;
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            Origin origin = Origin.line(label, lineNumber);
            if (line.charAt(0) == '[') {
                String name = sectionName(line, origin);
                // A repeated header continues the same section, as GLib merges them.
                current = sections.computeIfAbsent(name, n -> new ArrayList<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("expected \"key = value\", \"[section]\" or a comment, found \""
                        + line + "\" (" + origin + ")");
            }
            String key = line.substring(0, eq).strip();
            if (!isKey(key)) {
                throw new ConfigException("\"" + key + "\" is not a valid key name (" + origin + ")");
            }
            if (current == null) {
                throw new ConfigException(key + ": key before any [section] header (" + origin + ")");
            }
            current.add(new Entry(key, line.substring(eq + 1).strip(), origin));
        }
        return new IniFile(label, sections);
    }

    private static String sectionName(String line, Origin origin) throws ConfigException {
        if (line.charAt(line.length() - 1) != ']' || line.length() < 3) {
            throw new ConfigException("malformed section header \"" + line + "\" (" + origin + ")");
        }
        String name = line.substring(1, line.length() - 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '[' || c == ']' || Character.isISOControl(c)) {
                throw new ConfigException("malformed section header \"" + line + "\" (" + origin + ")");
            }
        }
        return name;
    }

    private static boolean isKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
