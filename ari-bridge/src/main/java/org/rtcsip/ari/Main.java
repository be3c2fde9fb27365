package org.rtcsip.ari;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.rtcsip.ari.config.BridgeConfig;
import org.rtcsip.ari.config.ConfigException;
import org.rtcsip.ari.config.ConfigFileReader;

/**
 * {@code java -jar ari-bridge.jar [--config-file=PATH]}: runs with the embedded defaults (ARI
 * http://127.0.0.1:8088 as ari-bridge, FastAGI 127.0.0.1:4573, media-sidecar ng 127.0.0.1:2223, ops HTTP
 * 127.0.0.1:2227) or the file's settings. Exit status 2 for a bad command line or config, 1 if it cannot start.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        BridgeConfig config;
        try {
            config = configFrom(args);
        } catch (ConfigException e) {
            System.err.println("ari-bridge: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config == null) {
            return;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(config.logLevel());
        for (Handler h : root.getHandlers()) {
            h.setLevel(config.logLevel());
        }
        AriBridge bridge;
        try {
            bridge = new AriBridge(config);
        } catch (java.io.IOException e) {
            System.err.println("ari-bridge: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "shutdown"));
        bridge.start();
        Logger.getLogger(Main.class.getName()).info("ari-bridge: app " + config.app() + " on " + config.ariUrl()
                + ", FastAGI " + config.listenAgi() + ", media-sidecar ng " + config.sidecarNg() + ", ops http://"
                + bridge.ops().address().getHostString() + ":" + bridge.ops().address().getPort());
        stopped.await();
    }

    /** Null after --help. */
    static BridgeConfig configFrom(String[] args) throws ConfigException {
        BridgeConfig config = BridgeConfig.defaults();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("usage: java -jar ari-bridge.jar [--config-file=PATH]\n"
                        + "  without a file: ARI " + BridgeConfig.DEFAULT_ARI_URL + " as user ari-bridge, app"
                        + " ari-bridge, FastAGI 127.0.0.1:4573, media-sidecar ng 127.0.0.1:2223, ops HTTP"
                        + " 127.0.0.1:2227\n  the file's keys: conf-samples/ari-bridge/ari-bridge.conf");
                return null;
            } else if (arg.startsWith("--config-file=")) {
                config = ConfigFileReader.read(Path.of(arg.substring("--config-file=".length())));
            } else {
                throw new ConfigException("unknown argument " + arg + " (usage: [--config-file=PATH] | --help)");
            }
        }
        return config;
    }
}
