package org.rtcsip.sidecar.config;

import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.rtcsip.sidecar.config.OptionCatalog.Kind;
import org.rtcsip.sidecar.config.OptionCatalog.OptionDef;
import org.rtcsip.sidecar.config.OptionCatalog.Use;

/**
 * Types the merged settings (defaults < file < command line) into a {@link SidecarConfig}. Every
 * failure names the key, the value and the origin of the value that won.
 */
final class SettingsReader {

    private static final int LOWEST_MEDIA_PORT = 1024;
    private static final int MIN_PORTS_IN_RANGE = 4;
    private static final int MAX_MEDIA_LOOPS = 1024;

    private final Map<String, RawSetting> settings;
    private final int availableProcessors;
    private final List<String> warnings = new ArrayList<>();

    SettingsReader(Map<String, RawSetting> settings, int availableProcessors) {
        this.settings = settings;
        this.availableProcessors = availableProcessors;
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
        InetSocketAddress httpListen = listenAddress("listen-http", single("listen-http"),
                "session views and drain are open to anyone who reaches it");

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

        return new SidecarConfig(interfaces, ngListen, httpListen, evenMin, portMax, timeout, silentTimeout,
                finalTimeout, deleteDelay, level.julLevel(), foreground, pidFile, mediaLoops,
                maxSessions, configFile, configSection, warnings);
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
