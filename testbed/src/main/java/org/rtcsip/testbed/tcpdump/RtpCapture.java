package org.rtcsip.testbed.tcpdump;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;

/**
 * tcpdump on the loopback interface of a {@link Network}, recording the UDP traffic of a few ports, so a test counts
 * and decodes the RTP each peer really received. Needs root or CAP_NET_RAW on tcpdump.
 */
public final class RtpCapture implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final LoggedProcess process;
    private final Path pcap;

    private RtpCapture(LoggedProcess process, Path pcap) {
        this.process = process;
        this.pcap = pcap;
    }

    /** Starts capturing UDP to or from any of {@code ports} on lo of {@code network} into {@code dir}/rtp.pcap. */
    public static RtpCapture start(Network network, Path dir, int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("capture needs at least one port");
        }
        List<String> portTerms = new ArrayList<>();
        for (int port : ports) {
            portTerms.add("port " + port);
        }
        Path pcap = dir.resolve("rtp.pcap");
        List<String> command = List.of(Programs.tcpdump().toString(),
                "-i", "lo",
                "-n",
                "-U",                 // write each packet as it comes: nothing lost on stop
                "-B", "8192",         // KiB of kernel buffer: no drops on a busy CI machine
                "-Z", "root",         // keep root: the temp dir is not writable for user tcpdump
                "-w", pcap.toString(),
                "udp and host 127.0.0.1 and (" + String.join(" or ", portTerms) + ")");
        LoggedProcess process = network.start("tcpdump", command, dir, dir.resolve("tcpdump.log"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!process.logText().contains("listening on")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.close();
                fail("tcpdump did not start capturing in " + network.describe() + " (it needs root or CAP_NET_RAW); "
                        + process.describe() + "\n" + process.logTail(10));
            }
            Poll.pause(50);
        }
        return new RtpCapture(process, pcap);
    }

    /** Stops tcpdump and reads the RTP it recorded; fails if the kernel dropped packets. */
    public RtpRecording stop() {
        process.stop(Duration.ofSeconds(5));
        Matcher dropped = DROPPED.matcher(process.logText());
        if (dropped.find() && !dropped.group(1).equals("0")) {
            fail("tcpdump lost packets, RTP counts would be wrong: " + process.logTail(5));
        }
        try {
            return RtpRecording.parse(Files.readAllBytes(pcap));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + pcap, e);
        }
    }

    public Path pcap() {
        return pcap;
    }

    @Override
    public void close() {
        process.close();
    }
}
