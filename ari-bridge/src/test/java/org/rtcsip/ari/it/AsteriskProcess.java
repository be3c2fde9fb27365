package org.rtcsip.ari.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Asterisk 22 (built by deploy/install-deps.sh --tests into /opt/asterisk) on the shipped
 * conf-samples/asterisk files, with every directory under one work dir, as the workplace's run.sh lays it out.
 * Self-contained so the shared testbed can take it over. Fails, never skips, when Asterisk is not installed.
 */
public final class AsteriskProcess implements AutoCloseable {
    public static final String ARI_USER = "ari-bridge";
    public static final String ARI_PASSWORD = "ari-bridge-secret";
    public static final int HTTP_PORT = 8088;

    private final Path prefix;
    private final Path work;
    private final Path conf;
    private Process process;

    private AsteriskProcess(Path prefix, Path work) {
        this.prefix = prefix;
        this.work = work;
        this.conf = work.resolve("etc/asterisk.conf");
    }

    public static Path projectRoot() {
        String root = System.getProperty("project.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    /** Lays out a work dir from conf-samples/asterisk and starts Asterisk; returns once ARI answers. */
    public static AsteriskProcess start() throws Exception {
        Path prefix = Path.of(System.getenv().getOrDefault("ASTERISK_PREFIX", "/opt/asterisk"));
        Path binary = prefix.resolve("sbin/asterisk");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " not found: these tests need a real Asterisk 22.10.1;"
                    + " build it with deploy/install-deps.sh --tests");
        }
        // asterisk.ctl must fit into sun_path (108 bytes): a short work dir under /tmp
        Path work = Files.createTempDirectory(Path.of("/tmp"), "ast");
        AsteriskProcess a = new AsteriskProcess(prefix, work);
        a.layOut();
        try {
            a.launch();
        } catch (Exception | Error e) {
            a.stop(); // never leave a half-started Asterisk holding the ports
            throw e;
        }
        return a;
    }

    private void layOut() throws IOException {
        Path samples = projectRoot().resolve("conf-samples/asterisk");
        Path etc = Files.createDirectories(work.resolve("etc"));
        try (Stream<Path> files = Files.list(samples)) {
            for (Path f : files.toList()) {
                Files.copy(f, etc.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String template = Files.readString(etc.resolve("asterisk.conf.in"));
        Files.writeString(conf, template.replace("@WORKDIR@", work.toString()).replace("@PREFIX@", prefix.toString()));
        for (String d : List.of("run", "log", "spool", "lib", "cache", "data/sounds/en", "data/moh", "data/agi-bin")) {
            Files.createDirectories(work.resolve(d));
        }
        // the installed documentation, rest-api, static-http, ... (ARI serves rest-api/ from here)
        try (Stream<Path> installed = Files.list(prefix.resolve("var/lib/asterisk"))) {
            for (Path d : installed.toList()) {
                Path link = work.resolve("data").resolve(d.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, d);
                }
            }
        }
        // no sound packages: a 2 s 400 Hz mu-law tone for music on hold (musiconhold.conf class default)
        byte[] period = {(byte) 0xff, (byte) 0xbb, (byte) 0xad, (byte) 0xa6, (byte) 0xa1, (byte) 0xa0, (byte) 0xa1,
                (byte) 0xa6, (byte) 0xad, (byte) 0xbb, (byte) 0xff, 0x3b, 0x2d, 0x26, 0x21, 0x20, 0x21, 0x26, 0x2d, 0x3b};
        byte[] tone = new byte[16000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = period[i % period.length];
        }
        Files.write(work.resolve("data/moh/rtc-tone.ulaw"), tone);
        Files.write(work.resolve("data/sounds/en/rtc-tone.ulaw"), tone);
    }

    private void launch() throws Exception {
        if (portOpen(HTTP_PORT)) {
            throw new IllegalStateException("127.0.0.1:" + HTTP_PORT + " already answers: another Asterisk? (run the"
                    + " tests in their own network namespace)");
        }
        process = new ProcessBuilder(prefix.resolve("sbin/asterisk").toString(), "-C", conf.toString(), "-f", "-n")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("log/stdout.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cliQuietly("core waitfullybooted")) {
            check(deadline, "full boot");
            Thread.sleep(100);
        }
        while (ariStatus() != 200) {
            check(deadline, "ARI on 127.0.0.1:" + HTTP_PORT);
            Thread.sleep(100);
        }
    }

    private void check(long deadline, String what) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Asterisk exited during start-up (" + process.exitValue() + "): "
                    + tail(work.resolve("log/stdout.log")));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Asterisk: no " + what + " within 60 s; " + tail(work.resolve(
                    "log/messages.log")));
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    public static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** GET /ari/asterisk/info as ari-bridge: the HTTP status, 0 when nothing answers. */
    public static int ariStatus() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + HTTP_PORT
                    + "/ari/asterisk/info").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ARI_USER + ":" + ARI_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code asterisk -rx command} over the control socket; the output. */
    public String cli(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(prefix.resolve("sbin/asterisk").toString(), "-C", conf.toString(), "-rx",
                command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private boolean cliQuietly(String command) {
        try {
            Process p = new ProcessBuilder(prefix.resolve("sbin/asterisk").toString(), "-C", conf.toString(), "-rx",
                    command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public Path work() {
        return work;
    }

    /** The lines of messages.log with WARNING or ERROR, for tests that want a quiet log. */
    public List<String> warningsAndErrors() throws IOException {
        Path log = work.resolve("log/messages.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.contains("WARNING[") || l.contains("ERROR[")).toList() : List.of();
    }

    /** 'core stop now', then the process is waited for (killed after 10 s); ports are free afterwards. */
    public void stop() throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        cliQuietly("core stop now");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (portOpen(HTTP_PORT) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Files.deleteIfExists(work.resolve("run/asterisk.ctl"));
    }

    /** Stop and start again on the same work dir (a restart as an operator does it). */
    public void restart() throws Exception {
        stop();
        launch();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
