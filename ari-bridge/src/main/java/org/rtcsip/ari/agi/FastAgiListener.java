package org.rtcsip.ari.agi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;

/** Asterisk-Java's FastAGI server on {@code listen-agi}, serving {@code agi://HOST:PORT/webrtc-route}. */
public final class FastAgiListener {
    private static final Logger LOG = Logger.getLogger(FastAgiListener.class.getName());
    public static final String SCRIPT = "webrtc-route";

    private final DefaultAgiServer server;
    private final InetSocketAddress listen;
    private final Thread thread;
    private volatile String failure;

    public FastAgiListener(InetSocketAddress listen, AgiScript script) {
        SimpleMappingStrategy mapping = new SimpleMappingStrategy();
        mapping.setMappings(Map.of(SCRIPT, script));
        this.server = new DefaultAgiServer(mapping);
        this.server.setAddress(listen.getAddress());
        this.server.setPort(listen.getPort());
        this.listen = listen;
        this.thread = new Thread(this::serve, "fastagi");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void serve() {
        try {
            server.startup(); // binds, then accepts until shutdown()
        } catch (IOException | RuntimeException e) {
            failure = "FastAGI cannot listen on " + listen + ": " + e.getMessage();
            LOG.log(Level.SEVERE, failure, e);
        }
    }

    /** Null while serving, else why not. */
    public String failure() {
        if (failure != null) {
            return failure;
        }
        return thread.isAlive() ? null : "FastAGI server stopped";
    }

    public InetSocketAddress address() {
        return listen;
    }

    public void stop() {
        try {
            server.shutdown();
        } catch (IllegalStateException e) {
            // never started
        }
    }
}
