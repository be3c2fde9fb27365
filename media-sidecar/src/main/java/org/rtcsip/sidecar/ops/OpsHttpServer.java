package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Operators' HTTP (loopback by default): {@code /health} (200 while serving, 503 when not ready or draining),
 * {@code /metrics} (Prometheus text), {@code /sessions} (JSON, one entry per call with its legs and streams) and
 * {@code POST /drain} (what SIGTERM does; from loopback only).
 */
public final class OpsHttpServer {
    private static final Logger LOG = Logger.getLogger(OpsHttpServer.class.getName());

    /** Produces the /sessions document; runs the snapshot on the media loops. */
    public interface SessionsView {
        Object snapshot() throws Exception;
    }

    /**
     * The /health answer: 200 with {@code {"status":"ok"}} while serving, 503 with {@code unavailable} or
     * {@code draining} (and how many calls are left) otherwise.
     */
    public record Health(int httpStatus, Map<String, Object> document) {
    }

    public interface HealthView {
        Health health();
    }

    /** Starts a drain (idempotent); returns the answer document, whose {@code started} says if this call began it. */
    public interface DrainRequest {
        Map<String, Object> drain(String trigger);
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    public OpsHttpServer(InetSocketAddress listen, SidecarMetrics metrics, SessionsView sessions, HealthView health,
                         DrainRequest drain) throws IOException {
        server = HttpServer.create(listen, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> {
            Health h = health.health();
            respond(ex, h.httpStatus(), "application/json", json.writeValueAsBytes(h.document()));
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
        server.createContext("/drain", ex -> drain(ex, drain));
    }

    /** POST /drain: what SIGTERM does, behind {@link LoopbackPost}'s gate. */
    private void drain(HttpExchange ex, DrainRequest drain) throws IOException {
        if (!LoopbackPost.admit(ex, "/drain", "drain (sidecarctl drain)")) {
            return;
        }
        Map<String, Object> answer = drain.drain("POST /drain from " + LoopbackPost.peer(ex));
        boolean started = Boolean.TRUE.equals(answer.get("started"));
        LoopbackPost.send(ex, started ? 202 : 200, "application/json", json.writeValueAsBytes(answer));
    }

    /** Serves {@code path} with {@code handler} as well (an ops action of its own, such as POST /reload). */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
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
