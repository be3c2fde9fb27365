package org.rtcsip.sidecar.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every option the sidecar knows, under rtpengine's names, so an operator's rtpengine start line and
 * rtpengine.conf mostly work unchanged. Options are {@link Use#APPLIED applied}, read before
 * everything else ({@link Use#STARTUP}), {@link Use#IGNORED ignored with a warning} because they
 * configure an rtpengine feature we do not have, or {@link Use#REJECTED rejected} because ignoring them
 * would start something other than what the operator asked for. Anything else is an unknown option.
 */
final class OptionCatalog {

    enum Kind { VALUE, FLAG }

    enum Use { APPLIED, STARTUP, IGNORED, REJECTED }

    /**
     * @param key        long name without {@code --}, also the config file key
     * @param longAlias  a second long name (ours) or null
     * @param shortName  rtpengine's one-letter name or 0
     * @param repeatable given several times on the command line, {@code ;}-separated in the file
     * @param text       help text, or for ignored/rejected options the reason
     */
    record OptionDef(String key, String longAlias, char shortName, Kind kind, boolean repeatable, Use use,
                     String label, String text) {

        String[] names() {
            List<String> names = new ArrayList<>(3);
            if (shortName != 0) {
                names.add("-" + shortName);
            }
            names.add("--" + key);
            if (longAlias != null) {
                names.add("--" + longAlias);
            }
            return names.toArray(String[]::new);
        }
    }

    // rtpengine's own short names (daemon/main.c, lib/auxlib.c), for start lines written with them.
    private static final Map<String, Character> RTPENGINE_SHORT_NAMES = Map.ofEntries(
            Map.entry("interface", 'i'), Map.entry("listen-ng", 'n'), Map.entry("listen-tcp-ng", 'N'),
            Map.entry("listen-tcp", 'l'), Map.entry("listen-udp", 'u'), Map.entry("listen-cli", 'c'),
            Map.entry("graphite", 'g'), Map.entry("graphite-interval", 'G'), Map.entry("table", 't'),
            Map.entry("no-fallback", 'F'), Map.entry("save-interface-ports", 'S'), Map.entry("tos", 'T'),
            Map.entry("timeout", 'o'), Map.entry("silent-timeout", 's'), Map.entry("final-timeout", 'a'),
            Map.entry("port-min", 'm'), Map.entry("port-max", 'M'), Map.entry("redis", 'r'),
            Map.entry("redis-write", 'w'), Map.entry("no-redis-required", 'q'),
            Map.entry("subscribe-keyspace", 'k'), Map.entry("b2b-url", 'b'), Map.entry("xmlrpc-format", 'x'),
            Map.entry("delete-delay", 'd'), Map.entry("log-level", 'L'), Map.entry("log-stderr", 'E'),
            Map.entry("pidfile", 'p'), Map.entry("foreground", 'f'));

    static final String CONFIG_FILE = "config-file";
    static final String CONFIG_SECTION = "config-section";

    private static final Map<String, OptionDef> BY_KEY = build();

    private OptionCatalog() {
    }

    static Optional<OptionDef> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    static List<OptionDef> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_KEY.values()));
    }

    private static Map<String, OptionDef> build() {
        Map<String, OptionDef> m = new LinkedHashMap<>();

        startup(m, CONFIG_FILE, "config", "PATH",
                "INI file to read (rtpengine's format); 'none' reads no file. No file is read by default.");
        startup(m, CONFIG_SECTION, null, "NAME",
                "Section of the config file to read. Default: [rtpengine], or [sidecar] when the file has no"
                        + " [rtpengine] section.");

        applied(m, "interface", Kind.VALUE, true, "[NAME/]IP[!ADVERTISED]",
                "Local address for media, repeatable. NAME defaults to 'default'; ADVERTISED is the address"
                        + " written into SDP (behind NAT). IPv4 or IPv6.");
        applied(m, "listen-ng", Kind.VALUE, true, "[IP:]PORT",
                "UDP address for rtpengine ng control from Kamailio, repeatable; IPv6 as [::1]:PORT. A bare"
                        + " PORT listens on all interfaces.");
        applied(m, "ng-allow", Kind.VALUE, true, "auto|any|CIDR",
                "Source addresses ng requests are taken from, repeatable (or comma-separated); others are dropped"
                        + " unanswered and counted. auto = loopback and the subnets of the interfaces listen-ng is"
                        + " bound to (all attached subnets for a wildcard listen-ng); CIDR adds a block"
                        + " (10.0.0.0/24, 2001:db8::/32, or one address); listing blocks without auto allows only"
                        + " them; any = no check.");
        applied(m, "ng-socket-buffer", Kind.VALUE, false, "BYTES",
                "Receive and send buffer of the ng sockets. A burst of large requests (Kamailio workers sending"
                        + " offers at once) is dropped by the kernel beyond it; the kernel caps it at"
                        + " net.core.rmem_max / wmem_max, and the size granted is logged at start.");
        applied(m, "listen-http", Kind.VALUE, false, "[IP:]PORT",
                "Operator HTTP: health, readiness, Prometheus metrics, sessions, drain.");
        applied(m, "ops-token", Kind.VALUE, false, "TOKEN",
                "Bearer token for POST /drain and POST /log-level from outside loopback (Authorization: Bearer"
                        + " TOKEN; 16 characters at least). Without it those are taken from loopback only. Prefer"
                        + " ops-token-file: a command line is visible to every user of the host.");
        applied(m, "ops-token-file", Kind.VALUE, false, "PATH",
                "A file holding the ops-token (its first line).");
        applied(m, "port-min", Kind.VALUE, false, "PORT", "Lowest UDP port for media (rounded up to even).");
        applied(m, "port-max", Kind.VALUE, false, "PORT", "Highest UDP port for media.");
        applied(m, "timeout", Kind.VALUE, false, "SECS",
                "End a call after this long without media; 0 disables.");
        applied(m, "silent-timeout", Kind.VALUE, false, "SECS",
                "The same for muted or inactive streams (held calls).");
        applied(m, "final-timeout", Kind.VALUE, false, "SECS",
                "End every call this long after it started; 0 disables.");
        applied(m, "delete-delay", Kind.VALUE, false, "SECS",
                "Keep a deleted call this long before its ports return to the pool.");
        applied(m, "log-level", Kind.VALUE, false, "LEVEL",
                "Syslog level 0-7 or its name: emerg, alert, crit, error, warn, notice, info, debug.");
        applied(m, "foreground", Kind.FLAG, false, null,
                "Accepted for rtpengine start lines; the JVM never daemonizes, it always runs in the"
                        + " foreground (let systemd or a container supervise it).");
        applied(m, "pidfile", Kind.VALUE, false, "PATH", "Write the process id to this file.");
        applied(m, "num-threads", Kind.VALUE, false, "N",
                "Media event loops; 0 = one per available processor.");
        applied(m, "max-sessions", Kind.VALUE, false, "N",
                "Refuse new calls above this many; -1 = unlimited, 0 = refuse all (drain).");
        applied(m, "max-sdp-size", Kind.VALUE, false, "BYTES",
                "Refuse an offer or answer whose SDP is larger ('SDP too large').");
        applied(m, "max-media-per-offer", Kind.VALUE, false, "N",
                "Refuse an offer or answer with more m= lines ('Too many media sections in SDP'): each takes ports.");
        applied(m, "max-attributes-per-media", Kind.VALUE, false, "N",
                "Refuse an offer or answer with more a= lines in one SDP section ('Too many attributes').");
        applied(m, "max-streams-per-call", Kind.VALUE, false, "N",
                "Refuse to give one call more media streams than this, over all its parties and re-offers.");
        applied(m, "drain-timeout", Kind.VALUE, false, "SECS",
                "On SIGTERM (or sidecarctl drain): stop taking new calls (see kamailio-rpc), serve the calls in"
                        + " progress until they end or this many seconds passed, then exit 0. 0 = stop at once.");
        applied(m, "kamailio-rpc", Kind.VALUE, false, "URL|off",
                "Kamailio's JSON-RPC, e.g. http://127.0.0.1:5071/RPC. When ready, the sidecar enables its ng URL"
                        + " in Kamailio's rtpengine set (retrying with backoff while Kamailio is down); when draining"
                        + " it disables it; /metrics gains Kamailio's WebSocket, registration and rtpengine state."
                        + " off = none of this.");
        applied(m, "kamailio-ng-url", Kind.VALUE, false, "URL|auto",
                "This sidecar's ng URL exactly as kamailio.cfg's rtpengine_sock writes it (udp:10.0.0.5:2223;"
                        + " udp6:[2001:db8::5]:2223): Kamailio matches the text. auto = udp:<first listen-ng>.");
        applied(m, "kamailio-poll-interval", Kind.VALUE, false, "SECS",
                "With kamailio-rpc: how often to read Kamailio's state for /metrics.");
        applied(m, "opus-backend", Kind.VALUE, false, "auto|libopus|concentus",
                "Opus implementation for transcoding: libopus (native, needs the libopus0 package), concentus (pure"
                        + " Java, slower), or auto = libopus when it loads, else concentus with a warning.");
        applied(m, "opus-complexity", Kind.VALUE, false, "0-10",
                "Opus encoder complexity toward browsers: 10 codes best, 0 costs least CPU.");
        applied(m, "opus-bitrate", Kind.VALUE, false, "BITS",
                "Opus encoder target bitrate in bit/s (6000-510000); lowered to a browser's maxaveragebitrate.");
        applied(m, "media-transport", Kind.VALUE, false, "auto|io_uring|jdk",
                "How media loops move datagrams: io_uring (Linux 6.0+: one system call per loop turn for all the"
                        + " packets received and sent in it), jdk (the JDK's selector: about three per packet), or"
                        + " auto = io_uring when it works here, else jdk with the reason in the log and /health.");
        applied(m, "codec-warmup", Kind.VALUE, false, "SECS",
                "At start, run synthetic calls in the background (ng offer/answer/delete, Opus<->PCMU transcoding, DTLS"
                        + " handshakes), each for up to this long (transcoding until the JIT is done with it, up to 3"
                        + " times this), so the first calls find those paths compiled, then collects its garbage once"
                        + " (on ZGC or Shenandoah); with kamailio-rpc the sidecar enables itself after it. 0 = off.");

        applied(m, "dtls-cert", Kind.VALUE, false, "PATH",
                "PEM certificate (ECDSA P-256) for DTLS-SRTP toward browsers, with dtls-key; read again on SIGHUP or"
                        + " POST /reload: new calls get the new fingerprint, calls in progress keep theirs. Without"
                        + " it the sidecar generates a certificate at start.");
        applied(m, "dtls-key", Kind.VALUE, false, "PATH",
                "PEM private key of dtls-cert (PKCS#8 or SEC1, unencrypted).");
        applied(m, "ice", Kind.VALUE, false, "lite|full",
                "ICE toward browsers: lite answers their checks (a sidecar on a public address); full also checks"
                        + " their candidates, controlling when it offered (a sidecar behind NAT). Per call the ng"
                        + " ICE-lite key (forward, backward, both, off) overrides it.");

        rejected(m, "interfaces-config", Kind.VALUE,
                "interface sections are not supported; list them as interface = NAME/IP;NAME/IP");
        rejected(m, "codecs", Kind.FLAG, "the sidecar has no codec list to print");
        rejected(m, "nftables-start", Kind.FLAG, "there is no kernel forwarding to set up");
        rejected(m, "nftables-stop", Kind.FLAG, "there is no kernel forwarding to set up");
        rejected(m, "nftables-status", Kind.FLAG, "there is no kernel forwarding to set up");

        String kernel = "media is relayed in user space, there is no kernel forwarding";
        ignored(m, kernel, Kind.VALUE, false, "table", "nftables-chain", "nftables-base-chain", "nftables-family",
                "iptables-chain");
        ignored(m, kernel, Kind.FLAG, false, "no-fallback", "nftables-append");

        String logging = "the sidecar logs through java.util.logging to stderr at log-level";
        ignored(m, logging, Kind.VALUE, false, "log-facility", "log-facility-cdr", "log-facility-rtcp",
                "log-facility-dtmf", "max-log-line-length", "log-name", "log-mark-prefix", "log-mark-suffix",
                "log-format", "log-level-core", "log-level-spandsp", "log-level-ffmpeg", "log-level-transcoding",
                "log-level-codec", "log-level-rtcp", "log-level-ice", "log-level-crypto", "log-level-srtp",
                "log-level-internals", "log-level-http", "log-level-control", "log-level-dtx");
        ignored(m, logging, Kind.FLAG, false, "log-stderr", "split-logs", "no-log-timestamps", "log-srtp-keys",
                "debug-srtp");

        ignored(m, "packets are sent with the system's default TOS", Kind.VALUE, false,
                "tos", "control-tos", "control-pmtu");
        ignored(m, "only the ng protocol over UDP is served (listen-ng)", Kind.VALUE, true,
                "listen-tcp", "listen-udp", "listen-tcp-ng", "listen-cli");
        ignored(m, "the operator HTTP server is plain HTTP on listen-http", Kind.VALUE, false,
                "listen-https", "https-cert", "https-key", "http-threads", "http-buf-size");
        ignored(m, "metrics are served for Prometheus on listen-http", Kind.VALUE, false,
                "graphite", "graphite-interval", "graphite-prefix", "graphite-timeout");
        ignored(m, "there is no HEP capture", Kind.VALUE, false, "homer", "homer-protocol", "homer-id",
                "homer-ng-capture-proto");
        ignored(m, "there is no HEP capture", Kind.FLAG, false, "homer-disable-rtcp-stats", "homer-enable-ng");

        String redis = "calls are not stored in Redis (yet); they live on this sidecar only";
        ignored(m, redis, Kind.VALUE, false, "redis", "redis-write", "redis-subscribe", "redis-num-threads",
                "redis-expires", "redis-allowed-errors", "redis-disable-time", "redis-cmd-timeout",
                "redis-connect-timeout", "redis-format", "redis-tcp-keepalive-time", "redis-tcp-keepalive-intvl",
                "redis-tcp-keepalive-probes");
        ignored(m, redis, Kind.VALUE, true, "subscribe-keyspace");
        ignored(m, redis, Kind.FLAG, false, "no-redis-required", "redis-resolve-on-reconnect", "active-switchover");

        String recording = "there is no call recording";
        ignored(m, recording, Kind.VALUE, false, "recording-dir", "recording-method", "recording-format",
                "vsc-start-rec", "vsc-stop-rec", "vsc-start-stop-rec", "vsc-pause-rec", "vsc-pause-resume-rec",
                "vsc-start-pause-resume-rec");
        ignored(m, recording, Kind.FLAG, false, "record-egress");

        ignored(m, "there is no XMLRPC teardown callback", Kind.VALUE, false, "b2b-url", "xmlrpc-format");
        ignored(m, "rtpengine's thread tuning does not apply; media loops come from num-threads", Kind.VALUE,
                false, "media-num-threads", "codec-num-threads", "poller-size", "thread-stack", "scheduling",
                "priority", "idle-scheduling", "idle-priority", "timer-accuracy", "max-recv-iters",
                "socket-cpu-affinity");
        ignored(m, "rtpengine's thread tuning does not apply; media loops come from num-threads", Kind.FLAG,
                false, "poller-per-thread");

        ignored(m, "DTLS settings are fixed in the sidecar", Kind.VALUE, false, "dtls-rsa-key-size",
                "dtls-cert-cipher", "dtls-mtu", "dtls-ciphers", "dtls-signature");
        ignored(m, "the DTLS role follows the SDP a=setup negotiation (RFC 5763 §5)", Kind.FLAG, false,
                "dtls-passive");

        ignored(m, "load limits other than max-sessions are not implemented", Kind.VALUE, false,
                "max-load", "max-cpu", "max-bandwidth");
        ignored(m, "not implemented in the sidecar", Kind.VALUE, false, "offer-timeout", "templates",
                "transcode-config", "endpoint-learning", "software-id", "janus-secret", "ng-client-timeout",
                "ng-client-retries");
        ignored(m, "not implemented in the sidecar", Kind.FLAG, false, "save-interface-ports", "sip-source",
                "reject-invalid-sdp");

        String playback = "there is no media playback";
        ignored(m, playback, Kind.VALUE, false, "mysql-host", "mysql-port", "mysql-user", "mysql-pass",
                "mysql-query", "kernel-player", "kernel-player-media", "media-files-reload", "media-files-expire",
                "expiry-timer", "db-media-reload", "db-media-expire", "db-media-cache", "db-cache-reload",
                "db-cache-expire", "audio-buffer-length", "audio-buffer-delay", "audio-player",
                "moh-max-duration", "moh-max-repeats", "moh-attr-name", "evs-lib-path");
        ignored(m, playback, Kind.VALUE, true, "preload-media-files", "preload-db-media", "preload-db-cache");
        ignored(m, playback, Kind.FLAG, false, "player-cache", "moh-prevent-double-hold");

        String tuning = "rtpengine's media tuning does not apply to the sidecar";
        ignored(m, tuning, Kind.VALUE, false, "dtx-delay", "max-dtx", "dtx-buffer", "dtx-lag", "dtx-shift",
                "amr-dtx", "evs-dtx", "silence-detect", "jitter-buffer", "jb-adaptive-min", "jb-adaptive-max",
                "dtmf-log-dest", "dtmf-digit-delay", "rtcp-interval");
        ignored(m, tuning, Kind.VALUE, true, "dtx-cn-params", "cn-payload", "mos");
        ignored(m, tuning, Kind.FLAG, false, "jb-clock-drift", "jb-adaptive", "dtmf-log-ng-tcp",
                "dtmf-no-suppress", "dtmf-no-log-injects", "measure-rtp");

        ignored(m, "there is no MQTT publisher", Kind.VALUE, false, "mqtt-host", "mqtt-port", "mqtt-tls-alpn",
                "mqtt-id", "mqtt-keepalive", "mqtt-user", "mqtt-pass", "mqtt-cafile", "mqtt-capath",
                "mqtt-certfile", "mqtt-keyfile", "mqtt-publish-qos", "mqtt-publish-topic", "mqtt-publish-interval",
                "mqtt-publish-scope");
        return Collections.unmodifiableMap(m);
    }

    private static void startup(Map<String, OptionDef> m, String key, String alias, String label, String text) {
        put(m, new OptionDef(key, alias, (char) 0, Kind.VALUE, false, Use.STARTUP, label, text));
    }

    private static void applied(Map<String, OptionDef> m, String key, Kind kind, boolean repeatable, String label,
                                String text) {
        put(m, new OptionDef(key, null, shortName(key), kind, repeatable, Use.APPLIED, label, text));
    }

    private static void rejected(Map<String, OptionDef> m, String key, Kind kind, String reason) {
        put(m, new OptionDef(key, null, shortName(key), kind, false, Use.REJECTED, "VALUE", reason));
    }

    private static void ignored(Map<String, OptionDef> m, String reason, Kind kind, boolean repeatable,
                                String... keys) {
        for (String key : keys) {
            put(m, new OptionDef(key, null, shortName(key), kind, repeatable, Use.IGNORED, "VALUE", reason));
        }
    }

    private static char shortName(String key) {
        Character c = RTPENGINE_SHORT_NAMES.get(key);
        return c == null ? 0 : c;
    }

    private static void put(Map<String, OptionDef> m, OptionDef def) {
        if (m.put(def.key(), def) != null) {
            throw new IllegalStateException("option listed twice: " + def.key());
        }
    }
}
