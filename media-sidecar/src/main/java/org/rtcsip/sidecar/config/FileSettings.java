package org.rtcsip.sidecar.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.rtcsip.sidecar.config.OptionCatalog.Kind;
import org.rtcsip.sidecar.config.OptionCatalog.OptionDef;
import org.rtcsip.sidecar.config.OptionCatalog.Use;

/** Turns one section of an {@link IniFile} into raw settings, checking keys against the catalog. */
final class FileSettings {

    static final String RTPENGINE_SECTION = "rtpengine";
    static final String SIDECAR_SECTION = "sidecar";

    private FileSettings() {
    }

    /**
     * Picks the section to read: the one named by {@code --config-section}, else [rtpengine], else
     * [sidecar]. A file with both and no explicit choice is refused rather than guessed.
     */
    static String chooseSection(IniFile file, Optional<RawSetting.Value> requested) throws ConfigException {
        if (requested.isPresent()) {
            String name = requested.get().text();
            if (file.section(name).isEmpty()) {
                throw ConfigException.about(OptionCatalog.CONFIG_SECTION, "[" + name + "] is not in " + file.label()
                        + " (it has " + describe(file) + ")", requested.get().origin());
            }
            return name;
        }
        boolean rtpengine = file.section(RTPENGINE_SECTION).isPresent();
        boolean sidecar = file.section(SIDECAR_SECTION).isPresent();
        if (rtpengine && sidecar) {
            throw new ConfigException(file.label() + " has both [rtpengine] and [sidecar] sections;"
                    + " choose one with --config-section");
        }
        if (!rtpengine && !sidecar) {
            throw new ConfigException(file.label() + " has no [rtpengine] or [sidecar] section (it has "
                    + describe(file) + ")");
        }
        return rtpengine ? RTPENGINE_SECTION : SIDECAR_SECTION;
    }

    static Map<String, RawSetting> read(IniFile file, String section) throws ConfigException {
        Map<String, List<RawSetting.Value>> values = new LinkedHashMap<>();
        for (IniFile.Entry entry : file.section(section).orElseThrow()) {
            OptionDef def = OptionCatalog.find(entry.key()).orElseThrow(() -> new ConfigException(
                    "unknown key \"" + entry.key() + "\" in [" + section + "]" + Suggestion.forKey(entry.key())
                            + " (" + entry.origin() + ")"));
            if (def.use() == Use.STARTUP) {
                throw ConfigException.about(entry.key(), "can only be given on the command line", entry.origin());
            }
            List<RawSetting.Value> list = values.computeIfAbsent(def.key(), k -> new ArrayList<>());
            if (!def.repeatable() && !list.isEmpty()) {
                throw ConfigException.about(def.key(), "given twice in [" + section + "], first at "
                        + list.get(0).origin(), entry.origin());
            }
            if (def.kind() == Kind.FLAG) {
                list.add(new RawSetting.Value(booleanText(def.key(), entry), entry.origin()));
            } else if (def.repeatable()) {
                // rtpengine's config file lists several values on one line separated by ';'.
                int before = list.size();
                for (String piece : entry.value().split(";")) {
                    if (!piece.isBlank()) {
                        list.add(new RawSetting.Value(piece.strip(), entry.origin()));
                    }
                }
                if (list.size() == before) {
                    throw ConfigException.about(def.key(), "needs at least one value", entry.origin());
                }
            } else {
                list.add(new RawSetting.Value(entry.value(), entry.origin()));
            }
        }
        Map<String, RawSetting> settings = new LinkedHashMap<>();
        values.forEach((key, list) -> settings.put(key, new RawSetting(key, list)));
        return settings;
    }

    // GLib key files spell booleans true/false (or 1/0); rtpengine's docs also show yes/no.
    private static String booleanText(String key, IniFile.Entry entry) throws ConfigException {
        switch (entry.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> {
                return "true";
            }
            case "false", "no", "0" -> {
                return "false";
            }
            default -> throw ConfigException.badValue(key, entry.value(), "is not true or false", entry.origin());
        }
    }

    private static String describe(IniFile file) {
        if (file.sectionNames().isEmpty()) {
            return "no sections";
        }
        StringBuilder b = new StringBuilder();
        for (String name : file.sectionNames()) {
            b.append(b.length() == 0 ? "" : ", ").append('[').append(name).append(']');
        }
        return b.toString();
    }
}
