package org.rtcsip.testbed.asterisk;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.repo.Repository;

/**
 * A real Asterisk 22 (built into {@code $ASTERISK_PREFIX}, default /opt/asterisk, by deploy/install-deps.sh --tests)
 * in a {@link Network}, on the shipped conf-samples/asterisk files (or another config dir) with every directory of
 * the instance under one work dir: etc/ (the config, asterisk.conf rendered from asterisk.conf.in), run/, log/,
 * spool/, lib/, cache/, data/ (links to the installed rest-api, documentation, ...; a 400 Hz mu-law tone for music
 * on hold). Started as {@code asterisk -f -n}, ready once fully booted and ARI answers
 * {@code GET /ari/asterisk/info}; stopped with {@code core stop now} (then TERM/KILL). Self-contained: it needs the
 * installed prefix only, no script. Fails the test, never skips, when Asterisk is not installed. Two instances in one
 * network need configs with different ports (http.conf, pjsip.conf, rtp.conf).
 */
public final class AsteriskProcess implements AutoCloseable {

    /** The environment variable naming the install prefix. */
    public static final String PREFIX_VARIABLE = "ASTERISK_PREFIX";
    public static final String DEFAULT_PREFIX = "/opt/asterisk";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** asterisk.ctl must fit into sun_path (108 bytes). */
    private static final int MAX_WORK_DIR = 90;

    private final Network network;
    private final Path prefix;
    private final Path workDir;
    private final Path conf;
    private final int httpPort;
    private final String ariUser;
    private final String ariPassword;
    private LoggedProcess process;

    private AsteriskProcess(Network network, Path prefix, Path workDir) {
        this.network = network;
        this.prefix = prefix;
        this.workDir = workDir;
        this.conf = workDir.resolve("etc/asterisk.conf");
        Path etc = workDir.resolve("etc");
        this.httpPort = Integer.parseInt(setting(etc.resolve("http.conf"), "general", "bindport", "8088"));
        String[] user = firstAriUser(etc.resolve("ari.conf"));
        this.ariUser = user[0];
        this.ariPassword = user[1];
    }

    /** The install prefix: ${@value #PREFIX_VARIABLE}, else {@value #DEFAULT_PREFIX}; fails the test without it. */
    public static Path prefix() {
        String named = System.getenv(PREFIX_VARIABLE);
        Path prefix = Paths.get(named == null || named.isBlank() ? DEFAULT_PREFIX : named);
        if (!Files.isExecutable(prefix.resolve("sbin/asterisk"))) {
            fail(prefix.resolve("sbin/asterisk") + " not found: these tests need a real Asterisk 22.10.1; build it"
                    + " with deploy/install-deps.sh --tests (as root), or set " + PREFIX_VARIABLE);
        }
        return prefix;
    }

    /** conf-samples/asterisk: the configuration we ship, which the tests run. */
    public static Path shippedConfig() {
        return Repository.existing(Repository.root().resolve("conf-samples/asterisk"));
    }

    /** Asterisk on the shipped conf-samples/asterisk in {@code network}, in a new work dir under /tmp. */
    public static AsteriskProcess start(Network network) {
        return start(network, shippedConfig());
    }

