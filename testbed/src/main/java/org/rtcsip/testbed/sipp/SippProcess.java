package org.rtcsip.testbed.sipp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;

/**
 * One sipp 3.6.1 run of a shipped conf-samples/sipp scenario in a {@link Network}: a UAS answering calls in the
 * background, or a UAC placing them through a proxy. Each run lives in its own directory holding the tone it
 * streams, its SIP message log (the SDP it received) and its error and screen logs.
 *
 * <p>sipp exit codes: 0 all calls succeeded, 1 at least one failed, 97 stopped by command, 99 normal exit without
 * calls processed, 255 (-1) fatal error, 254 (-2) cannot bind a socket.
 */
public final class SippProcess implements AutoCloseable {

    /** The shipped scenarios: PCMU, streaming {@link #TONE_FILE} from the ACK to the BYE. */
    public static final String UAC_SCENARIO = "uac-pcmu-rtp.xml";
    public static final String UAS_SCENARIO = "uas-pcmu-rtp.xml";
    /** conf-samples/sipp/tone-440hz-1s.pcmu, which both shipped scenarios stream. */
    public static final String TONE_FILE = "tone-440hz-1s.pcmu";
    private static final String LOOPBACK = "127.0.0.1";
    /** rtp_stream takes its socket from -mp upwards, one more per concurrent call. */
    private static final int MEDIA_PORTS = 10;

    /** Which side of the call this sipp plays. */
    public enum Role { UAC, UAS }

    /** A sipp's SIP port and the first port of its RTP block, picked before it starts. */
    public record Ports(int sip, int media) {
        public static Ports pick() {
            return new Ports(FreePorts.udpAndTcp(), FreePorts.udpBlock(MEDIA_PORTS));
        }
    }

    private final Role role;
    private final LoggedProcess process;
    private final Path dir;
    private final Ports ports;

    private SippProcess(Role role, LoggedProcess process, Path dir, Ports ports) {
        this.role = role;
        this.process = process;
        this.dir = dir;
        this.ports = ports;
    }

    /**
     * Starts a UAS of the shipped scenario in {@code dir} that answers {@code calls} calls, streams the tone to the
     * offer's address and exits after the last BYE; returns once its SIP port is bound. The scenario puts
     * {@code ports.media()} in its SDP; sequential calls reuse it.
     */
    public static SippProcess startUas(Network network, Path dir, Ports ports, int calls, Duration timeout) {
        return startUas(network, UAS_SCENARIO, dir, ports, calls, timeout);
    }

    /**
     * As the other {@code startUas}, with another shipped UAS {@code scenario} of conf-samples/sipp (whatever else it
     * plays, such as a pcap, the test puts into {@code dir}).
     */
    public static SippProcess startUas(Network network, String scenario, Path dir, Ports ports, int calls,
            Duration timeout) {
        List<String> command = command(Role.UAS, scenario, dir, ports, calls, timeout);
        SippProcess uas = new SippProcess(Role.UAS, network.start("sipp UAS " + scenario, command, dir,
                dir.resolve("sipp.out")), dir, ports);
        uas.awaitSipPortBound(network);
        return uas;
    }

    /**
     * Starts a UAC of the shipped scenario in {@code dir} placing {@code calls} calls one after the other to
     * {@code calleeUri} through the proxy at {@code proxyAddress} (ip:port), each talking for {@code talkTime}
     * before it hangs up.
     */
    public static SippProcess startUac(Network network, Path dir, Ports ports, String proxyAddress, String calleeUri,
            int calls, Duration talkTime, Duration timeout) {
        return startUac(network, UAC_SCENARIO, dir, ports, proxyAddress, calleeUri, calls, talkTime, timeout);
    }

    /**
     * As the other {@code startUac}, with another shipped UAC {@code scenario} of conf-samples/sipp (whatever else
     * it plays, such as a pcap, the test puts into {@code dir}).
     */
    public static SippProcess startUac(Network network, String scenario, Path dir, Ports ports, String proxyAddress,
            String calleeUri, int calls, Duration talkTime, Duration timeout) {
        // one call at a time: calls run sequentially
        return startUac(network, scenario, dir, ports, proxyAddress, calleeUri, calls, 1, 10, talkTime, timeout);
    }

    /**
     * As the other {@code startUac}, with up to {@code concurrent} calls at a time, {@code callsPerSecond} new ones a
     * second (sipp's -l and -r): a load.
     */
    public static SippProcess startUac(Network network, String scenario, Path dir, Ports ports, String proxyAddress,
            String calleeUri, int calls, int concurrent, int callsPerSecond, Duration talkTime, Duration timeout) {
        List<String> command = command(Role.UAC, scenario, dir, ports, calls, timeout);
        command.add(1, proxyAddress);
        command.addAll(List.of(
                "-key", "callee", calleeUri,
                "-d", Long.toString(talkTime.toMillis()),
                "-l", Integer.toString(concurrent),
                "-r", Integer.toString(callsPerSecond)));
        return new SippProcess(Role.UAC, network.start("sipp UAC " + scenario, command, dir, dir.resolve("sipp.out")),
                dir, ports);
    }

    private static List<String> command(Role role, String scenario, Path dir, Ports ports, int calls,
            Duration timeout) {
        Path scenarioFile = Repository.sippFile(scenario);
        try {
            Files.createDirectories(dir);
            // rtp_stream reads its file relative to the working directory
            Files.copy(Repository.sippFile(TONE_FILE), dir.resolve(TONE_FILE), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing sipp directory " + dir, e);
        }
        return new ArrayList<>(List.of(Programs.sipp().toString(),
                "-sf", scenarioFile.toString(),
                "-i", LOOPBACK, "-p", Integer.toString(ports.sip()),
                "-mi", LOOPBACK, "-mp", Integer.toString(ports.media()),
                "-m", Integer.toString(calls),
                "-nostdin",
                "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_screen", "-screen_file", dir.resolve("screen.log").toString()));
    }

    private void awaitSipPortBound(Network network) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!network.udpBound(ports.sip())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                fail("sipp " + role + " did not bind " + sipAddress() + " (" + network.describe() + "); "
                        + process.describe() + "\n" + process.logTail(20));
            }
            Poll.pause(50);
        }
    }

    /** Waits for sipp to finish; returns its exit code, or -1 if it was still running. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    public Role role() {
        return role;
    }

    public int sipPort() {
        return ports.sip();
    }

    /** {@code 127.0.0.1:<sip port>}. */
    public String sipAddress() {
        return LOOPBACK + ":" + ports.sip();
    }

    /** The RTP port this sipp's SDP carries and rtp_stream sends from and receives on. */
    public int mediaPort() {
        return ports.media();
    }

    public Path dir() {
        return dir;
    }

    /** Every SIP message sipp sent and received, as sipp -trace_msg logged them. */
    public String messageLog() {
        try {
            Path log = dir.resolve("messages.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading sipp message log in " + dir, e);
        }
    }

    /** The SDP bodies of the messages sipp received, in arrival order (retransmissions included). */
    public List<String> receivedSdps() {
        return SippMessageLog.receivedSdps(messageLog());
    }

    /** sipp's screen dump, error log and output tail, for failure messages. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder("sipp " + role + " in " + dir + "\n");
        for (String name : List.of("errors.log", "screen.log")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                try {
                    String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                    text.append("--- ").append(name).append('\n')
                            .append(content, 0, Math.min(content.length(), 4000)).append('\n');
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
