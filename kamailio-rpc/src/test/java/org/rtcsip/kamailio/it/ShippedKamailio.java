package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kamailio 5.6 running the shipped conf-samples/kamailio/kamailio.cfg in place, on ports picked
 * for the test, started as the cfg header says:
 * {@code kamailio -f kamailio.cfg -DD -E -Y <run dir> -A SIP_PORT=.. -A WS_PORT=.. -A RPC_PORT=.. -A 'SIDECAR_NG="udp:.."'}.
 * Ready when {@code POST /RPC} answers {@code core.version} (asked with the JDK's own HTTP client,
 * so readiness does not depend on the client under test).
 */
public final class ShippedKamailio implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";

    private final ChildProcess process;
    private final Path runDir;
    private final int sipPort;
    private final int wsPort;
    private final int rpcPort;

    private ShippedKamailio(ChildProcess process, Path runDir, int sipPort, int wsPort, int rpcPort) {
        this.process = process;
        this.runDir = runDir;
        this.sipPort = sipPort;
        this.wsPort = wsPort;
        this.rpcPort = rpcPort;
    }

    /**
     * Starts Kamailio with {@code sidecarNg} as its rtpengine set ({@code "udp:127.0.0.1:2223"}, or
     * several space separated) and more {@code -A NAME=value} defines (string values carry their
     * own double quotes; a null value defines the name alone, as {@code -A WITH_DISPATCHER}).
     */
    public static ShippedKamailio start(String sidecarNg, Map<String, String> extraDefines) {
        Path kamailio = RealPrograms.kamailio();
        Path config = RealPrograms.kamailioConfig();
        Path runDir;
        try {
            runDir = Files.createTempDirectory("kamailio-rpc-it-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kamailio run directory", e);
        }
        int sipPort = FreePorts.udpAndTcp();
        int wsPort = FreePorts.tcp();
        int rpcPort = FreePorts.tcp();

        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("SIDECAR_NG", "\"" + sidecarNg + "\"");
        defines.put("SIP_IP", LOOPBACK);
        defines.put("SIP_PORT", Integer.toString(sipPort));
        defines.put("WS_PORT", Integer.toString(wsPort));
        defines.put("RPC_IP", LOOPBACK);
        defines.put("RPC_PORT", Integer.toString(rpcPort));
        defines.put("CHILDREN", "2");
        defines.putAll(extraDefines);

        List<String> command = new ArrayList<>(List.of(kamailio.toString(), "-f", config.toString(),
                "-DD", "-E", "-Y", runDir.toString(), "-w", runDir.toString(), "-m", "64", "-M", "8"));
        defines.forEach((name, value) -> {
            command.add("-A");
            command.add(value == null ? name : name + "=" + value);
        });
        ChildProcess process = ChildProcess.start("kamailio", command, runDir);
        ShippedKamailio started = new ShippedKamailio(process, runDir, sipPort, wsPort, rpcPort);
        started.awaitRpc();
        return started;
    }

    private void awaitRpc() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"params\":[],\"id\":1}"))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                fail("Kamailio exited during startup; " + process.describe() + "\n" + process.logTail(40));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"result\":\"kamailio")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        fail("Kamailio did not answer core.version on " + rpcUrl() + " within " + READY_TIMEOUT.toSeconds()
                + " s (last: " + last + "); " + process.describe() + "\n" + process.logTail(40));
    }

    /** {@code http://127.0.0.1:<rpc port>/RPC}. */
    public String rpcUrl() {
        return "http://" + LOOPBACK + ":" + rpcPort + "/RPC";
    }

    /** {@code ws://127.0.0.1:<ws port>/}, where browsers connect with subprotocol sip. */
    public URI wsUri() {
        return URI.create("ws://" + LOOPBACK + ":" + wsPort + "/");
    }

    public int wsPort() {
        return wsPort;
    }

    public int sipPort() {
        return sipPort;
    }

    public Path runDir() {
        return runDir;
    }

    /** For assertion messages: what Kamailio logged last. */
    public String logTail() {
        return process.logTail(30);
    }

    @Override
    public void close() {
        process.close();
    }
}