    /** Asterisk on the files of {@code configDir} (with an asterisk.conf.in) in a new work dir under /tmp. */
    public static AsteriskProcess start(Network network, Path configDir) {
        try {
            // a short path: the control socket's must fit into sun_path
            return start(network, configDir, Files.createTempDirectory(Paths.get("/tmp"), "ast-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an Asterisk work directory", e);
        }
    }

    /**
     * Lays out {@code workDir} (at most 90 characters) from {@code configDir}, starts Asterisk in {@code network} and
     * returns once ARI answers; a start that fails leaves nothing running.
     */
    public static AsteriskProcess start(Network network, Path configDir, Path workDir) {
        Path prefix = prefix();
        Path work = workDir.toAbsolutePath().normalize();
        if (work.toString().length() > MAX_WORK_DIR) {
            throw new IllegalArgumentException("work dir path too long for Asterisk's control socket (max "
                    + MAX_WORK_DIR + " characters): " + work);
        }
        layOut(prefix, configDir, work);
        AsteriskProcess asterisk = new AsteriskProcess(network, prefix, work);
        asterisk.launch();
        return asterisk;
    }

    private static void layOut(Path prefix, Path configDir, Path work) {
        try {
            Path etc = Files.createDirectories(work.resolve("etc"));
            try (Stream<Path> files = Files.list(configDir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, etc.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path template = etc.resolve("asterisk.conf.in");
            if (!Files.exists(template)) {
                fail(configDir + " has no asterisk.conf.in (the template of asterisk.conf with @WORKDIR@ and"
                        + " @PREFIX@, as conf-samples/asterisk has)");
            }
            Files.writeString(etc.resolve("asterisk.conf"), Files.readString(template)
                    .replace("@WORKDIR@", work.toString()).replace("@PREFIX@", prefix.toString()));
            for (String d : List.of("run", "log", "spool", "lib", "cache", "data/sounds/en", "data/moh",
                    "data/agi-bin")) {
                Files.createDirectories(work.resolve(d));
            }
            // what make install put into the prefix (rest-api/ for ARI, documentation, static-http, ...)
            try (Stream<Path> installed = Files.list(prefix.resolve("var/lib/asterisk"))) {
                for (Path d : installed.toList()) {
                    Path link = work.resolve("data").resolve(d.getFileName());
                    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, d);
                    }
                }
            }
            // no sound packages are installed: a 2 s 400 Hz mu-law tone for music on hold (musiconhold.conf's
            // class default) and ARI playback of sound:rtc-tone
            byte[] period = {(byte) 0xff, (byte) 0xbb, (byte) 0xad, (byte) 0xa6, (byte) 0xa1, (byte) 0xa0,
                (byte) 0xa1, (byte) 0xa6, (byte) 0xad, (byte) 0xbb, (byte) 0xff, 0x3b, 0x2d, 0x26, 0x21, 0x20, 0x21,
                0x26, 0x2d, 0x3b};
            byte[] tone = new byte[16000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = period[i % period.length];
            }
            Files.write(work.resolve("data/moh/rtc-tone.ulaw"), tone);
            Files.write(work.resolve("data/sounds/en/rtc-tone.ulaw"), tone);
        } catch (IOException e) {
            throw new UncheckedIOException("laying out Asterisk's work dir " + work, e);
        }
    }

    private void launch() {
        if (network.tcpListening(httpPort)) {
            fail("127.0.0.1:" + httpPort + " already answers in " + network.describe() + ": another Asterisk? (run"
                    + " the tests in their own network namespace: unshare -n)");
        }
        try {
            Files.deleteIfExists(workDir.resolve("run/asterisk.ctl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = network.start("asterisk", List.of(prefix.resolve("sbin/asterisk").toString(), "-C",
                conf.toString(), "-f", "-n"), workDir, workDir.resolve("log/stdout.log"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!cliSucceeds("core waitfullybooted")) {
            checkStarting(deadline, "a full boot");
            Poll.pause(100);
        }
        while (ari("GET", "/asterisk/info", null).statusCode() != 200) {
            checkStarting(deadline, "ARI on 127.0.0.1:" + httpPort);
            Poll.pause(100);
        }
    }

    private void checkStarting(long deadline, String what) {
        if (!process.isAlive()) {
            String log = logTail(30);
            stop();
            fail("Asterisk exited during start-up in " + workDir + " (" + network.describe() + "): "
                    + process.describe() + "\n" + log);
        }
        if (System.nanoTime() > deadline) {
            String log = logTail(30);
            stop();
            fail("Asterisk: no " + what + " within " + START_TIMEOUT.toSeconds() + " s in " + workDir + "\n" + log);
        }
    }

    public Path workDir() {
        return workDir;
    }

    public Network network() {
        return network;
    }

    /** The HTTP port of ARI (and of chan_websocket and SIP over WebSocket), from the instance's http.conf. */
    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>}, as ari-bridge's ari-url names it. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code ws://127.0.0.1:<port>/ws}: SIP over WebSocket for browsers (pjsip.conf transport-ws). */
    public String sipWebSocketUrl() {
        return "ws://127.0.0.1:" + httpPort + "/ws";
    }

    /** The first ARI user of the instance's ari.conf and its password. */
    public String ariUser() {
        return ariUser;
    }

    public String ariPassword() {
        return ariPassword;
    }

    /**
     * One ARI request from inside the instance's network, e.g. {@code ari("GET", "/channels", null)}, authenticated
     * with {@code api_key} (ARI takes it as well as Basic auth). Status -1 when nothing answered.
     */
    public Network.HttpReply ari(String method, String path, String jsonBody) {
        String separator = path.contains("?") ? "&" : "?";
        return network.http(method, httpPort, "/ari" + path + separator + "api_key=" + ariUser + ":" + ariPassword,
                jsonBody, Duration.ofSeconds(5));
    }

    /** What {@code asterisk -rx command} prints; fails the test when the CLI cannot reach the instance. */
    public String cli(String command) {
        ShortCommand.Output out = network.run(cliCommand(command), Duration.ofSeconds(15));
        if (out.exitCode() != 0) {
            fail("asterisk -rx '" + command + "' exited " + out.exitCode() + ": " + out.text() + "\n" + logTail(30));
        }
        return out.text();
    }

    private boolean cliSucceeds(String command) {
        return network.run(cliCommand(command), Duration.ofSeconds(5)).exitCode() == 0;
    }

    private List<String> cliCommand(String command) {
        return List.of(prefix.resolve("sbin/asterisk").toString(), "-C", conf.toString(), "-rx", command);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The lines of messages.log with WARNING or ERROR, for tests that want a quiet log. */
    public List<String> warningsAndErrors() {
        Path log = workDir.resolve("log/messages.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("WARNING[") || l.contains("ERROR[")).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + log, e);
        }
    }

    /** The last lines of the instance's messages.log and stdout.log, for failure messages. */
    public String logTail(int lines) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("messages.log", "stdout.log")) {
            Path log = workDir.resolve("log").resolve(name);
            if (Files.exists(log)) {
                try {
                    List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                    text.append("--- ").append(log).append('\n');
                    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> text.append(l).append('\n'));
                } catch (IOException e) {
                    text.append("(cannot read ").append(log).append(")\n");
                }
            }
        }
        return text.toString();
    }

    /**
     * {@code core stop now}, then TERM/KILL if it is still there after 15 s; returns once the process is gone and its
     * HTTP port free (a start right after finds the ports free).
     */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        cliSucceeds("core stop now");
        if (process.awaitExit(STOP_TIMEOUT) == -1) {
            process.stop(Duration.ofSeconds(3));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (network.tcpListening(httpPort) && System.nanoTime() < deadline) {
            Poll.pause(50);
        }
    }

    /** Stops and starts again on the same work dir, as an operator restarts it. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code key} of {@code [section]} in an Asterisk .conf file; {@code otherwise} when absent. */
    private static String setting(Path file, String section, String key, String otherwise) {
        String current = "";
        for (String raw : lines(file)) {
            String line = raw.replaceAll(";.*", "").strip();
            if (line.startsWith("[")) {
                current = line.substring(1, Math.max(1, line.indexOf(']')));
            } else if (current.equals(section) && line.contains("=")) {
                String name = line.substring(0, line.indexOf('=')).strip();
                if (name.toLowerCase(Locale.ROOT).equals(key)) {
                    return line.substring(line.indexOf('=') + 1).replaceFirst("^>", "").strip();
                }
            }
        }
        return otherwise;
    }

    /** The first section of ari.conf with {@code type = user}: its name and password. */
    private static String[] firstAriUser(Path file) {
        List<String> sections = new ArrayList<>();
        for (String raw : lines(file)) {
            String line = raw.replaceAll(";.*", "").strip();
            if (line.startsWith("[")) {
                sections.add(line.substring(1, Math.max(1, line.indexOf(']'))));
            }
        }
        for (String section : sections) {
            if (setting(file, section, "type", "").equals("user")) {
                return new String[] {section, setting(file, section, "password", "")};
            }
        }
        return fail("no ARI user (a section with type = user) in " + file);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
