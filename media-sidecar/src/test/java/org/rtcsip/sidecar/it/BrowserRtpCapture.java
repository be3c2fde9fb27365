package org.rtcsip.sidecar.it;

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

/**
 * tcpdump on the loopback of the browser test bed's {@link BrowserNetworkNamespace}, recording the UDP of a few
 * ports (the trunk's RTP ports), so a test decodes what the trunk really received ({@link BrowserRtpRecording}).
 */
public final class BrowserRtpCapture implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final LoggedProcess process;
    private final Path pcap;

    private BrowserRtpCapture(LoggedProcess process, Path pcap) {
        this.process = process;
        this.pcap = pcap;
    }

    /** Starts capturing UDP to or from any of {@code ports} on the namespace's lo into {@code dir}/rtp.pcap. */
    public static BrowserRtpCapture start(BrowserNetworkNamespace namespace, Path dir, int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("capture needs at least one port");
        }
        List<String> portTerms = new ArrayList<>();
        for (int port : ports) {
            portTerms.add("port " + port);
        }
        Path pcap = dir.resolve("rtp.pcap");
        List<String> command = List.of(RealPeers.tcpdump().toString(),
                "-i", "lo", "-n",
                "-U",                 // write each packet as it comes: nothing lost on stop
                "-B", "8192",         // KiB of kernel buffer
                "-Z", "root",         // keep root: the temp dir is not writable for user tcpdump
                "-w", pcap.toString(),
                "udp and (" + String.join(" or ", portTerms) + ")");
        LoggedProcess process = namespace.start("tcpdump", command, dir, dir.resolve("tcpdump.log"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!process.logText().contains("listening on")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.close();
                fail("tcpdump did not start capturing in the namespace (it needs root or CAP_NET_RAW); "
                        + process.describe() + "\n" + process.logTail(10));
            }
            BrowserNetworkNamespace.pause(50);
        }
        return new BrowserRtpCapture(process, pcap);
    }

    /** Stops tcpdump and reads the RTP it recorded; fails if the kernel dropped packets. */
    public BrowserRtpRecording stop() {
        process.stop(Duration.ofSeconds(5));
        Matcher dropped = DROPPED.matcher(process.logText());
        if (dropped.find() && !dropped.group(1).equals("0")) {
            fail("tcpdump lost packets, the recording would have gaps: " + process.logTail(5));
        }
        try {
            return BrowserRtpRecording.parse(Files.readAllBytes(pcap));
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
