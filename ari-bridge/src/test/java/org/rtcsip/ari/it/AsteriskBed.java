package org.rtcsip.ari.it;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ari.AriBridge;
import org.rtcsip.ari.ari.AriException;
import org.rtcsip.ari.config.BridgeConfig;
import org.rtcsip.ari.config.ConfigFileReader;
import org.rtcsip.ari.sidecar.NgMediaSidecar;
import org.rtcsip.sidecar.net.MediaLoop;
import org.rtcsip.testbed.ari.AriBridgeProcess;
import org.rtcsip.testbed.asterisk.AsteriskProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * Everything a Stasis test needs, all real, on the test JVM's loopback: Asterisk on conf-samples/asterisk, the real
 * media-sidecar as its own process, ari-bridge (in this JVM, so tests can reach into it) on
 * conf-samples/ari-bridge/ari-bridge.conf pointed at that media-sidecar plus a route for the test-media callees, and
 * the test's own ARI app "probe" for callers. Fixed ports of the shipped configs (8088, 5080, 4573, 2227): run in a
 * network namespace of your own (unshare -n) when anything else may hold them.
 */
final class AsteriskBed implements AutoCloseable {
    /** The callees in [test-media] take PCMA only, so a PCMU caller goes through media-sidecar. */
    static final String SIDECAR_ROUTE = "\n[route test-media]\ndial = Local/*@test-media/n\ncodecs = alaw\n";

    final AsteriskProcess asterisk;
    SidecarProcess sidecar;
    final MediaLoop probeLoop;
    final AriTestApp probes;
    AriBridge bridge;

    AsteriskBed(String extraConfig) throws Exception {
        asterisk = AsteriskProcess.start(Network.host());
        MediaLoop loop = null;
        AriTestApp app = null;
        try {
            sidecar = startSidecar();
            loop = new MediaLoop(1, now -> { });
            loop.start();
            app = new AriTestApp(asterisk, "probe");
            probeLoop = loop;
            probes = app;
            bridge = startBridge(extraConfig);
        } catch (Exception | Error e) {
            // a bed that cannot start leaves no Asterisk, media-sidecar or port behind for the next test class
            if (app != null) {
                app.close();
            }
            if (loop != null) {
                loop.stop();
            }
            if (sidecar != null) {
                sidecar.close();
            }
            asterisk.close();
            throw e;
        }
    }

    static SidecarProcess startSidecar() {
        return SidecarProcess.start(Network.host(), "ari-bridge-tests");
    }

    /**
     * The shipped file pointed at this bed's media-sidecar, with a 3 s dial timeout (the no-answer test waits that
     * long), {@code more} values and {@code extra} appended.
     */
    BridgeConfig config(Map<String, String> more, String extra) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sidecar-ng", "127.0.0.1:" + sidecar.ports().ng());
        values.put("dial-timeout", "3");
        values.putAll(more);
        return ConfigFileReader.parse(AriBridgeProcess.shippedConfig(values, extra),
                "conf-samples/ari-bridge/ari-bridge.conf + test values");
    }

    AriBridge startBridge(String extraConfig) throws Exception {
        return startBridge(config(Map.of(), extraConfig));
    }

    AriBridge startBridge(BridgeConfig config) throws Exception {
        AriBridge b = new AriBridge(config);
        b.start();
        try {
            Poll.millisUntil("ari-bridge connected to ARI", Duration.ofSeconds(10), () -> b.events().isOpen());
        } catch (AssertionError e) {
            b.close();
            throw e;
        }
        return b;
    }

    ProbeCaller caller() {
        return new ProbeCaller(asterisk, probes, probeLoop);
    }

    /** The call-ids media-sidecar holds (ng list, as ari-bridge asks it). */
    List<String> mediaCalls() throws Exception {
        return new NgMediaSidecar(sidecar.ngAddress()).calls();
    }

    /** The sum of every sample of a media-sidecar counter, e.g. {@code sidecar_transcoded_frames_total}. */
    double sidecarCounter(String name) throws IOException {
        double sum = 0;
        for (String line : sidecar.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Frames media-sidecar's transcoders encoded so far. */
    long framesTranscoded() throws IOException {
        return (long) sidecarCounter("sidecar_transcoded_frames_total");
    }

    /** ng delete requests media-sidecar answered so far. */
    long sidecarDeletes() throws IOException {
        double sum = 0;
        for (String line : sidecar.get("/metrics").body().split("\n")) {
            if (line.startsWith("sidecar_ng_requests_total{") && line.contains("command=\"delete\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /**
     * Waits until Asterisk holds no channel and no bridge, media-sidecar no call and no media port, and ari-bridge no
     * call; fails with what is left.
     */
    void assertNothingLeft(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String left;
        do {
            List<String> channels = probes.ari.channels().stream().map(c -> c.id() + " " + c.name()).toList();
            List<String> bridges = probes.ari.bridges().stream().map(b -> b.id()).toList();
            List<String> calls = mediaCalls();
            double ports = sidecar.metric("sidecar_ports_in_use");
            int active = bridge.stasis().activeCalls();
            if (channels.isEmpty() && bridges.isEmpty() && calls.isEmpty() && ports == 0 && active == 0) {
                return;
            }
            left = "channels " + channels + ", bridges " + bridges + ", media-sidecar calls " + calls
                    + ", media ports in use " + ports + ", ari-bridge calls " + active;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left behind after " + within.toMillis() + " ms: " + left);
    }

    /** Hangs up whatever a failed test left, so the next test starts clean. */
    void clear() {
        try {
            for (var c : probes.ari.channels()) {
                try {
                    probes.ari.hangup(c.id(), 16);
                } catch (AriException ignored) {
                    // gone
                }
            }
            for (var b : probes.ari.bridges()) {
                try {
                    probes.ari.destroyBridge(b.id());
                } catch (AriException ignored) {
                    // gone
                }
            }
        } catch (AriException ignored) {
            // Asterisk down
        }
    }

    @Override
    public void close() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        probes.close();
        probeLoop.stop();
        sidecar.close();
        asterisk.close();
    }
}
