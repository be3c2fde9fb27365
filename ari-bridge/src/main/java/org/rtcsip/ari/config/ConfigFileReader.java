package org.rtcsip.ari.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;

/**
 * Reads ari-bridge.conf, in the style of media-sidecar's sidecar.conf: {@code [section]} headers,
 * {@code key = value} lines, whole-line comments starting with {@code #} or {@code ;}, no comments after a value.
 * Section {@code [ari-bridge]} holds the settings, each {@code [route NAME]} one routing rule ({@code dial},
 * {@code codecs}). A key the file does not give keeps its embedded default; a file with routes replaces the
 * default routes. Unknown keys, sections and bad values stop start-up with the line they are on.
 */
public final class ConfigFileReader {
    private static final Set<String> FORMATS = Set.of("opus", "ulaw", "alaw", "g722", "gsm", "slin", "slin16",
            "g729");

    private ConfigFileReader() {
    }

    public static BridgeConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e);
        }
        return parse(text, "config file " + file);
    }

    public static BridgeConfig parse(String text, String label) throws ConfigException {
        BridgeConfig c = BridgeConfig.defaults();
        URI ariUrl = c.ariUrl();
        String user = c.ariUser();
        String password = c.ariPassword();
        String app = c.app();
        InetSocketAddress agi = c.listenAgi();
        InetSocketAddress ng = c.sidecarNg();
        URI media = null;
        InetSocketAddress http = c.listenHttp();
        Duration dialTimeout = c.dialTimeout();
        Duration setupTimeout = c.setupTimeout();
        Duration reconnectMax = c.reconnectMax();
        Level level = c.logLevel();
        List<Route> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();

        String section = null;
        String routeName = null;
        String routeDial = null;
        List<String> routeCodecs = null;
        int routeLine = 0;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "[end]";
            String where = label + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (routeName != null) {
                    routes.add(finishRoute(routeName, routeDial, routeCodecs, label + " line " + routeLine));
                    routeName = null;
                }
                if (i == lines.length) {
                    break;
                }
                if (!line.endsWith("]")) {
                    throw new ConfigException(where + ": malformed section header \"" + line + "\"");
                }
                section = line.substring(1, line.length() - 1).strip();
                if (section.startsWith("route ")) {
                    String name = section.substring(6).strip();
                    routeName = name;
                    routeDial = null;
                    routeCodecs = null;
                    routeLine = i + 1;
                    if (name.isEmpty() || routes.stream().anyMatch(r -> r.name().equals(name))) {
                        throw new ConfigException(where + ": [" + section + "] needs a name that no other route has");
                    }
                } else if (!section.equals("ari-bridge")) {
                    throw new ConfigException(where + ": unknown section [" + section
                            + "] (sections: [ari-bridge], [route NAME])");
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": expected \"key = value\", \"[section]\" or a comment, found \""
                        + line + "\"");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (section == null) {
                throw new ConfigException(where + ": " + key + " before any [section] header");
            }
            String at = where + ": " + key + " = " + value + ": ";
            if (routeName != null) {
                switch (key) {
                    case "dial" -> routeDial = nonEmpty(value, at);
                    case "codecs" -> routeCodecs = codecs(value, at);
                    default -> throw new ConfigException(where + ": unknown key \"" + key + "\" in [" + section
                            + "] (a route has dial and codecs)");
                }
                continue;
            }
            if (!seen.add(key)) {
                throw new ConfigException(where + ": " + key + " given twice in [ari-bridge]");
            }
            switch (key) {
                case "ari-url" -> ariUrl = httpUrl(value, at);
                case "ari-user" -> user = nonEmpty(value, at);
                case "ari-password" -> password = nonEmpty(value, at);
                case "app" -> app = appName(value, at);
                case "listen-agi" -> agi = address(value, at);
                case "sidecar-ng" -> ng = address(value, at);
                case "media-url" -> media = value.equals("auto") ? null : wsUrl(value, at);
                case "listen-http" -> http = address(value, at);
                case "dial-timeout" -> dialTimeout = seconds(value, 1, 3600, at);
                case "setup-timeout" -> setupTimeout = seconds(value, 1, 120, at);
                case "reconnect-max" -> reconnectMax = seconds(value, 1, 300, at);
                case "log-level" -> level = level(value, at);
                default -> throw new ConfigException(where + ": unknown key \"" + key + "\" in [ari-bridge]"
                        + " (keys: ari-url, ari-user, ari-password, app, listen-agi, sidecar-ng, media-url,"
                        + " listen-http, dial-timeout, setup-timeout, reconnect-max, log-level)");
            }
        }
        return new BridgeConfig(ariUrl, user, password, app, agi, ng,
                media != null ? media : BridgeConfig.mediaUrlFor(ariUrl), http, dialTimeout, setupTimeout,
                reconnectMax, level, routes.isEmpty() ? c.routes() : List.copyOf(routes));
    }

    private static Route finishRoute(String name, String dial, List<String> codecs, String where)
            throws ConfigException {
        if (dial == null || codecs == null) {
            throw new ConfigException(where + ": [route " + name + "] needs both dial and codecs");
        }
        return new Route(name, dial, codecs);
    }

    private static String nonEmpty(String value, String at) throws ConfigException {
        if (value.isEmpty()) {
            throw new ConfigException(at + "must not be empty");
        }
        return value;
    }

    private static String appName(String value, String at) throws ConfigException {
        if (!value.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(at + "a Stasis application name is letters, digits, '-', '_', '.'");
        }
        return value;
    }

    private static List<String> codecs(String value, String at) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String piece : value.split(",")) {
            String f = piece.strip().toLowerCase(Locale.ROOT);
            if (f.isEmpty()) {
                continue;
            }
            if (!FORMATS.contains(f)) {
                throw new ConfigException(at + "\"" + f + "\" is not an Asterisk format name (e.g. opus, ulaw, alaw)");
            }
            out.add(f);
        }
        if (out.isEmpty()) {
            throw new ConfigException(at + "needs at least one codec");
        }
        return List.copyOf(out);
    }

    private static URI httpUrl(String value, String at) throws ConfigException {
        URI u = uri(value, at);
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new ConfigException(at + "expected http://HOST:PORT (Asterisk's http.conf bindaddr and bindport)");
        }
        return u;
    }

    private static URI wsUrl(String value, String at) throws ConfigException {
        URI u = uri(value, at);
        if (!("ws".equals(u.getScheme()) || "wss".equals(u.getScheme())) || u.getHost() == null) {
            throw new ConfigException(at + "expected ws://HOST:PORT/media or auto");
        }
        return u;
    }

    private static URI uri(String value, String at) throws ConfigException {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(at + "not a URL: " + e.getReason());
        }
    }

    /** IP:PORT or [IPv6]:PORT; only literal addresses, so start-up never waits for DNS. */
    static InetSocketAddress address(String value, String at) throws ConfigException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new ConfigException(at + "expected IP:PORT, e.g. 127.0.0.1:4573 or [::1]:4573");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new ConfigException(at + "\"" + host + "\" is not an IP address");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(at + "the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(at + "port " + port + " is outside 1-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException(at + "\"" + host + "\" is not an IP address");
        }
    }

    private static Duration seconds(String value, int min, int max, String at) throws ConfigException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(at + "expected whole seconds");
        }
        if (n < min || n > max) {
            throw new ConfigException(at + "must be " + min + " to " + max + " seconds");
        }
        return Duration.ofSeconds(n);
    }

    private static Level level(String value, String at) throws ConfigException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> throw new ConfigException(at + "expected error, warn, info or debug");
        };
    }
}
