package org.rtcsip.sidecar.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.config.OptionCatalog.Kind;
import org.rtcsip.sidecar.config.OptionCatalog.OptionDef;
import org.rtcsip.sidecar.config.OptionCatalog.Use;
import org.rtcsip.sidecar.dtls.CertificateFiles;
import org.rtcsip.sidecar.ice.IceMode;
import org.rtcsip.sidecar.net.MediaTransport;

/**
 * Types the merged settings (defaults < file < command line) into a {@link SidecarConfig}. Every
 * failure names the key, the value and the origin of the value that won.
 */
final class SettingsReader {

    private static final int LOWEST_MEDIA_PORT = 1024;
    private static final int MIN_PORTS_IN_RANGE = 4;
    private static final int MAX_MEDIA_LOOPS = 1024;
    private static final int MAX_DRAIN_SECONDS = 86_400;
    private static final int MAX_POLL_SECONDS = 3_600;
    private static final int MAX_WARMUP_SECONDS = 60;
    /** One datagram of the largest size must fit. */
    private static final int MIN_SOCKET_BUFFER = 65_536;
    private static final int MAX_SOCKET_BUFFER = 1 << 28;
    /** A minimal SDP with one m= line; the largest, what fits a UDP datagram. */
    private static final int MIN_SDP_BYTES = 256;
    private static final int MAX_SDP_BYTES = 65_000;
    private static final int MAX_MEDIA_LINES = 1024;
    private static final int MAX_ATTRIBUTES = 65_536;
    private static final int MAX_STREAMS = 4096;
    private static final int MIN_TOKEN_LENGTH = 16;
    private static final String OFF = "off";
    private static final String AUTO = "auto";

    private final Map<String, RawSetting> settings;
    private final int availableProcessors;
    private final Supplier<Optional<String>> libopusProblem;
    private final List<String> warnings = new ArrayList<>();

    SettingsReader(Map<String, RawSetting> settings, int availableProcessors,
                   Supplier<Optional<String>> libopusProblem) {
        this.settings = settings;
        this.availableProcessors = availableProcessors;
        this.libopusProblem = libopusProblem;
    }

    /** Warnings found before typing (by whoever merged the layers), reported with the rest. */
    void warn(String warning) {
        warnings.add(warning);
    }

