package org.rtcsip.testbed.netns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.ShortCommand;

/**
 * Where a real peer runs, a parameter of every launcher: the host's loopback ({@link #host()}), or a private
 * network namespace that holds only a loopback interface ({@link LoopbackNamespace}), where Chromium sees no other
 * interface to gather candidates on. Either way the peers talk over 127.0.0.1; what differs is how a program is
 * started there and how the test probes it (the JVM's sockets live on the host only).
 */
public interface Network {

    /** The test JVM's own network: programs start as plain children, probes are the JVM's sockets. */
    static Network host() {
        return HostLoopback.INSTANCE;
    }

    /** Starts {@code command} in this network, its output to {@code log}. */
    LoggedProcess start(String name, List<String> command, Path workDir, Path log);

    /** Runs a short command in this network and returns what it printed; kills it after {@code timeout}. */
    ShortCommand.Output run(List<String> command, Duration timeout);

    /**
     * Sends one UDP datagram to 127.0.0.1:{@code port} and returns what came back within {@code wait} (empty if
     * nothing, or if the port is closed). The reply goes to the probe's source port: a SIP request needs
     * {@code ;rport} in its Via (RFC 3581).
     */
    String udpExchange(int port, String request, Duration wait);

    /** True if some program has bound UDP port {@code port} on 127.0.0.1. */
    boolean udpBound(int port);

    /** True if some program listens on TCP port {@code port} on 127.0.0.1. */
    boolean tcpListening(int port);

    /**
     * One HTTP request to 127.0.0.1:{@code port}; {@code body} null for none (else sent as JSON). Status -1 when
     * nothing answered within {@code timeout}, the body then says why.
     */
    HttpReply http(String method, int port, String path, String body, Duration timeout);

    /** For failure messages: which network this is. */
    String describe();

    /** An HTTP status and body; status -1 when no HTTP answer came. */
    record HttpReply(int statusCode, String body) {
    }
}
