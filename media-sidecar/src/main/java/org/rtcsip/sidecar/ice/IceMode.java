package org.rtcsip.sidecar.ice;

import java.util.Locale;

/**
 * How the sidecar does ICE toward a browser. LITE (RFC 8445 §2.5): host candidates, answers checks, the browser
 * controls; right for a sidecar on a public address. FULL: it also checks the browser's candidates and takes the
 * role RFC 8445 §6.1.1 gives it (controlling when it offered, controlled when it answered), for a sidecar that is
 * itself behind a NAT or firewall and must open its own pinholes.
 */
public enum IceMode {
    LITE,
    FULL;

    /** {@code lite} or {@code full}, any case. */
    public static IceMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "lite" -> LITE;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("not an ICE mode: " + text);
        };
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
