package org.rtcsip.testbed.kamailio;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.rtcsip.testbed.tls.GeneratedCertificates;

/**
 * Kamailio 5.6 running the shipped conf-samples/kamailio/kamailio.cfg in place, in a {@link Network}, on ports picked
 * for the test, started as the cfg header says: {@code kamailio -f kamailio.cfg -DD -E -Y <run dir>
 * -A SIP_PORT=.. -A WS_PORT=.. -A RPC_PORT=.. -A 'SIDECAR_NG="udp:.."'}.
 * Its rtpengine set is the ng server(s) under test: start those first, Kamailio pings them once at startup and
 * would otherwise mark them down for rtpengine_disable_tout seconds. Ready when it answers an OPTIONS to itself with
 * 200, listens for WebSockets (and with TLS on its WSS and SIP-TLS ports) and answers {@code core.version} over
 * JSON-RPC.
 *
 * <p>Two edges: {@link #start} runs the plain test bed ({@code -A WITHOUT_TLS -A WITHOUT_AUTH}: ws:// and UDP, any
 * user registers); {@link #startSecure} runs the cfg's defaults as operators get them: WSS and SIP-TLS with the
 * shipped tls.cfg (its /etc/kamailio/tls/ files taken from the test's {@link GeneratedCertificates}), browsers
 * authenticated against the sample users. Both hide the topology (topoh), as the cfg does unless told not to.
 */
public final class KamailioProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";
    /** Where the shipped tls.cfg expects the files deploy/gen-certs.sh writes. */
    private static final String SHIPPED_CERT_DIR = "/etc/kamailio/tls/";
    /** The sample's browser users (kamailio.cfg, event_route[htable:mod-init]): name, password, number. */
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-secret";
    public static final String ALICE_NUMBER = "15550100001";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-secret";

    private final LoggedProcess process;
    private final Network network;
    private final Path runDir;
    private final int sipPort;
    private final int wsPort;
    private final int rpcPort;
    /** 0 on the plain edge. */
    private final int wssPort;
    private final int sipsPort;

    private KamailioProcess(LoggedProcess process, Network network, Path runDir, Map<String, String> defines) {
        this.process = process;
        this.network = network;
        this.runDir = runDir;
        this.sipPort = Integer.parseInt(defines.get("SIP_PORT"));
        this.wsPort = Integer.parseInt(defines.get("WS_PORT"));
        this.rpcPort = Integer.parseInt(defines.get("RPC_PORT"));
        this.wssPort = defines.containsKey("WSS_PORT") ? Integer.parseInt(defines.get("WSS_PORT")) : 0;
        this.sipsPort = defines.containsKey("SIPS_PORT") ? Integer.parseInt(defines.get("SIPS_PORT")) : 0;
    }

    /** Starts Kamailio in {@code network} with media on {@code ngUrls} (e.g. {@code udp:127.0.0.1:2223}). */
    public static KamailioProcess start(Network network, String ngUrls) {
        return start(network, ngUrls, Map.of());
    }

    /**
     * As {@link #start(Network, String)}, with more {@code -A} pre-processor defines: {@code NAME=value} (a string
     * value carries its own double quotes, as in {@code "\"text\""}), or the name alone for a null value (as
     * {@code -A WITH_TRANSCODING}, which switches the cfg's codec flags on). A define of SIP_PORT, WS_PORT or
     * RPC_PORT replaces the picked port. The plain edge: no TLS, no authentication.
     */
    public static KamailioProcess start(Network network, String ngUrls, Map<String, String> extraDefines) {
        Path runDir = createRunDir();
        Map<String, String> defines = baseDefines(ngUrls);
        defines.put("WITHOUT_TLS", null);
        defines.put("WITHOUT_AUTH", null);
        defines.putAll(extraDefines);
        return launch(network, runDir, defines);
    }

    /**
     * The shipped cfg's secure edge: WSS and SIP over TLS on ports picked for the test, with the shipped tls.cfg
     * reading its certificate, key and trunk CA from {@code certs} (a copy in the run directory whose
     * /etc/kamailio/tls/ is {@code certs.dir()}, nothing else changed); browsers authenticate as the sample users
     * ({@link #ALICE}, {@link #BOB}). {@code extraDefines} as for {@link #start(Network, String, Map)}, e.g.
     * {@code WITH_STIR} with {@code STIR_KEY} and {@code STIR_CERT_URL}.
     */
    public static KamailioProcess startSecure(Network network, String ngUrls, GeneratedCertificates certs,
            Map<String, String> extraDefines) {
        Path runDir = createRunDir();
        Path tlsConfig = runDir.resolve("tls.cfg");
        try {
            String shipped = Files.readString(Repository.kamailioTlsConfig(), StandardCharsets.UTF_8);
            if (!shipped.contains(SHIPPED_CERT_DIR)) {
                fail("the shipped tls.cfg no longer reads its files from " + SHIPPED_CERT_DIR);
            }
            Files.writeString(tlsConfig, shipped.replace(SHIPPED_CERT_DIR, certs.dir().toAbsolutePath() + "/"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + tlsConfig, e);
        }
        Map<String, String> defines = baseDefines(ngUrls);
        defines.put("WSS_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("SIPS_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("TLS_CONFIG", "\"" + tlsConfig + "\"");
        defines.putAll(extraDefines);
        return launch(network, runDir, defines);
    }

    private static Path createRunDir() {
        try {
            return Files.createTempDirectory("kamailio-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kamailio run directory", e);
        }
    }

    private static Map<String, String> baseDefines(String ngUrls) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("SIDECAR_NG", "\"" + ngUrls + "\"");
        defines.put("SIP_IP", LOOPBACK);
        defines.put("SIP_PORT", Integer.toString(FreePorts.udpAndTcp()));
        defines.put("WS_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("RPC_IP", LOOPBACK);
        defines.put("RPC_PORT", Integer.toString(FreePorts.tcp()));
        defines.put("CHILDREN", "2");
        return defines;
    }

    private static KamailioProcess launch(Network network, Path runDir, Map<String, String> defines) {
        Path kamailio = Programs.kamailio();
        Path config = Repository.kamailioConfig();
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
        KamailioProcess started = new KamailioProcess(process, network, runDir, defines);
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
                if (network.tcpListening(wsPort) && (wssPort == 0
                        || network.tcpListening(wssPort) && network.tcpListening(sipsPort))) {
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

    /** SIP over secure WebSocket port; 0 on the plain edge. */
    public int wssPort() {
        return wssPort;
    }

    /** {@code wss://<host>:<wss port>/}: the browser's URL when it reaches Kamailio at {@code host}. */
    public URI wssUri(String host) {
        if (wssPort == 0) {
            fail("this Kamailio runs the plain edge: no WSS listener (start it with startSecure)");
        }
        return URI.create("wss://" + host + ":" + wssPort + "/");
    }

    /** SIP over TLS port (trunks); 0 on the plain edge. */
    public int sipsPort() {
        return sipsPort;
    }

    /** {@code ws://<host>:<ws port>/}: the browser's URL when it reaches Kamailio at {@code host}. */
    public URI wsUri(String host) {
        return URI.create("ws://" + host + ":" + wsPort + "/");
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
