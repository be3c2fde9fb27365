package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.function.Predicate;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.rtcsip.sidecar.logging.LogThrottle;

/**
 * Operators' HTTP (loopback by default): {@code /health} (200 while serving, 503 when not ready or draining),
 * {@code /metrics} (Prometheus text), {@code /sessions} (JSON, one entry per call with its legs and streams) and
 * {@code POST /drain} (what SIGTERM does) and {@code GET/POST /log-level}. POSTs are taken from loopback, or from anywhere with the bearer token
 * ({@code ops-token}) when one is set: 401 without it, 403 from outside loopback when none is set.
 */
public final class OpsHttpServer {
    private static final Logger LOG = Logger.getLogger(OpsHttpServer.class.getName());
    private static final int MAX_DRAIN_BODY = 4096;
    private static final long REFUSED_LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final String BEARER = "Bearer ";

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
    private final Optional<Predicate<String>> token;
    private final LogThrottle refusedLog = new LogThrottle(REFUSED_LOG_INTERVAL_NANOS);

    /**
     * @param logLevels the level behind {@code GET/POST /log-level}
     * @param token     checks a bearer token ({@code ops-token}); empty: POSTs from loopback only
     */
    public OpsHttpServer(InetSocketAddress listen, SidecarMetrics metrics, SessionsView sessions, HealthView health,
                         DrainRequest drain, LogLevelSwitch logLevels, Optional<Predicate<String>> token)
            throws IOException {
        this.token = token;
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
        postAction("/drain", "starts a drain (sidecarctl drain)", trigger -> {
            Map<String, Object> answer = drain.drain(trigger);
            return new PostAction.Answer(Boolean.TRUE.equals(answer.get("started")) ? 202 : 200, answer);
        });
        server.createContext("/log-level", ex -> logLevel(ex, logLevels));
    }

    /**
     * {@code GET /log-level}: {@code {"level":"info"}}. {@code POST /log-level} with {@code {"level":"debug"}}
     * (syslog 0-7 or emerg ... debug, as --log-level): the new level at once, answered with the one before. POSTs
     * follow the rules of POST /drain.
     */
    private void logLevel(HttpExchange ex, LogLevelSwitch logLevels) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_DRAIN_BODY);
        }
        if ("GET".equals(ex.getRequestMethod())) {
            respond(ex, 200, "application/json", json.writeValueAsBytes(Map.of("level", logLevels.current())));
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "GET, POST");
            text(ex, 405, "GET /log-level shows the level, POST /log-level {\"level\":\"debug\"} changes it\n");
            return;
        }
        if (!acceptedPost(ex, "POST /log-level")) {
            return;
        }
        String level;
        try {
            level = json.readTree(body).path("level").asText(null);
        } catch (IOException e) {
            level = null;
        }
        if (level == null) {
            text(ex, 400, "POST /log-level takes {\"level\":\"debug\"} (syslog 0-7 or emerg, alert, crit, error, warn,"
                    + " notice, info, debug)\n");
            return;
        }
        try {
            String before = logLevels.set(level, "POST /log-level from " + ex.getRemoteAddress().getAddress()
                    .getHostAddress());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("level", logLevels.current());
            answer.put("was", before);
            send(ex, 200, "application/json", json.writeValueAsBytes(answer));
        } catch (IllegalArgumentException e) {
            text(ex, 400, "log level " + e.getMessage() + "\n");
        }
    }

    /** An ops action (POST /drain, POST /reload): what it answers, a status and a JSON document. */
    public interface PostAction {
        Answer act(String trigger) throws IOException;

        record Answer(int status, Object document) {
        }
    }

    /** Serves POST {@code path} with {@code action}, under the rules of POST /drain; {@code usage} for a 405. */
    public void postAction(String path, String usage, PostAction action) {
        server.createContext(path, ex -> {
            try (InputStream body = ex.getRequestBody()) {
                body.readNBytes(MAX_DRAIN_BODY); // the body carries nothing; read it so the connection stays sane
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                text(ex, 405, "POST " + path + " " + usage + "\n");
                return;
            }
            if (!acceptedPost(ex, "POST " + path)) {
                return;
            }
            PostAction.Answer answer = action.act("POST " + path + " from "
                    + ex.getRemoteAddress().getAddress().getHostAddress());
            send(ex, answer.status(), "application/json", json.writeValueAsBytes(answer.document()));
        });
    }

    /**
     * A POST this server acts on: {@link #authorized}, and with a JSON content type (a web page cannot send that
     * cross-site without a CORS preflight this server never grants). Answers 401, 403 or 415 itself.
     */
    private boolean acceptedPost(HttpExchange ex, String what) throws IOException {
        if (!authorized(ex, what)) {
            return false;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            text(ex, 415, what + " needs Content-Type: application/json (sidecarctl sends it)\n");
            return false;
        }
        return true;
    }

    /**
     * From loopback: yes. From elsewhere: only with {@code Authorization: Bearer <ops-token>}, and never when no
     * token is set (listen-http may be bound wider than loopback for /metrics). Answers 401 or 403 itself.
     */
    private boolean authorized(HttpExchange ex, String what) throws IOException {
        InetSocketAddress peer = ex.getRemoteAddress();
        if (peer != null && peer.getAddress().isLoopbackAddress()) {
            return true;
        }
        if (token.isEmpty()) {
            refused(what, peer, "taken from loopback only (no ops-token set)");
            text(ex, 403, what + " is taken from loopback only: run sidecarctl on the sidecar's host, or set"
                    + " ops-token\n");
            return false;
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith(BEARER)
                && token.get().test(authorization.substring(BEARER.length()).strip())) {
            return true;
        }
        refused(what, peer, authorization == null ? "no bearer token" : "wrong bearer token");
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"media-sidecar\"");
        text(ex, 401, what + " from outside loopback needs Authorization: Bearer <ops-token>\n");
        return false;
    }

    private void refused(String what, InetSocketAddress peer, String why) {
        long heldBack = refusedLog.admit(System.nanoTime());
        if (heldBack >= 0) {
            LOG.warning("refused " + what + " from " + peer + ": " + why + LogThrottle.suffix(heldBack));
        }
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops listening; an answer being written (the POST /drain that ended the last call and so this process)
     * gets up to a second to finish.
     */
    public void stop() {
        server.stop(1);
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A GET's answer; 405 for any other method. */
    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            body = "only GET\n".getBytes(StandardCharsets.UTF_8);
            status = 405;
        }
        send(ex, status, type, body);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
