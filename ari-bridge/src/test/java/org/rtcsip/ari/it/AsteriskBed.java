package org.rtcsip.ari.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.rtcsip.ari.AriBridge;
import org.rtcsip.ari.ari.AriException;
import org.rtcsip.ari.config.BridgeConfig;
import org.rtcsip.ari.config.ConfigFileReader;
import org.rtcsip.sidecar.net.MediaLoop;

/**
 * Everything a Stasis test needs, all real but the media side: Asterisk on conf-samples/asterisk, ari-bridge on
 * conf-samples/ari-bridge/ari-bridge.conf plus a route for the test-media callees, the {@link MediaStandIn} on the
 * ng port, and the test's own ARI app "probe" for callers.
 */
final class AsteriskBed implements AutoCloseable {
    /** The callees in [test-media] take PCMA only, so a PCMU caller goes through media-sidecar. */
    static final String SIDECAR_ROUTE = "\n[route test-media]\ndial = Local/*@test-media/n\ncodecs = alaw\n";

    final AsteriskProcess asterisk;
    final MediaSide media;
    final MediaLoop probeLoop;
    final AriTestApp probes;
    AriBridge bridge;

    AsteriskBed(String extraConfig) throws Exception {
        asterisk = AsteriskProcess.start();
        MediaSide standIn = null;
        MediaLoop loop = null;
        AriTestApp app = null;
        try {
            String jar = System.getProperty(RealMediaSidecar.JAR_PROPERTY);
            standIn = jar == null || jar.isEmpty() ? new MediaStandIn() : new RealMediaSidecar(jar);
            loop = new MediaLoop(1, now -> { });
            loop.start();
            app = new AriTestApp("probe");
            media = standIn;
            probeLoop = loop;
            probes = app;
            bridge = startBridge(extraConfig);
        } catch (Exception | Error e) {
            // a bed that cannot start leaves no Asterisk or port behind for the next test class
            if (app != null) {
                app.close();
            }
            if (loop != null) {
                loop.stop();
            }
            if (standIn != null) {
                standIn.close();
            }
            asterisk.close();
            throw e;
        }
    }

    /** The shipped file with a 3 s dial timeout (the no-answer test waits that long) and {@code extra} appended. */
    static BridgeConfig config(String extra) throws Exception {
        String shipped = Files.readString(AsteriskProcess.projectRoot().resolve(
                "conf-samples/ari-bridge/ari-bridge.conf"));
        if (!shipped.contains("\ndial-timeout = 30\n")) {
            throw new AssertionError("the shipped ari-bridge.conf no longer says dial-timeout = 30");
        }
        return ConfigFileReader.parse(shipped.replace("\ndial-timeout = 30\n", "\ndial-timeout = 3\n") + extra,
                "conf-samples/ari-bridge/ari-bridge.conf + test route");
    }

    AriBridge startBridge(String extraConfig) throws Exception {
        AriBridge b = new AriBridge(config(extraConfig));
        b.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!b.events().isOpen()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ari-bridge did not connect to ARI within 10 s");
            }
            Thread.sleep(20);
        }
        return b;
    }

    /** The stand-in, for tests that make the media side misbehave on purpose. */
    MediaStandIn standIn() {
        if (media instanceof MediaStandIn s) {
            return s;
        }
        throw new AssertionError("this test makes the stand-in misbehave; it does not run with a real media-sidecar");
    }

    ProbeCaller caller() {
        return new ProbeCaller(probes, probeLoop);
    }

    /** Waits until Asterisk holds no channel and no bridge and the media side no call; fails with what is left. */
    void assertNothingLeft(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String left;
        do {
            List<String> channels = probes.ari.channels().stream().map(c -> c.id() + " " + c.name()).toList();
            List<String> bridges = probes.ari.bridges().stream().map(b -> b.id()).toList();
            int calls = media.calls();
            int active = bridge.stasis().activeCalls();
            if (channels.isEmpty() && bridges.isEmpty() && calls == 0 && active == 0) {
                return;
            }
            left = "channels " + channels + ", bridges " + bridges + ", media calls " + calls
                    + ", ari-bridge calls " + active;
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
        media.close();
        asterisk.close();
    }
}
