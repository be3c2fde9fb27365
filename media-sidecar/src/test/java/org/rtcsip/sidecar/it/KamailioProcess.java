package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kamailio running the shipped conf-samples/kamailio/kamailio.cfg in place, on ports picked for
 * this test, with its rtpengine module pointed at the ng server under test. Start the ng server
 * first: Kamailio pings it once at startup and would otherwise mark it down for
 * rtpengine_disable_tout seconds.
 */
public final class KamailioProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";

    private final LoggedProcess process;
    private final Path runDir;
    private final int sipPort;
    private final int wsPort;
    private final int rpcPort;

    private KamailioProcess(LoggedProcess process, Path runDir, int sipPort, int wsPort, int rpcPort) {
        this.process = process;
        this.runDir = runDir;
        this.sipPort = sipPort;
        this.wsPort = wsPort;
        this.rpcPort = rpcPort;
    }

    /** Starts Kamailio with media on {@code sidecarNgUrl} (e.g. {@code udp:127.0.0.1:2223}). */
    public static KamailioProcess start(String sidecarNgUrl) {
        return start(sidecarNgUrl, Map.of());
    }

    /**
     * As {@link #start(String)}, with more {@code -A NAME=value} pre-processor defines (a string
     * value must carry its own double quotes, as in {@code "\"text\""}).
     */
    public static KamailioProcess start(String sidecarNgUrl, Map<String, String> extraDefines) {
        Path kamailio = RealPeers.kamailio();
        Path config = RealPeers.kamailioConfig();
        Path runDir = createRunDir();
        int sipPort = FreePorts.udpAndTcp();
        int wsPort = FreePorts.tcp();
        int rpcPort = FreePorts.tcp();

        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("SIDECAR_NG", "\"" + sidecarNgUrl + "\"");
        defines.put("SIP_IP", LOOPBACK);
        defines.put("SIP_PORT", Integer.toString(sipPort));
        defines.put("WS_PORT", Integer.toString(wsPort));
        defines.put("RPC_IP", LOOPBACK);
        defines.put("RPC_PORT", Integer.toString(rpcPort));
        defines.put("CHILDREN", "2");
        defines.putAll(extraDefines);

        List<String> command = new ArrayList<>(List.of(kamailio.toString(),
                "-f", config.toString(),
                "-DD", "-E",          // creator in the foreground, log to stderr
                "-Y", runDir.toString(), // FIFO and datagram RPC sockets live here
                "-w", runDir.toString(),
                "-m", "64", "-M", "8"));
        defines.forEach((name, value) -> {
            command.add("-A");
            command.add(name + "=" + value);
        });

        LoggedProcess process = LoggedProcess.start("kamailio", command, runDir, runDir.resolve("kamailio.log"));
        KamailioProcess started = new KamailioProcess(process, runDir, sipPort, wsPort, rpcPort);
        started.awaitReady();
        return started;
    }

    private static Path createRunDir() {
        try {
            return Files.createTempDirectory("kamailio-it-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kamailio run directory", e);
        }
    }

    /** Ready = answers an OPTIONS to itself with 200 (the SIP workers run and the cfg parsed). */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(250);
            byte[] buffer = new byte[4096];
            for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
                if (!process.isAlive()) {
                    close();
                    fail("Kamailio exited during startup; " + process.describe() + "\n" + process.logTail(40));
                }
                byte[] options = options(socket.getLocalPort(), attempt);
                socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), sipPort));
                try {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("SIP/2.0 200")) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    // workers not up yet: ask again
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("probing Kamailio on " + sipAddress(), e);
        }
        close();
        fail("Kamailio did not answer OPTIONS on " + sipAddress() + " within " + READY_TIMEOUT.toSeconds()
                + " s; " + process.describe() + "\n" + process.logTail(40));
    }

    private byte[] options(int localPort, int attempt) {
        String local = LOOPBACK + ":" + localPort;
        String message = "OPTIONS sip:" + sipAddress() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-ready-" + localPort + "-" + attempt + ";rport\r\n"
                + "From: <sip:probe@" + local + ">;tag=ready" + attempt + "\r\n"
                + "To: <sip:" + sipAddress() + ">\r\n"
                + "Call-ID: ready-" + localPort + "-" + attempt + "@" + LOOPBACK + "\r\n"
                + "CSeq: " + attempt + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    /** SIP over UDP port. */
    public int sipPort() {
        return sipPort;
    }

    /** {@code 127.0.0.1:<sip port>}, the address sipp sends to. */
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
    public URI rpcUri() {
        return URI.create("http://" + LOOPBACK + ":" + rpcPort + "/RPC");
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

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
