package org.rtcsip.testbed.asterisk;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.repo.Repository;

/**
 * Asterisk 22 (built into /opt/asterisk by the shared build.sh) run by the shared run.sh, in a {@link Network}: every
 * directory of the instance under one work dir, started on a config dir, ready once ARI answers
 * {@code GET /ari/asterisk/info}, stopped with {@code core stop now} (then TERM/KILL). run.sh does the work; this
 * class gives a test its start, stop, CLI and ARI address, and fails the test with run.sh's words when any of them
 * goes wrong. Two instances in one network need configs with different ports (http.conf, pjsip.conf, rtp.conf).
 */
public final class AsteriskProcess implements AutoCloseable {

    /** System property naming run.sh; else the environment variable {@link #SCRIPT_VARIABLE}. */
    public static final String SCRIPT_PROPERTY = "asterisk.run.script";
    public static final String SCRIPT_VARIABLE = "ASTERISK_RUN_SCRIPT";
    /** Where run.sh lies when neither names it: next to the repository, as the shared folder of the machine. */
    public static final String DEFAULT_SCRIPT = "../shared/asterisk/run.sh";
    /** run.sh waits up to 60 s for a full boot and ARI (ASTERISK_START_TIMEOUT), and 20 s for a stop. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final Network network;
    private final Path script;
    private final Path workDir;
    private final long pid;
    private final int httpPort;
    private final String ariUser;
    private final String ariPassword;

    private AsteriskProcess(Network network, Path script, Path workDir, long pid) {
        this.network = network;
        this.script = script;
        this.workDir = workDir;
        this.pid = pid;
        Path etc = workDir.resolve("etc");
        this.httpPort = Integer.parseInt(setting(etc.resolve("http.conf"), "general", "bindport", "8088"));
        String[] user = firstAriUser(etc.resolve("ari.conf"));
        this.ariUser = user[0];
        this.ariPassword = user[1];
    }

    /**
     * run.sh: the {@value #SCRIPT_PROPERTY} system property, else ${@value #SCRIPT_VARIABLE}, else
     * {@value #DEFAULT_SCRIPT} relative to the repository root. Fails the test when it is not there.
     */
    public static Path runScript() {
        String named = System.getProperty(SCRIPT_PROPERTY);
        String from = "system property " + SCRIPT_PROPERTY;
        if (named == null || named.isBlank()) {
            named = System.getenv(SCRIPT_VARIABLE);
            from = "environment variable " + SCRIPT_VARIABLE;
        }
        Path script;
        if (named == null || named.isBlank()) {
            script = Repository.root().resolve(DEFAULT_SCRIPT).normalize();
            from = "the default " + DEFAULT_SCRIPT + " next to the repository root " + Repository.root();
        } else {
            script = Paths.get(named).toAbsolutePath().normalize();
        }
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            fail("Asterisk's run.sh not found at " + script + " (from " + from + "): set -D" + SCRIPT_PROPERTY
                    + "=<path> or " + SCRIPT_VARIABLE + "; it comes with the shared asterisk folder, whose build.sh "
                    + "builds Asterisk 22 into /opt/asterisk");
        }
        return script;
    }

    /**
     * Starts Asterisk in {@code network} with every directory under {@code workDir} (at most 90 characters: the
     * control socket's path must fit) on the configuration in {@code configDir} (copied into workDir/etc; null: the
     * sample configuration next to run.sh), and returns once ARI answers.
     */
    public static AsteriskProcess start(Network network, Path configDir, Path workDir) {
        Path script = runScript();
        List<String> command = new ArrayList<>(List.of("/bin/bash", script.toString(), "start", workDir.toString()));
        if (configDir != null) {
            command.add(configDir.toString());
        }
        ShortCommand.Output out = network.run(command, START_TIMEOUT);
        String[] lines = out.text().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (out.exitCode() != 0 || !last.matches("\\d+")) {
            // run.sh stops what it started when the start fails; make sure after a timeout too
            network.run(List.of("/bin/bash", script.toString(), "stop", workDir.toString()), STOP_TIMEOUT);
            fail("Asterisk did not start in " + workDir + " (" + network.describe() + "): run.sh start exited "
                    + out.exitCode() + "\n" + out.text() + "\n" + logTail(workDir, 30));
        }
        return new AsteriskProcess(network, script, workDir, Long.parseLong(last));
    }

    /** As {@link #start(Network, Path, Path)} in a new temporary work dir. */
    public static AsteriskProcess start(Network network, Path configDir) {
        try {
            return start(network, configDir, Files.createTempDirectory("asterisk-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an Asterisk work directory", e);
        }
    }

    /** The pid run.sh printed. */
    public long pid() {
        return pid;
    }

    public Path workDir() {
        return workDir;
    }

    /** The HTTP port of ARI (and of chan_websocket and SIP over WebSocket), from the instance's http.conf. */
    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>/ari}. */
    public String ariUrl() {
        return "http://127.0.0.1:" + httpPort + "/ari";
    }

    /** The first ARI user of the instance's ari.conf and its password. */
    public String ariUser() {
        return ariUser;
    }

    public String ariPassword() {
        return ariPassword;
    }

    /**
     * One ARI request from inside the instance's network, e.g. {@code ari("GET", "/asterisk/info", null)},
     * authenticated with {@code api_key} (ari.conf allows it as well as Basic auth).
     */
    public Network.HttpReply ari(String method, String path, String jsonBody) {
        String separator = path.contains("?") ? "&" : "?";
        return network.http(method, httpPort, "/ari" + path + separator + "api_key=" + ariUser + ":" + ariPassword,
                jsonBody, Duration.ofSeconds(5));
    }

    /** What {@code asterisk -rx command} prints; fails the test when the CLI cannot reach the instance. */
    public String cli(String command) {
        ShortCommand.Output out = network.run(List.of("/bin/bash", script.toString(), "cli", workDir.toString(),
                command), Duration.ofSeconds(15));
        if (out.exitCode() != 0) {
            fail("asterisk -rx '" + command + "' exited " + out.exitCode() + ": " + out.text() + "\n" + logTail(30));
        }
        return out.text();
    }

    /** The last lines of the instance's messages.log and stdout.log, for failure messages. */
    public String logTail(int lines) {
        return logTail(workDir, lines);
    }

    private static String logTail(Path workDir, int lines) {
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

    /** run.sh stop: {@code core stop now}, then TERM/KILL; fails the test if that fails. */
    @Override
    public void close() {
        ShortCommand.Output out = network.run(List.of("/bin/bash", script.toString(), "stop", workDir.toString()),
                STOP_TIMEOUT);
        if (out.exitCode() != 0) {
            fail("run.sh stop " + workDir + " exited " + out.exitCode() + ": " + out.text());
        }
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

    /** The first section of ari.conf with {@code type = user}: its name and password (as run.sh's own check). */
    private static String[] firstAriUser(Path file) {
        List<String> sections = new ArrayList<>();
        String current = null;
        for (String raw : lines(file)) {
            String line = raw.replaceAll(";.*", "").strip();
            if (line.startsWith("[")) {
                current = line.substring(1, Math.max(1, line.indexOf(']')));
                sections.add(current);
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
