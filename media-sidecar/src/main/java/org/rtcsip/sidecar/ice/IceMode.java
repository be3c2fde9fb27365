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
    FULL,
    /**
     * No ICE at all, for a DTLS-SRTP peer that is not a browser (a trunk or PBX, RFC 5763 without RFC 8445): ng
     * {@code ICE=remove} toward it, or its SDP carried no ICE credentials. Media and DTLS go to and come from the
     * address its SDP names. Never a sidecar option (a browser always does ICE).
     */
    NONE;

    /** {@code lite} or {@code full}, any case ({@link #NONE} is per leg, never an option). */
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
