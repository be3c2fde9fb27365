package org.rtcsip.testbed.rtpengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.ng.NgPing;
import org.rtcsip.testbed.ng.NgPorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Programs;

/**
 * The reference ng server: Debian's rtpengine 10.5, userspace only (no kernel table), in a {@link Network}, bound
 * to 127.0.0.1 with its own ng port and media port range, so it never collides with a system rtpengine or with the
 * sidecar's default 2223. Ready once it answers an ng ping with pong.
 */
public final class RtpengineProcess implements NgMediaServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final int MEDIA_PORTS = 200;
    /** syslog levels: 6 (info) says what each call did; 7 (debug) adds ICE, DTLS and codec decisions. */
    private static final int INFO = 6;

    private final LoggedProcess process;
    private final NgPorts ports;
    private boolean released;

    private RtpengineProcess(LoggedProcess process, NgPorts ports) {
        this.process = process;
        this.ports = ports;
    }

    /** Starts rtpengine in {@code network}, logging at info, and waits until it answers an ng ping with pong. */
    public static RtpengineProcess start(Network network) {
        return start(network, INFO);
    }

    /** As {@link #start(Network)}, logging at syslog level {@code logLevel} (7: debug, for failure messages). */
    public static RtpengineProcess start(Network network, int logLevel) {
        Path rtpengine = Programs.rtpengine();
        Path dir;
        try {
            dir = Files.createTempDirectory("rtpengine-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an rtpengine run directory", e);
        }
        NgPorts ports = NgPorts.pick(MEDIA_PORTS);
        List<String> command = List.of(rtpengine.toString(),
                "--config-file=none",        // ignore /etc/rtpengine/rtpengine.conf
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ports.ng(),
                "--port-min=" + ports.mediaMin(),
                "--port-max=" + ports.mediaMax(),
                "--table=-1",                // no kernel forwarding: userspace relay only
                "--foreground",
                "--log-stderr",
                "--log-level=" + logLevel,
                "--delete-delay=0",          // free ports at once on delete
                "--pidfile=" + dir.resolve("rtpengine.pid"));
        LoggedProcess process = network.start("rtpengine", command, dir, dir.resolve("rtpengine.log"));
        NgPing.awaitPong(network, ports.ng(), process, READY_TIMEOUT);
        return new RtpengineProcess(process, ports);
    }

    @Override
    public NgPorts ports() {
        return ports;
    }

    public Path log() {
        return process.log();
    }

    @Override
    public String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
        if (!process.isAlive() && !released) {
            released = true;
            ports.release();
        }
    }
}
