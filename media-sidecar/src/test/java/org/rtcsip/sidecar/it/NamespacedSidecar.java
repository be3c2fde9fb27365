package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * media-sidecar as its own process ({@link SidecarProcess}) in a private network namespace whose loopback also
 * holds addresses a test chooses (10.x ones that Java does not call loopback), so a test can send from "another
 * host", bind the ops port wider than loopback, or take a media address away while the process runs. Clients run
 * inside as {@link NamespaceProbe} processes. ng on {@value #NG_PORT}, HTTP on {@value #HTTP_PORT}.
 */
final class NamespacedSidecar implements AutoCloseable {
    static final int NG_PORT = 2223;
    static final int HTTP_PORT = 2225;

    /** An HTTP answer: status and body. */
    record HttpAnswer(int status, String body) {
    }

    private final LoopbackNamespace namespace;
    private SidecarProcess process;

    private NamespacedSidecar(LoopbackNamespace namespace) {
        this.namespace = namespace;
    }

    /** A namespace whose lo also holds {@code addresses} (CIDR, e.g. {@code 10.99.0.1/24}), no sidecar yet. */
    static NamespacedSidecar namespace(String... addresses) {
        NamespacedSidecar s = new NamespacedSidecar(LoopbackNamespace.create());
        for (String address : addresses) {
            s.ip("addr", "add", address, "dev", "lo");
        }
        return s;
    }

    /** Starts the sidecar with these options (interface, listen-ng and listen-http among them) and waits for it. */
    NamespacedSidecar start(String... options) {
        List<String> all = new ArrayList<>(List.of("--num-threads=1", "--codec-warmup=0"));
        all.addAll(List.of(options));
        process = SidecarProcess.start(namespace, "netns", all.toArray(String[]::new));
        return this;
    }

    /** Runs {@code ip ARGS} inside; fails the test if it fails. */
    void ip(String... args) {
        List<String> command = new ArrayList<>(List.of(Programs.ip().toString()));
        command.addAll(List.of(args));
        ShortCommand.Output out = namespace.run(command, Duration.ofSeconds(5));
        assertEquals(0, out.exitCode(), "ip " + String.join(" ", args) + ": " + out.text());
    }

    /** One ng request from {@code source} to {@code host}; the raw reply, or {@link NamespaceProbe#NO_REPLY}. */
    String ng(String source, String host, String cookie, String bencode) {
        return probe(List.of("ng", source, host, Integer.toString(NG_PORT), cookie, bencode));
    }

    /** One HTTP request from {@code source} to {@code host}; headers as {@code Name: value}, a body as BODY=... */
    HttpAnswer http(String source, String host, String method, String path, String... headersAndBody) {
        List<String> args = new ArrayList<>(List.of("http", source, host, Integer.toString(HTTP_PORT), method, path));
        args.addAll(List.of(headersAndBody));
        String response = probe(args);
        int space = response.indexOf(' ');
        if (!response.startsWith("HTTP/1.1 ") || space < 0) {
            return fail("no HTTP answer from " + host + ": " + response + "\n" + logTail(20));
        }
        int status = Integer.parseInt(response.substring(space + 1, space + 4));
        int body = response.indexOf("\r\n\r\n");
        return new HttpAnswer(status, body < 0 ? "" : response.substring(body + 4));
    }

    private String probe(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), NamespaceProbe.class.getName()));
        command.addAll(args);
        ShortCommand.Output out = namespace.run(command, Duration.ofSeconds(20));
        if (out.exitCode() != 0) {
            return fail("probe " + args + " failed (" + out.exitCode() + "): " + out.text());
        }
        return out.text();
    }

    String logText() {
        return process == null ? "" : process.logText();
    }

    String logTail(int lines) {
        return process == null ? "" : process.logTail(lines);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        namespace.close();
    }
}
