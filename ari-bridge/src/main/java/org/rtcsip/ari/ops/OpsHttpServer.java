package org.rtcsip.ari.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Operators' HTTP (loopback by default): {@code /health} (200 {@code ok} while the ARI events WebSocket is open
 * and FastAGI listens, else 503 with what is wrong), {@code /metrics} (Prometheus text), {@code /calls} (JSON).
 */
public final class OpsHttpServer {
    /** What /health reports: null problems = healthy. */
    public interface HealthView {
        List<String> problems();

        Map<String, Object> details();
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    public OpsHttpServer(InetSocketAddress listen, BridgeMetrics metrics, HealthView health,
                         CallsView calls) throws IOException {
        server = HttpServer.create(listen, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> {
            List<String> problems = health.problems();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", problems.isEmpty() ? "ok" : "failing");
            if (!problems.isEmpty()) {
                doc.put("problems", problems);
            }
            doc.putAll(health.details());
            respond(ex, problems.isEmpty() ? 200 : 503, "application/json", json.writeValueAsBytes(doc));
        });
        server.createContext("/metrics", ex -> respond(ex, 200, metrics.contentType(), metrics.scrape()));
        server.createContext("/calls", ex -> {
            try {
                respond(ex, 200, "application/json", json.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(calls.get()));
            } catch (Exception e) {
                respond(ex, 500, "text/plain", ("cannot list calls: " + e).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** The /calls document. */
    public interface CallsView {
        Object get() throws Exception;
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
