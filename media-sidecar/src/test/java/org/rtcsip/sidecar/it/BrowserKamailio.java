package org.rtcsip.sidecar.it;

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

/**
 * Kamailio running the shipped conf-samples/kamailio/kamailio.cfg in place, inside the browser test bed's
 * {@link BrowserNetworkNamespace}, as {@link KamailioProcess} runs it outside: SIP over UDP for sipp, SIP over
 * WebSocket for the browser, media on the ng server under test. {@code -A WITH_TRANSCODING} switches the cfg's
 * codec flags on (Opus kept on the browser leg, PCMU on the SIP leg).
 */
public final class BrowserKamailio implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";

    private final LoggedProcess process;
    private final BrowserNetworkNamespace namespace;
    private final int sipPort;
    private final int wsPort;

    private BrowserKamailio(LoggedProcess process, BrowserNetworkNamespace namespace, int sipPort, int wsPort) {
        this.process = process;
        this.namespace = namespace;
        this.sipPort = sipPort;
        this.wsPort = wsPort;
    }

    /**
     * Starts Kamailio with media on {@code ngUrl} (start and ping the ng server first) and the given extra
     * {@code -A} defines (a name alone, e.g. {@code WITH_TRANSCODING}, or {@code NAME=value}).
     */
    public static BrowserKamailio start(BrowserNetworkNamespace namespace, String ngUrl, List<String> extraDefines) {
        Path kamailio = RealPeers.kamailio();
        Path config = RealPeers.kamailioConfig();
        Path runDir;
        try {
            runDir = Files.createTempDirectory("kamailio-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kamailio run directory", e);
        }
        int sipPort = FreePorts.udpAndTcp();
        int wsPort = FreePorts.tcp();
        int rpcPort = FreePorts.tcp();

        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("SIDECAR_NG", "\"" + ngUrl + "\"");
        defines.put("SIP_IP", LOOPBACK);
        defines.put("SIP_PORT", Integer.toString(sipPort));
        defines.put("WS_PORT", Integer.toString(wsPort));
        defines.put("RPC_IP", LOOPBACK);
        defines.put("RPC_PORT", Integer.toString(rpcPort));
        defines.put("CHILDREN", "2");

        List<String> command = new ArrayList<>(List.of(kamailio.toString(),
                "-f", config.toString(),
                "-DD", "-E",             // creator in the foreground, log to stderr
                "-Y", runDir.toString(),
                "-w", runDir.toString(),
                "-m", "64", "-M", "8"));
        defines.forEach((name, value) -> command.addAll(List.of("-A", name + "=" + value)));
        for (String define : extraDefines) {
            command.addAll(List.of("-A", define));
        }
        LoggedProcess process = namespace.start("kamailio", command, runDir, runDir.resolve("kamailio.log"));
        BrowserKamailio started = new BrowserKamailio(process, namespace, sipPort, wsPort);
        started.awaitReady();
        return started;
    }

    /** Ready = answers an OPTIONS to itself with 200 and listens on the WebSocket port. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                fail("Kamailio exited during startup; " + process.describe() + "\n" + process.logTail(40));
            }
            String reply = namespace.udpExchange(sipPort, options(attempt), Duration.ofMillis(300));
            if (reply.startsWith("SIP/2.0 200") && namespace.tcpListening(wsPort)) {
                return;
            }
            BrowserNetworkNamespace.pause(100);
        }
        close();
        fail("Kamailio did not answer OPTIONS on " + sipAddress() + " (inside the namespace) within "
                + READY_TIMEOUT.toSeconds() + " s; " + process.describe() + "\n" + process.logTail(40));
    }

    private String options(int attempt) {
        // the probe's port is unknown before it binds: ;rport makes Kamailio answer to the source port (RFC 3581)
        return "OPTIONS sip:" + sipAddress() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPBACK + ":9;branch=z9hG4bK-browser-ready-" + attempt + ";rport\r\n"
                + "From: <sip:probe@" + LOOPBACK + ">;tag=ready" + attempt + "\r\n"
                + "To: <sip:" + sipAddress() + ">\r\n"
                + "Call-ID: browser-ready-" + attempt + "-" + System.nanoTime() + "@" + LOOPBACK + "\r\n"
                + "CSeq: " + attempt + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** {@code 127.0.0.1:<sip port>}, where sipp sends. */
    public String sipAddress() {
        return LOOPBACK + ":" + sipPort;
    }

    public int sipPort() {
        return sipPort;
    }

    /** {@code ws://127.0.0.1:<ws port>/}, where the browser's JsSIP connects (subprotocol sip). */
    public URI wsUri() {
        return URI.create("ws://" + LOOPBACK + ":" + wsPort + "/");
    }

    public String logText() {
        return process.logText();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
