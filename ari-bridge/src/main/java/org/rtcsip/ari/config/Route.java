package org.rtcsip.ari.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A routing rule: targets whose Dial string matches {@code dial} (a glob: {@code *} is any text) take these
 * Asterisk formats. The FastAGI hook compares the caller's codec with them.
 */
public record Route(String name, String dial, List<String> codecs) {

    public boolean matches(String dialString) {
        StringBuilder regex = new StringBuilder();
        for (String part : dial.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(dialString).matches();
    }
}