    SidecarConfig read(Optional<Path> configFile, String configSection) throws ConfigException {
        screenUnsupported();

        List<MediaInterface> interfaces = interfaces();
        List<InetSocketAddress> ngListen = new ArrayList<>();
        for (RawSetting.Value v : required("listen-ng").values()) {
            ngListen.add(listenAddress("listen-ng", v,
                    "the ng protocol has no authentication, prefer 127.0.0.1:PORT unless Kamailio runs elsewhere"));
        }
        NgAllow ngAllow = ngAllow();
        int ngSocketBuffer = integer("ng-socket-buffer", single("ng-socket-buffer"), MIN_SOCKET_BUFFER,
                MAX_SOCKET_BUFFER);
        InetSocketAddress httpListen = listenAddress("listen-http", single("listen-http"),
                "session views and metrics are open to anyone who reaches it (POST /drain and /log-level from"
                        + " loopback only, or with ops-token)");
        Optional<Secret> opsToken = opsToken();

        RawSetting.Value minValue = single("port-min");
        RawSetting.Value maxValue = single("port-max");
        int portMin = integer("port-min", minValue, LOWEST_MEDIA_PORT, 65535);
        int portMax = integer("port-max", maxValue, LOWEST_MEDIA_PORT, 65535);
        // RFC 3550 §11: RTP on an even port, RTCP on the odd port above it.
        int evenMin = portMin + (portMin & 1);
        if (evenMin >= portMax) {
            throw new ConfigException("port-min " + portMin + " must be below port-max " + portMax
                    + " (port-min from " + minValue.origin() + ", port-max from " + maxValue.origin() + ")");
        }
        int ports = portMax - evenMin + 1;
        if (ports < MIN_PORTS_IN_RANGE) {
            throw new ConfigException("port-min " + portMin + " to port-max " + portMax + " holds " + ports
                    + " usable ports, at least " + MIN_PORTS_IN_RANGE + " are needed (port-min from "
                    + minValue.origin() + ", port-max from " + maxValue.origin() + ")");
        }
        if (evenMin != portMin) {
            warnings.add("port-min: " + portMin + " rounded up to " + evenMin
                    + ", RTP takes even ports (" + minValue.origin() + ")");
        }

        Duration timeout = seconds("timeout");
        Duration silentTimeout = seconds("silent-timeout");
        Duration finalTimeout = seconds("final-timeout");
        Duration deleteDelay = seconds("delete-delay");

        RawSetting.Value levelValue = single("log-level");
        SyslogLevel level;
        try {
            level = SyslogLevel.parse(levelValue.text());
        } catch (InvalidValue e) {
            throw ConfigException.badValue("log-level", levelValue.text(), e.reason(), levelValue.origin());
        }

        boolean foreground = settings.containsKey("foreground") && flag("foreground");
        Optional<Path> pidFile = optionalPath("pidfile");

        int threads = integer("num-threads", single("num-threads"), 0, MAX_MEDIA_LOOPS);
        int mediaLoops = threads == 0 ? availableProcessors : threads;
        int maxSessions = integer("max-sessions", single("max-sessions"), -1, Integer.MAX_VALUE);

        CallLimits callLimits = new CallLimits(
                integer("max-sdp-size", single("max-sdp-size"), MIN_SDP_BYTES, MAX_SDP_BYTES),
                integer("max-media-per-offer", single("max-media-per-offer"), 1, MAX_MEDIA_LINES),
                integer("max-attributes-per-media", single("max-attributes-per-media"), 1, MAX_ATTRIBUTES),
                integer("max-streams-per-call", single("max-streams-per-call"), 1, MAX_STREAMS));

        Duration drainTimeout = Duration.ofSeconds(integer("drain-timeout", single("drain-timeout"), 0,
                MAX_DRAIN_SECONDS));
        Optional<URI> kamailioRpc = kamailioRpc();
        String kamailioNgUrl = kamailioNgUrl(ngListen, kamailioRpc.isPresent());
        Duration kamailioPoll = Duration.ofSeconds(integer("kamailio-poll-interval", single("kamailio-poll-interval"),
                1, MAX_POLL_SECONDS));

        OpusBackend opusBackend = opusBackend();
        int opusComplexity = integer("opus-complexity", single("opus-complexity"), 0, 10);
        int opusBitrate = integer("opus-bitrate", single("opus-bitrate"), OpusEncoderSettings.MIN_BITRATE,
                OpusEncoderSettings.MAX_BITRATE);
        MediaTransport mediaTransport = mediaTransport();
        Duration codecWarmup = Duration.ofSeconds(integer("codec-warmup", single("codec-warmup"), 0,
                MAX_WARMUP_SECONDS));

        Optional<CertificateFiles> dtlsFiles = dtlsFiles();
        IceMode ice = iceMode();

        return new SidecarConfig(interfaces, ngListen, ngAllow, ngSocketBuffer, httpListen, opsToken, evenMin, portMax,
                timeout, silentTimeout, finalTimeout, deleteDelay, level.julLevel(), foreground, pidFile, mediaLoops,
                maxSessions, callLimits, drainTimeout, kamailioRpc, kamailioNgUrl, kamailioPoll, opusBackend,
                opusComplexity, opusBitrate, mediaTransport, codecWarmup, dtlsFiles, ice, configFile, configSection,
                warnings);
    }

    private MediaTransport mediaTransport() throws ConfigException {
        RawSetting.Value v = single("media-transport");
        try {
            return MediaTransport.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue("media-transport", v.text(), "is not a media transport: auto, io_uring"
                    + " or jdk", v.origin());
        }
    }

