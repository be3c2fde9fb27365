package org.rtcsip.testbed.kamailio;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;

/**
 * Kamailio 5.6 running the shipped conf-samples/kamailio/kamailio.cfg in place, in a {@link Network}, on ports picked
 * for the test, started as the cfg header says: {@code kamailio -f kamailio.cfg -DD -E -Y <run dir>
 * -A SIP_PORT=.. -A WS_PORT=.. -A RPC_PORT=.. -A 'SIDECAR_NG="udp:.."'}.
 * Its rtpengine set is the ng server(s) under test: start those first, Kamailio pings them once at startup and
 * would otherwise mark them down for rtpengine_disable_tout seconds. Ready when it answers an OPTIONS to itself with
 * 200, listens for WebSockets and answers {@code core.version} over JSON-RPC.
 */
public final class KamailioProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";

    private final LoggedProcess process;
    private final Network network;
    private final Path runDir;
    private final int sipPort;
    private final int wsPort;
    private final int rpcPort;

    private KamailioProcess(LoggedProcess process, Network network, Path runDir, int sipPort, int wsPort,
            int rpcPort) {
        this.process = process;
        this.network = network;
        this.runDir = runDir;
        this.sipPort = sipPort;
        this.wsPort = wsPort;
        this.rpcPort = rpcPort;
    }

    /** Starts Kamailio in {@code network} with media on {@code ngUrls} (e.g. {@code udp:127.0.0.1:2223}). */
    public static KamailioProcess start(Network network, String ngUrls) {
        return start(network, ngUrls, Map.of());
    }

    /**
     * As {@link #start(Network, String)}, with more {@code -A} pre-processor defines: {@code NAME=value} (a string
     * value carries its own double quotes, as in {@code "\"text\""}), or the name alone for a null value (as
     * {@code -A WITH_TRANSCODING}, which switches the cfg's codec flags on). A define of SIP_PORT, WS_PORT or
     * RPC_PORT replaces the picked port.
     */
    public static KamailioProcess start(Network network, String ngUrls, Map<String, String> extraDefines) {
        Path kamailio = Programs.kamailio();
        Path config = Repository.kamailioConfig();
        Path runDir;
        try {
            runDir = Files.createTempDirectory("kamailio-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kamailio run directory", e);
        }
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("SIDECAR_NG", "\"" + ngUrls + "\"");
        defines.put("SIP_IP", LOOPBACK);
        defines.put("SIP_PORT", Integer.toString(FreePorts.udpAndTcp()));
        defines.put("WS_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("RPC_IP", LOOPBACK);
        defines.put("RPC_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("CHILDREN", "2");
        defines.putAll(extraDefines);

        List<String> command = new ArrayList<>(List.of(kamailio.toString(),
                "-f", config.toString(),
                "-DD", "-E",             // creator in the foreground, log to stderr
                "-Y", runDir.toString(), // FIFO and datagram RPC sockets live here
                "-w", runDir.toString(),
                "-m", "64", "-M", "8"));
        defines.forEach((name, value) -> {
            command.add("-A");
            command.add(value == null ? name : name + "=" + value);
        });
        LoggedProcess process = network.start("kamailio", command, runDir, runDir.resolve("kamailio.log"));
        KamailioProcess started = new KamailioProcess(process, network, runDir,
                Integer.parseInt(defines.get("SIP_PORT")), Integer.parseInt(defines.get("WS_PORT")),
                Integer.parseInt(defines.get("RPC_PORT")));
        started.awaitReady();
        return started;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String waitingFor = "an answer to OPTIONS";
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                fail("Kamailio exited during startup; " + process.describe() + "\n" + process.logTail(40));
            }
            if (network.udpExchange(sipPort, options(attempt), Duration.ofMillis(300)).startsWith("SIP/2.0 200")) {
                waitingFor = "the WebSocket listener";
                if (network.tcpListening(wsPort)) {
                    waitingFor = "core.version over JSON-RPC";
                    Network.HttpReply rpc = network.http("POST", rpcPort, "/RPC",
                            "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"params\":[],\"id\":1}",
                            Duration.ofSeconds(2));
                    if (rpc.statusCode() == 200 && rpc.body().contains("\"result\":\"kamailio")) {
                        return;
                    }
                }
            }
            Poll.pause(100);
        }
        close();
        fail("Kamailio did not become ready on " + sipAddress() + " (" + network.describe() + ") within "
                + READY_TIMEOUT.toSeconds() + " s, waiting for " + waitingFor + "; " + process.describe() + "\n"
                + process.logTail(40));
    }

    private String options(int attempt) {
        // the probe's port is unknown before it binds: ;rport makes Kamailio answer to the source port (RFC 3581)
        return "OPTIONS sip:" + sipAddress() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPBACK + ":9;branch=z9hG4bK-ready-" + attempt + ";rport\r\n"
                + "From: <sip:probe@" + LOOPBACK + ">;tag=ready" + attempt + "\r\n"
                + "To: <sip:" + sipAddress() + ">\r\n"
                + "Call-ID: ready-" + attempt + "-" + System.nanoTime() + "@" + LOOPBACK + "\r\n"
                + "CSeq: " + attempt + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** SIP over UDP port. */
    public int sipPort() {
        return sipPort;
    }

    /** {@code 127.0.0.1:<sip port>}, where sipp sends. */
    public String sipAddress() {
        return LOOPBACK + ":" + sipPort;
    }

    /** SIP over WebSocket port (plain ws). */
    public int wsPort() {
        return wsPort;
    }

    /** {@code ws://127.0.0.1:<ws port>/}, for a browser's SIP stack (subprotocol sip). */
    public URI wsUri() {
        return URI.create("ws://" + LOOPBACK + ":" + wsPort + "/");
    }

    /** JSON-RPC over HTTP port. */
    public int rpcPort() {
        return rpcPort;
    }

    /** {@code http://127.0.0.1:<rpc port>/RPC}, where JSON-RPC 2.0 requests are POSTed. */
    public String rpcUrl() {
        return "http://" + LOOPBACK + ":" + rpcPort + "/RPC";
    }

    /** Runtime directory (-Y): kamailio.log, kamailio_rpc.fifo, kamailio_rpc.sock. */
    public Path runDir() {
        return runDir;
    }

    public Path log() {
        return process.log();
    }

    /** Everything Kamailio logged so far (debug=2, plus the script's "media:" lines). */
    public String logText() {
        return process.logText();
    }

    /** What Kamailio logged last, for failure messages. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
