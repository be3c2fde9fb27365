package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The trunk side of a browser call: one sipp 3.6.1 run of the shipped conf-samples/sipp scenarios inside the
 * {@link BrowserNetworkNamespace} (as {@link SippProcess} runs them outside), speaking PCMU and streaming the
 * shipped 440 Hz tone. A UAS answers the browser's call; a UAC calls the registered browser user through Kamailio.
 */
public final class BrowserSipp implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final SippProcess.Role role;
    private final LoggedProcess process;
    private final Path dir;
    private final SippProcess.Ports ports;

    private BrowserSipp(SippProcess.Role role, LoggedProcess process, Path dir, SippProcess.Ports ports) {
        this.role = role;
        this.process = process;
        this.dir = dir;
        this.ports = ports;
    }

    /** A UAS answering one call, streaming the tone from the ACK to the BYE; returns once its SIP port is bound. */
    public static BrowserSipp uas(BrowserNetworkNamespace namespace, Path dir, SippProcess.Ports ports,
            Duration timeout) {
        List<String> command = baseCommand(SippProcess.Role.UAS, dir, ports, timeout);
        BrowserSipp uas = start(namespace, SippProcess.Role.UAS, command, dir, ports);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!namespace.udpBound(ports.sip())) {
            if (!uas.process.isAlive() || System.nanoTime() > deadline) {
                uas.close();
                fail("sipp UAS did not bind " + LOOPBACK + ":" + ports.sip() + " in the namespace; "
                        + uas.process.describe() + "\n" + uas.process.logTail(20));
            }
            BrowserNetworkNamespace.pause(50);
        }
        return uas;
    }

    /** A UAC placing one call to {@code calleeUri} through {@code proxyAddress}, hanging up after {@code talkTime}. */
    public static BrowserSipp uac(BrowserNetworkNamespace namespace, Path dir, SippProcess.Ports ports,
            String proxyAddress, String calleeUri, Duration talkTime, Duration timeout) {
        List<String> command = baseCommand(SippProcess.Role.UAC, dir, ports, timeout);
        command.add(1, proxyAddress);
        command.addAll(List.of("-key", "callee", calleeUri, "-d", Long.toString(talkTime.toMillis()), "-l", "1"));
        return start(namespace, SippProcess.Role.UAC, command, dir, ports);
    }

    private static List<String> baseCommand(SippProcess.Role role, Path dir, SippProcess.Ports ports,
            Duration timeout) {
        Path scenarios = RealPeers.sippScenarios();
        try {
            Files.createDirectories(dir);
            // rtp_stream reads its file relative to the working directory
            Files.copy(scenarios.resolve(SippProcess.TONE_FILE), dir.resolve(SippProcess.TONE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("preparing sipp directory " + dir, e);
        }
        String scenario = scenarios.resolve(role == SippProcess.Role.UAC
                ? SippProcess.UAC_SCENARIO : SippProcess.UAS_SCENARIO).toString();
        return new ArrayList<>(List.of(RealPeers.sipp().toString(),
                "-sf", scenario,
                "-i", LOOPBACK, "-p", Integer.toString(ports.sip()),
                "-mi", LOOPBACK, "-mp", Integer.toString(ports.media()),
                "-m", "1",
                "-nostdin",
                "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_screen", "-screen_file", dir.resolve("screen.log").toString()));
    }

    private static BrowserSipp start(BrowserNetworkNamespace namespace, SippProcess.Role role, List<String> command,
            Path dir, SippProcess.Ports ports) {
        LoggedProcess process = namespace.start("sipp " + role, command, dir, dir.resolve("sipp.out"));
        return new BrowserSipp(role, process, dir, ports);
    }

    /** Waits for sipp to finish; its exit code (0 = the call succeeded), or -1 if it was still running. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** The RTP port this sipp's SDP carries and rtp_stream sends from and receives on. */
    public int mediaPort() {
        return ports.media();
    }

    public int sipPort() {
        return ports.sip();
    }

    /** The SDP bodies sipp received (the UAS: the offer; the UAC: the answer), retransmissions included. */
    public List<String> receivedSdps() {
        try {
            Path log = dir.resolve("messages.log");
            return SippMessageLog.receivedSdps(Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1)
                    : "");
        } catch (IOException e) {
            throw new UncheckedIOException("reading sipp message log in " + dir, e);
        }
    }

    /** sipp's error and screen logs and output tail, for failure messages. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder("sipp " + role + " in " + dir + "\n");
        for (String name : List.of("errors.log", "screen.log")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                try {
                    String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                    text.append("--- ").append(name).append('\n')
                            .append(content, 0, Math.min(content.length(), 3000)).append('\n');
                } catch (IOException e) {
                    text.append("(cannot read ").append(file).append(")\n");
                }
            }
        }
        return text.append("--- output\n").append(process.logTail(15)).toString();
    }

    @Override
    public void close() {
        process.close();
    }
}