    /** Both or neither; read now, so a wrong file stops start-up instead of the first browser call. */
    private Optional<CertificateFiles> dtlsFiles() throws ConfigException {
        Optional<Path> cert = optionalPath("dtls-cert");
        Optional<Path> key = optionalPath("dtls-key");
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty()) {
            String given = cert.isPresent() ? "dtls-cert" : "dtls-key";
            String missing = cert.isPresent() ? "dtls-key" : "dtls-cert";
            throw ConfigException.about(given, "needs " + missing + " as well (the certificate and its private key)",
                    settings.get(given).last().origin());
        }
        CertificateFiles files = new CertificateFiles(cert.get(), key.get());
        try {
            files.load();
        } catch (java.io.IOException e) {
            String blamed = e.getMessage() != null && e.getMessage().startsWith("DTLS private key") ? "dtls-key"
                    : "dtls-cert";
            throw ConfigException.about(blamed, e.getMessage(), settings.get(blamed).last().origin());
        }
        return Optional.of(files);
    }

    private IceMode iceMode() throws ConfigException {
        RawSetting.Value v = single("ice");
        try {
            return IceMode.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue("ice", v.text(), "is not an ICE mode: lite or full", v.origin());
        }
    }

    private NgAllow ngAllow() throws ConfigException {
        boolean auto = false;
        boolean any = false;
        List<AddressBlock> blocks = new ArrayList<>();
        for (RawSetting.Value v : required("ng-allow").values()) {
            for (String item : v.text().split(",")) {
                String t = item.strip();
                if (t.equals(AUTO)) {
                    auto = true;
                } else if (t.equals("any")) {
                    any = true;
                } else {
                    try {
                        blocks.add(AddressSyntax.addressBlock(t));
                    } catch (InvalidValue e) {
                        throw ConfigException.badValue("ng-allow", t, e.reason() + "; give auto, any or CIDR blocks"
                                + " such as 10.0.0.0/24", v.origin());
                    }
                }
            }
        }
        if (any && (auto || !blocks.isEmpty())) {
            throw ConfigException.about("ng-allow", "any allows every source; it cannot be combined with auto or"
                    + " address blocks", required("ng-allow").last().origin());
        }
        if (any) {
            warnings.add("ng-allow: any: ng requests are taken from every source address; the ng protocol has no"
                    + " authentication (" + required("ng-allow").last().origin() + ")");
        }
        return new NgAllow(auto, any, blocks);
    }

    private Optional<Secret> opsToken() throws ConfigException {
        RawSetting inline = settings.get("ops-token");
        Optional<Path> file = optionalPath("ops-token-file");
        if (inline != null && file.isPresent()) {
            throw ConfigException.about("ops-token", "give ops-token or ops-token-file, not both",
                    inline.last().origin());
        }
        String token;
        String key;
        Origin origin;
        if (inline != null) {
            token = inline.last().text().strip();
            key = "ops-token";
            origin = inline.last().origin();
        } else if (file.isPresent()) {
            key = "ops-token-file";
            origin = settings.get(key).last().origin();
            try {
                token = Files.readAllLines(file.get(), StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException | UncheckedIOException e) {
                throw ConfigException.badValue(key, file.get().toString(), "cannot be read: "
                        + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), origin);
            }
        } else {
            return Optional.empty();
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw ConfigException.about(key, "the token must be at least " + MIN_TOKEN_LENGTH + " printable"
                    + " characters without spaces (e.g. openssl rand -hex 24)", origin);
        }
        return Optional.of(new Secret(token));
    }

    /** libopus asked for by name must load now: failing at start-up beats failing at the first transcoded call. */
    private OpusBackend opusBackend() throws ConfigException {
        RawSetting.Value v = single("opus-backend");
        OpusBackend backend;
        try {
            backend = OpusBackend.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue("opus-backend", v.text(), "is not an Opus backend: auto, libopus or"
                    + " concentus", v.origin());
        }
        if (backend == OpusBackend.LIBOPUS) {
            Optional<String> problem = libopusProblem.get();
            if (problem.isPresent()) {
                throw ConfigException.about("opus-backend", "libopus cannot be loaded (" + problem.get() + "); "
                        + OpusCodecs.HOW_TO_INSTALL + ", or set opus-backend = auto to fall back to Concentus",
                        v.origin());
            }
        }
        return backend;
    }

    private Optional<URI> kamailioRpc() throws ConfigException {
        RawSetting.Value v = single("kamailio-rpc");
        String text = v.text().strip();
        if (text.equals(OFF)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw ConfigException.badValue("kamailio-rpc", v.text(), "is not an http:// or https:// URL of Kamailio's"
                    + " JSON-RPC (the shipped kamailio.cfg serves http://127.0.0.1:5071/RPC), nor off", v.origin());
        }
        return Optional.of(uri);
    }

    /**
     * The URL Kamailio knows this sidecar by. {@code auto} spells the first ng listener as rtpengine_sock
     * would; a wildcard listener has no such spelling, which matters only when the controller uses it.
     */
    private String kamailioNgUrl(List<InetSocketAddress> ngListen, boolean used) throws ConfigException {
        RawSetting.Value v = single("kamailio-ng-url");
        String text = v.text().strip();
        if (text.equals(AUTO)) {
            InetSocketAddress first = ngListen.get(0);
            if (used && first.getAddress().isAnyLocalAddress()) {
                throw ConfigException.about("kamailio-ng-url", "auto cannot tell Kamailio's name for this sidecar:"
                        + " listen-ng " + first.getAddress().getHostAddress() + ":" + first.getPort() + " is a wildcard;"
                        + " set kamailio-ng-url to the URL kamailio.cfg's rtpengine_sock uses, e.g. udp:10.0.0.5:"
                        + first.getPort(), v.origin());
            }
            return ngUrl(first);
        }
        int colon = text.lastIndexOf(':');
        boolean scheme = text.startsWith("udp:") || text.startsWith("udp6:");
        int hostStart = text.indexOf(':') + 1;
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (!scheme || colon < hostStart + 1 || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.isEmpty()
                || port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535
                || text.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigException.badValue("kamailio-ng-url", v.text(), "is not an ng URL as rtpengine_sock writes it:"
                    + " udp:IP:PORT or udp6:[IP]:PORT, or auto", v.origin());
        }
        int number = Integer.parseInt(port);
        if (ngListen.stream().noneMatch(a -> a.getPort() == number)) {
            warnings.add("kamailio-ng-url: \"" + text + "\" names port " + number + ", but listen-ng has "
                    + ngListen.stream().map(a -> Integer.toString(a.getPort())).distinct().toList()
                    + "; fine behind a port forward, otherwise Kamailio's ping will get no answer (" + v.origin() + ")");
        }
        return text;
    }

    private static String ngUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        // ng-protocol.md §1.1: udp6:[addr]:port
        return host.indexOf(':') >= 0 ? "udp6:[" + host + "]:" + address.getPort() : "udp:" + host + ":" + address.getPort();
    }

    // Rejected options stop start-up; ignored ones become warnings. A flag set to false is simply off.
    private void screenUnsupported() throws ConfigException {
        for (RawSetting setting : settings.values()) {
            OptionDef def = OptionCatalog.find(setting.key()).orElseThrow();
            if (def.use() != Use.REJECTED && def.use() != Use.IGNORED) {
                continue;
            }
            RawSetting.Value last = setting.last();
            if (def.kind() == Kind.FLAG && last.text().equals("false")) {
                continue;
            }
            if (def.use() == Use.REJECTED) {
                throw ConfigException.about(def.key(), "not supported: " + def.text(), last.origin());
            }
            warnings.add(def.key() + ": ignored, " + def.text() + " (" + last.origin() + ")");
        }
    }

    private List<MediaInterface> interfaces() throws ConfigException {
        List<MediaInterface> interfaces = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RawSetting.Value v : required("interface").values()) {
            MediaInterface i;
            try {
                i = AddressSyntax.mediaInterface(v.text().strip());
            } catch (InvalidValue e) {
                throw ConfigException.badValue("interface", v.text(), e.reason(), v.origin());
            }
            if (!seen.add(i.name() + "/" + i.local().getHostAddress())) {
                throw ConfigException.badValue("interface", v.text(), "repeats an interface given before",
                        v.origin());
            }
            interfaces.add(i);
        }
        return interfaces;
    }

    private InetSocketAddress listenAddress(String key, RawSetting.Value v, String exposure) throws ConfigException {
        InetSocketAddress address;
        try {
            address = AddressSyntax.listenAddress(v.text().strip());
        } catch (InvalidValue e) {
            throw ConfigException.badValue(key, v.text(), e.reason(), v.origin());
        }
        if (address.getAddress().isAnyLocalAddress()) {
            warnings.add(key + ": \"" + v.text() + "\" listens on all interfaces; " + exposure
                    + " (" + v.origin() + ")");
        }
        return address;
    }

    private Duration seconds(String key) throws ConfigException {
        return Duration.ofSeconds(integer(key, single(key), 0, Integer.MAX_VALUE));
    }

    private int integer(String key, RawSetting.Value v, int min, int max) throws ConfigException {
        String t = v.text().strip();
        boolean digits = !t.isEmpty() && t.length() <= 11
                && (t.charAt(0) == '-' ? t.length() > 1 && t.substring(1).chars().allMatch(Character::isDigit)
                        : t.chars().allMatch(c -> c >= '0' && c <= '9'));
        if (!digits) {
            throw ConfigException.badValue(key, v.text(), "is not a number", v.origin());
        }
        long n = Long.parseLong(t);
        if (n < min || n > max) {
            throw ConfigException.badValue(key, v.text(), "is out of range, allowed " + min + " to "
                    + (max == Integer.MAX_VALUE ? "2147483647" : Integer.toString(max)), v.origin());
        }
        return (int) n;
    }

    private boolean flag(String key) {
        return single(key).text().equals("true");
    }

    private Optional<Path> optionalPath(String key) throws ConfigException {
        RawSetting setting = settings.get(key);
        if (setting == null) {
            return Optional.empty();
        }
        RawSetting.Value v = setting.last();
        if (v.text().isBlank()) {
            throw ConfigException.badValue(key, v.text(), "is empty; give a file path", v.origin());
        }
        try {
            return Optional.of(Path.of(v.text().strip()));
        } catch (InvalidPathException e) {
            throw ConfigException.badValue(key, v.text(), "is not a file path", v.origin());
        }
    }

    private RawSetting required(String key) {
        RawSetting setting = settings.get(key);
        if (setting == null) {
            // The embedded defaults give every applied option a value; reaching here is a packaging bug.
            throw new IllegalStateException(SidecarConfig.DEFAULTS_RESOURCE + " has no " + key);
        }
        return setting;
    }

    private RawSetting.Value single(String key) {
        return required(key).last();
    }
}
