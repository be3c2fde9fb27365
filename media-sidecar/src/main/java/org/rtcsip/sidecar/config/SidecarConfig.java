package org.rtcsip.sidecar.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.dtls.CertificateFiles;
import org.rtcsip.sidecar.ice.IceMode;
import org.rtcsip.sidecar.net.MediaTransport;

/**
 * Everything the sidecar process needs to start, typed and validated. Built from three layers, each
 * overriding the one before key by key: the embedded {@value #DEFAULTS_RESOURCE}, the config file
 * ({@code --config-file}), the command line. Option names and the file format are rtpengine's.
 *
 * @param interfaces    media addresses, at least one ({@code --interface})
 * @param ngListen      UDP addresses for ng control, at least one ({@code --listen-ng})
 * @param ngAllow       source addresses ng requests are taken from ({@code --ng-allow})
 * @param ngSocketBuffer receive and send buffer asked for the ng sockets, in bytes ({@code --ng-socket-buffer})
 * @param httpListen    operator HTTP address ({@code --listen-http})
 * @param opsToken      bearer token for POST /drain and /log-level from outside loopback ({@code --ops-token},
 *                      {@code --ops-token-file}); without it those are taken from loopback only
 * @param portMin       lowest media port, even
 * @param portMax       highest media port
 * @param mediaTimeout  end a call after this long without media; zero = never ({@code --timeout})
 * @param silentTimeout the same for muted/inactive streams ({@code --silent-timeout})
 * @param finalTimeout  end every call this long after it began; zero = never ({@code --final-timeout})
 * @param deleteDelay   keep a deleted call (and its ports) this long ({@code --delete-delay})
 * @param logLevel      root java.util.logging level ({@code --log-level})
 * @param foreground    {@code --foreground} was given; informational, the JVM never daemonizes
 * @param pidFile       where to write the pid, see {@link PidFile} ({@code --pidfile})
 * @param mediaLoops    media event loop threads ({@code --num-threads}, 0 = processors)
 * @param maxSessions   refuse new calls above this many; -1 = unlimited ({@code --max-sessions})
 * @param callLimits    caps on the SDP of one offer and the streams of one call
 * @param drainTimeout  how long a drain (SIGTERM, POST /drain) serves the calls in progress at most; zero =
 *                      stop at once ({@code --drain-timeout})
 * @param kamailioRpc   Kamailio's JSON-RPC URL for the ops controller; empty = no controller ({@code --kamailio-rpc})
 * @param kamailioNgUrl this sidecar's URL as kamailio.cfg's rtpengine_sock writes it ({@code --kamailio-ng-url},
 *                      by default derived from the first ng listener)
 * @param kamailioPollInterval how often the controller reads Kamailio's state ({@code --kamailio-poll-interval})
 * @param opusBackend   which Opus implementation transcodes: auto (libopus if it loads), libopus, concentus
 *                      ({@code --opus-backend}); libopus is checked to load while reading the configuration
 * @param opusComplexity Opus encoder complexity 0-10 ({@code --opus-complexity})
 * @param opusBitrate   Opus encoder target bitrate in bit/s, 6000-510000, lowered to what the receiver's fmtp asks
 *                      for ({@code --opus-bitrate})
 * @param mediaTransport how the media loops move datagrams: auto (io_uring where it works), io_uring, jdk
 *                      ({@code --media-transport})
 * @param codecWarmup   how long to transcode synthetic audio in the background at start, so the first calls find
 *                      the codec path compiled; zero = no warm-up ({@code --codec-warmup})
 * @param dtlsFiles     the DTLS certificate and key files ({@code --dtls-cert}, {@code --dtls-key}), checked to
 *                      load; empty = a certificate generated at start
 * @param ice           ICE toward browsers unless a call's ng ICE-lite key says otherwise ({@code --ice})
 * @param configFile    the file read, if any
 * @param configSection the section read (or that would be read)
 * @param warnings      things the operator should know, one line each, for the caller to log:
 *                      ignored rtpengine options, rounded ports, listeners open to all interfaces
 */
