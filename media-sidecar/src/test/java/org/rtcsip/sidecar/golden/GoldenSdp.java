package org.rtcsip.sidecar.golden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opentest4j.AssertionFailedError;

/**
 * Compares a whole SDP with an expected text, line for line and byte for byte, as rtpengine's
 * {@code t/auto-daemon-tests} do. The expected text is written with {@code \n} line ends (a Java text block);
 * the actual SDP must end every line with CRLF. Only what the sidecar picks at random or from its pool may be a
 * placeholder:
 * <ul>
 * <li>{@code {PORT}}: any port; it becomes "the last port". {@code {PORT+1}} must be the last port + 1.</li>
 * <li>{@code {PORT:a}}: any port, remembered as {@code a}; a later {@code {PORT:a}} must be the same port and
 * {@code {PORT:a+1}} that port + 1. A name seen before refers back; the first use defines it.</li>
 * <li>{@code {CRYPTO_80}} / {@code {CRYPTO_32}}: {@code AES_CM_128_HMAC_SHA1_80|32 inline:<30 bytes base64>}, the
 * key collected in order ({@link Match#crypto(int)}).</li>
 * </ul>
 */
public final class GoldenSdp {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(PORT(?::(\\w+))?(\\+1)?|CRYPTO_(80|32))}");

    private GoldenSdp() {
    }

    /** What the placeholders stood for in a matching SDP. */
    public static final class Match {
        private final Map<String, Integer> ports = new HashMap<>();
        private final List<Integer> portsInOrder = new ArrayList<>();
        private final List<String> cryptos = new ArrayList<>();

        /** The port a named placeholder matched. */
        public int port(String name) {
            Integer p = ports.get(name);
            if (p == null) {
                throw new IllegalArgumentException("no {PORT:" + name + "} in the expected SDP");
            }
            return p;
        }

        /** The n-th (from 0) port matched by {@code {PORT}} or a defining {@code {PORT:x}}. */
        public int port(int n) {
            return portsInOrder.get(n);
        }

        /** The n-th (from 0) crypto placeholder's value: {@code SUITE inline:KEY}. */
        public String crypto(int n) {
            return cryptos.get(n);
        }
    }

    /** Converts {@code \n} line ends of a text block to SDP's CRLF. */
    public static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    public static Match assertMatches(String expected, String actual) {
        return assertMatches(expected, actual, null);
    }

    /**
     * As {@link #assertMatches(String, String)}, with the named ports of an earlier SDP of the same call already
     * known: {@code {PORT:alice}} must then be the port {@code earlier} saw (a re-INVITE keeps its ports).
     */
    public static Match assertMatches(String expected, String actual, Match earlier) {
        if (actual == null) {
            throw new AssertionFailedError("no SDP to compare", expected, null);
        }
        String[] want = expected.replace("\r\n", "\n").split("\n", -1);
        String[] got = actual.split("\r\n", -1);
        Match m = new Match();
        if (earlier != null) {
            earlier.ports.forEach((name, port) -> {
                if (!name.startsWith("#")) {
                    m.ports.put(name, port);
                }
            });
        }
        String[] last = {null};
        int n = Math.max(want.length, got.length);
        for (int i = 0; i < n; i++) {
            String w = i < want.length ? want[i] : "<end>";
            String g = i < got.length ? got[i] : "<end>";
            String problem = i < want.length && i < got.length ? matchLine(w, g, m, last) : "missing or extra line";
            if (problem == null && g.indexOf('\n') >= 0) {
                problem = "bare LF inside the line (SDP needs CRLF)";
            }
            if (problem != null) {
                throw new AssertionFailedError("SDP line " + (i + 1) + ": " + problem + "\n  expected: " + w
                        + "\n  actual:   " + g + "\n--- actual SDP ---\n" + actual, expected, actual);
            }
        }
        return m;
    }

    /** Null when the line matches, else what is wrong; {@code last[0]} names the port {@code {PORT+1}} follows. */
    private static String matchLine(String want, String got, Match m, String[] last) {
        StringBuilder regex = new StringBuilder();
        List<Matcher> holders = new ArrayList<>();
        Matcher p = PLACEHOLDER.matcher(want);
        int at = 0;
        while (p.find()) {
            regex.append(Pattern.quote(want.substring(at, p.start())));
            regex.append(p.group(4) != null ? "(AES_CM_128_HMAC_SHA1_" + p.group(4) + " inline:[A-Za-z0-9+/]{40})"
                    : "([1-9][0-9]{0,4})");
            holders.add(PLACEHOLDER.matcher(p.group()));
            at = p.end();
        }
        regex.append(Pattern.quote(want.substring(at)));
        Matcher g = Pattern.compile(regex.toString()).matcher(got);
        if (!g.matches()) {
            return "does not match";
        }
        for (int i = 0; i < holders.size(); i++) {
            Matcher h = holders.get(i);
            h.matches();
            String value = g.group(i + 1);
            if (h.group(4) != null) {
                m.cryptos.add(value);
                continue;
            }
            int port = Integer.parseInt(value);
            if (port > 65535) {
                return "port " + port + " out of range";
            }
            String name = h.group(2) != null ? h.group(2) : null;
            boolean plusOne = h.group(3) != null;
            if (name == null && !plusOne) {
                name = "#" + m.portsInOrder.size();
                m.ports.put(name, port);
                m.portsInOrder.add(port);
                last[0] = name;
                continue;
            }
            String ref = name != null ? name : last[0];
            if (ref == null) {
                return "{PORT+1} before any {PORT}";
            }
            Integer known = m.ports.get(ref);
            if (known == null && !plusOne) {
                m.ports.put(ref, port);
                m.portsInOrder.add(port);
                last[0] = ref;
                continue;
            }
            if (known == null) {
                return "{PORT:" + ref + "+1} before {PORT:" + ref + "}";
            }
            int expected = plusOne ? known + 1 : known;
            if (port != expected) {
                return "port " + port + " should be " + expected + " (" + h.group() + ")";
            }
        }
        return null;
    }
}
