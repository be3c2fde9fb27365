package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Operators' HTTP (loopback by default): {@code /health} (200 while serving, 503 when not ready or draining),
 * {@code /metrics} (Prometheus text) and {@code /sessions} (JSON, one entry per call with its legs and streams).
 */
public final class OpsHttpServer {
    private static final Logger LOG = Logger.getLogger(OpsHttpServer.class.getName());

    /** Produces the /sessions document; runs the snapshot on the media loops. */
    public interface SessionsView {
        Object snapshot() throws Exception;
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    public OpsHttpServer(InetSocketAddress listen, SidecarMetrics metrics, SessionsView sessions,
                         BooleanSupplier ready) throws IOException {
        server = HttpServer.create(listen, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> {
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "application/json", (ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}")
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/metrics", ex -> respond(ex, 200, metrics.contentType(), metrics.scrape()));
        server.createContext("/sessions", ex -> {
            try {
                respond(ex, 200, "application/json", json.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(sessions.snapshot()));
            } catch (Exception e) {
                LOG.log(Level.WARNING, "/sessions", e);
                respond(ex, 500, "text/plain", ("cannot list sessions: " + e).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            body = "only GET\n".getBytes(StandardCharsets.UTF_8);
            status = 405;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
