package org.rtcsip.ari.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rtcsip.testbed.ari.AriBridgeProcess;
import org.rtcsip.testbed.asterisk.AsteriskProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * A loopback-only network namespace holding a real Asterisk on conf-samples/asterisk and a real media-sidecar, and
 * ari-bridge as its own process when a test wants it, so that headless Chromium (which gathers ICE candidates on
 * every interface it sees) keeps every packet on lo. Asterisk leaves 127.0.0.0/8 out of its ICE candidates, so lo
 * also carries {@value #HOST_ADDRESS}: Asterisk's one host candidate. The test JVM stays outside and asks everything
 * from inside (ARI and ops HTTP through curl, ng through bash's /dev/udp).
 */
final class NamespaceBed implements AutoCloseable {
    static final String HOST_ADDRESS = "10.255.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    final LoopbackNamespace namespace;
    final AsteriskProcess asterisk;
    final SidecarProcess sidecar;
    AriBridgeProcess bridge;

    NamespaceBed() {
        Programs.chromium();
        Programs.node();
        Repository.softphone();
        namespace = LoopbackNamespace.create();
        AsteriskProcess startedAsterisk = null;
        try {
            namespace.addLoopbackAddress(HOST_ADDRESS + "/32");
            startedAsterisk = AsteriskProcess.start(namespace);
            sidecar = SidecarProcess.start(namespace, "asterisk-bed");
        } catch (RuntimeException | Error e) {
            if (startedAsterisk != null) {
                startedAsterisk.close();
            }
            namespace.close();
            throw e;
        }
        asterisk = startedAsterisk;
    }

    Network network() {
        return namespace;
    }

    /** ari-bridge on the shipped config pointed at this bed's media-sidecar, with {@code values} changed. */
    AriBridgeProcess startBridge(Map<String, String> values) {
        Map<String, String> all = new java.util.LinkedHashMap<>(values);
        all.putIfAbsent("sidecar-ng", "127.0.0.1:" + sidecar.ports().ng());
        bridge = AriBridgeProcess.start(namespace, AriBridgeProcess.shippedConfig(all, ""));
        return bridge;
    }

    /** GET {@code path} of ARI, parsed; fails the test on anything but 200. */
    JsonNode ari(String path) {
        Network.HttpReply reply = asterisk.ari("GET", path, null);
        if (reply.statusCode() != 200) {
            throw new AssertionError("ARI GET " + path + ": " + reply.statusCode() + " " + reply.body());
        }
        try {
            return JSON.readTree(reply.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("ARI GET " + path + " answered no JSON: " + reply.body(), e);
        }
    }

    /**
     * Waits until Asterisk holds no channel and no bridge ({@code GET /channels}, {@code /bridges}), media-sidecar no
     * call ({@code list}) and no media port, and ari-bridge (when running) no call; fails with what is left.
     */
    void assertNothingLeft(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String left;
        do {
            List<String> channels = new ArrayList<>();
            ari("/channels").forEach(c -> channels.add(c.path("id").asText() + " " + c.path("name").asText()));
            List<String> bridges = new ArrayList<>();
            ari("/bridges").forEach(b -> bridges.add(b.path("id").asText()));
            List<String> calls = sidecar.ngList();
            double ports = metric(sidecar, "sidecar_ports_in_use");
            double active = bridge != null && bridge.isAlive() ? bridge.metric("ari_bridge_active_calls") : 0;
            if (channels.isEmpty() && bridges.isEmpty() && calls.isEmpty() && ports == 0 && active == 0) {
                return;
            }
            left = "channels " + channels + ", bridges " + bridges + ", media-sidecar calls " + calls
                    + ", media ports in use " + ports + ", ari-bridge calls " + active;
            org.rtcsip.testbed.process.Poll.pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left behind after " + within.toMillis() + " ms: " + left);
    }

    private static double metric(SidecarProcess sidecar, String sample) {
        try {
            return sidecar.metric(sample);
        } catch (java.io.IOException e) {
            throw new AssertionError("media-sidecar's /metrics: " + e.getMessage(), e);
        }
    }

    /** Hangs up what a failed test left in Asterisk, so the next test starts clean. */
    void clear() {
        ari("/channels").forEach(c -> asterisk.ari("DELETE", "/channels/" + c.path("id").asText(), null));
        ari("/bridges").forEach(b -> asterisk.ari("DELETE", "/bridges/" + b.path("id").asText(), null));
    }

    @Override
    public void close() {
        if (bridge != null) {
            bridge.close();
        }
        sidecar.close();
        asterisk.close();
        namespace.close();
    }
}
