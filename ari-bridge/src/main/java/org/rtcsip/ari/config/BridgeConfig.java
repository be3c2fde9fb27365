package org.rtcsip.ari.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Everything ari-bridge runs with: the embedded defaults ({@link #defaults()}) overridden by a config file
 * ({@link ConfigFileReader}). See conf-samples/ari-bridge/ari-bridge.conf for what each key means.
 */
public record BridgeConfig(
        URI ariUrl,
        String ariUser,
        String ariPassword,
        String app,
        InetSocketAddress listenAgi,
        InetSocketAddress sidecarNg,
        URI mediaUrl,
        InetSocketAddress listenHttp,
        Duration dialTimeout,
        Duration setupTimeout,
        Duration reconnectMax,
        Level logLevel,
        List<Route> routes) {

    public static final String DEFAULT_ARI_URL = "http://127.0.0.1:8088";

    public static BridgeConfig defaults() {
        URI ari = URI.create(DEFAULT_ARI_URL);
        return new BridgeConfig(ari, "ari-bridge", "ari-bridge-secret", "ari-bridge",
                new InetSocketAddress("127.0.0.1", 4573), new InetSocketAddress("127.0.0.1", 2223),
                mediaUrlFor(ari), new InetSocketAddress("127.0.0.1", 2227), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Level.INFO,
                List.of(new Route("trunk", "PJSIP/*@trunk", List.of("ulaw", "alaw")),
                        new Route("browsers", "PJSIP/webrtc*", List.of("opus"))));
    }

    /** chan_websocket serves {@code /media/<id>} on the same HTTP server as ARI. */
    public static URI mediaUrlFor(URI ariUrl) {
        String scheme = "https".equals(ariUrl.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + ariUrl.getRawAuthority() + "/media");
    }

    /** The first route whose {@code dial} matches, or null. */
    public Route routeFor(String dialString) {
        for (Route r : routes) {
            if (r.matches(dialString)) {
                return r;
            }
        }
        return null;
    }
}
