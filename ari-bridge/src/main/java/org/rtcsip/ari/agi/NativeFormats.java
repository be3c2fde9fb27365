package org.rtcsip.ari.agi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asterisk's text for a format capability set, as {@code ${CHANNEL(audionativeformat)}} gives it:
 * {@code (opus|ulaw|alaw)}, {@code (ulaw)}, or {@code (nothing)}. The first format is the channel's preferred one.
 */
final class NativeFormats {
    private NativeFormats() {
    }

    static List<String> parse(String text) {
        List<String> formats = new ArrayList<>();
        if (text == null) {
            return formats;
        }
        String body = text.strip();
        if (body.startsWith("(") && body.endsWith(")")) {
            body = body.substring(1, body.length() - 1);
        }
        for (String f : body.split("\\|")) {
            String name = f.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals("nothing")) {
                formats.add(name);
            }
        }
        return formats;
    }
}