public record SidecarConfig(
        List<MediaInterface> interfaces,
        List<InetSocketAddress> ngListen,
        NgAllow ngAllow,
        int ngSocketBuffer,
        InetSocketAddress httpListen,
        Optional<Secret> opsToken,
        int portMin,
        int portMax,
        Duration mediaTimeout,
        Duration silentTimeout,
        Duration finalTimeout,
        Duration deleteDelay,
        Level logLevel,
        boolean foreground,
        Optional<Path> pidFile,
        int mediaLoops,
        int maxSessions,
        CallLimits callLimits,
        Duration drainTimeout,
        Optional<URI> kamailioRpc,
        String kamailioNgUrl,
        Duration kamailioPollInterval,
        OpusBackend opusBackend,
        int opusComplexity,
        int opusBitrate,
        MediaTransport mediaTransport,
        Duration codecWarmup,
        Optional<CertificateFiles> dtlsFiles,
        IceMode ice,
        Optional<Path> configFile,
        String configSection,
        List<String> warnings) {

    /** Classpath resource holding the defaults, in the config file format. */
    public static final String DEFAULTS_RESOURCE = "sidecar-defaults.conf";

    /** {@code --max-sessions} value meaning no limit. */
    public static final int UNLIMITED_SESSIONS = -1;

    private static final String NO_CONFIG_FILE = "none";
    private static final long MAX_CONFIG_FILE_BYTES = 1 << 20;

    public SidecarConfig {
        interfaces = List.copyOf(interfaces);
        ngListen = List.copyOf(ngListen);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(ngAllow, "ngAllow");
        Objects.requireNonNull(httpListen, "httpListen");
        Objects.requireNonNull(opsToken, "opsToken");
        Objects.requireNonNull(mediaTimeout, "mediaTimeout");
        Objects.requireNonNull(silentTimeout, "silentTimeout");
        Objects.requireNonNull(finalTimeout, "finalTimeout");
        Objects.requireNonNull(deleteDelay, "deleteDelay");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(callLimits, "callLimits");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(kamailioRpc, "kamailioRpc");
        Objects.requireNonNull(kamailioNgUrl, "kamailioNgUrl");
        Objects.requireNonNull(kamailioPollInterval, "kamailioPollInterval");
        Objects.requireNonNull(opusBackend, "opusBackend");
        Objects.requireNonNull(mediaTransport, "mediaTransport");
        Objects.requireNonNull(codecWarmup, "codecWarmup");
        Objects.requireNonNull(dtlsFiles, "dtlsFiles");
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(configSection, "configSection");
        if (interfaces.isEmpty() || ngListen.isEmpty()) {
            throw new IllegalArgumentException("at least one interface and one ng listener are needed");
        }
        if (portMin >= portMax || (portMin & 1) != 0) {
            throw new IllegalArgumentException("media ports " + portMin + "-" + portMax);
        }
    }

    /**
     * The configuration for {@code args}, for callers that never ask for --help or --version (tests,
     * embedding). Main should call {@link #parse(String[])}.
     *
     * @throws ConfigException for any bad value, unknown option or key, unreadable file; also when
     *                         {@code args} ask for --help or --version, which have no configuration
     */
    public static SidecarConfig load(String[] args) throws ConfigException {
        Startup startup = parse(args);
        if (startup instanceof Startup.Run run) {
            return run.config();
        }
        throw new ConfigException("--help and --version print text instead of starting (command line)");
    }

    /**
     * Reads the start line: {@link Startup.Run} with the configuration, or {@link Startup.PrintAndExit}
     * with the help or version text. Prints nothing and never exits.
     *
     * @throws ConfigException naming the key, the value and where it came from
     */
    public static Startup parse(String[] args) throws ConfigException {
        return parse(args, Runtime.getRuntime().availableProcessors());
    }

    static Startup parse(String[] args, int availableProcessors) throws ConfigException {
        return parse(args, availableProcessors, OpusCodecs::libopusProblem);
    }

    /** @param libopusProblem why libopus cannot be loaded, empty when it can (asked only for opus-backend = libopus) */
    static Startup parse(String[] args, int availableProcessors, Supplier<Optional<String>> libopusProblem)
            throws ConfigException {
        CommandLineReader.Arguments arguments = CommandLineReader.read(args);
        Map<String, RawSetting> defaults = embeddedDefaults();
        switch (arguments.request()) {
            case HELP:
                return new Startup.PrintAndExit(CommandLineReader.usage(defaults), 0);
            case VERSION:
                return new Startup.PrintAndExit(CommandLineReader.version(), 0);
            default:
                break;
        }
        Map<String, RawSetting> commandLine = new LinkedHashMap<>(arguments.settings());
        RawSetting fileSetting = commandLine.remove(OptionCatalog.CONFIG_FILE);
        RawSetting sectionSetting = commandLine.remove(OptionCatalog.CONFIG_SECTION);
        Optional<RawSetting.Value> requestedSection = Optional.ofNullable(sectionSetting).map(RawSetting::last);

        Map<String, RawSetting> merged = new LinkedHashMap<>(defaults);
        Optional<Path> configFile = Optional.empty();
        String section = requestedSection.map(RawSetting.Value::text).orElse(FileSettings.RTPENGINE_SECTION);
        if (fileSetting != null && !fileSetting.last().text().equals(NO_CONFIG_FILE)) {
            RawSetting.Value v = fileSetting.last();
            Path path = configPath(v);
            IniFile file = IniFile.parse(readConfigFile(path, v), "config file " + path);
            section = FileSettings.chooseSection(file, requestedSection);
            merged.putAll(FileSettings.read(file, section));
            configFile = Optional.of(path);
        }
        merged.putAll(commandLine);

        SettingsReader reader = new SettingsReader(merged, availableProcessors, libopusProblem);
        if (sectionSetting != null && configFile.isEmpty()) {
            reader.warn(OptionCatalog.CONFIG_SECTION + ": ignored, no config file is read ("
                    + sectionSetting.last().origin() + ")");
        }
        return new Startup.Run(reader.read(configFile, section));
    }

    /** The embedded defaults as raw settings. A broken resource is a packaging bug, not an operator error. */
    static Map<String, RawSetting> embeddedDefaults() {
        try (InputStream in = SidecarConfig.class.getResourceAsStream("/" + DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            IniFile file = IniFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "built-in defaults " + DEFAULTS_RESOURCE);
            return FileSettings.read(file, FileSettings.chooseSection(file, Optional.empty()));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException(DEFAULTS_RESOURCE + " is broken: " + e.getMessage(), e);
        }
    }

    private static Path configPath(RawSetting.Value v) throws ConfigException {
        if (v.text().isBlank()) {
            throw ConfigException.badValue(OptionCatalog.CONFIG_FILE, v.text(),
                    "is empty; give a file path or none", v.origin());
        }
        try {
            return Path.of(v.text());
        } catch (InvalidPathException e) {
            throw ConfigException.badValue(OptionCatalog.CONFIG_FILE, v.text(), "is not a file path", v.origin());
        }
    }

    private static String readConfigFile(Path path, RawSetting.Value v) throws ConfigException {
        String key = OptionCatalog.CONFIG_FILE;
        try {
            if (Files.isDirectory(path)) {
                throw ConfigException.badValue(key, v.text(), "is a directory, not a config file", v.origin());
            }
            if (Files.size(path) > MAX_CONFIG_FILE_BYTES) {
                throw ConfigException.badValue(key, v.text(), "is larger than 1 MiB; is it the right file?",
                        v.origin());
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.badValue(key, v.text(), "does not exist", v.origin());
        } catch (AccessDeniedException e) {
            throw ConfigException.badValue(key, v.text(), "cannot be read: permission denied", v.origin());
        } catch (CharacterCodingException e) {
            throw ConfigException.badValue(key, v.text(), "is not UTF-8 text", v.origin());
        } catch (IOException e) {
            throw ConfigException.badValue(key, v.text(), "cannot be read: " + e, v.origin());
        }
    }
}
