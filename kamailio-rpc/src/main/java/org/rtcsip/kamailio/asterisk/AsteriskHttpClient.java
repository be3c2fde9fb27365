package org.rtcsip.kamailio.asterisk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Read-only HTTP to the Asterisk half: ARI ({@code GET /ari/channels}, {@code /ari/bridges}, Basic auth as an
 * ari.conf user) and ari-bridge's ops HTTP ({@code GET /calls}, its listen-http). One attempt per read.
 */
public final class AsteriskHttpClient implements AutoCloseable {
    /** http.conf's bindaddr:bindport in conf-samples/asterisk, ari-bridge's ari-url default. */
    public static final String DEFAULT_ARI_URL = "http://127.0.0.1:8088";
    /** ari-bridge's listen-http default. */
    public static final String DEFAULT_ARI_BRIDGE_URL = "http://127.0.0.1:2227";

    private final HttpUrl ari;
    private final HttpUrl bridge;
    private final String authorization;
    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param ariUrl Asterisk's HTTP server, e.g. {@code http://127.0.0.1:8088} (a path is ignored)
     * @param bridgeUrl ari-bridge's ops HTTP, e.g. {@code http://127.0.0.1:2227}
     * @throws IllegalArgumentException if either is not an http(s) URL
     */
    public AsteriskHttpClient(String ariUrl, String user, String password, String bridgeUrl, Duration timeout) {
        this.ari = base(ariUrl, "Asterisk's HTTP server, usually " + DEFAULT_ARI_URL);
        this.bridge = base(bridgeUrl, "ari-bridge's listen-http, usually " + DEFAULT_ARI_BRIDGE_URL);
        this.authorization = Credentials.basic(user, password);
        this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                .retryOnConnectionFailure(false).build();
    }

    private static HttpUrl base(String url, String what) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http:// URL: " + url + " (" + what + ")");
        }
        return parsed.newBuilder().encodedPath("/").build();
    }

    /** ARI {@code GET /channels}: every channel Asterisk holds. */
    public JsonNode channels() {
        return get(ari, "ari/channels", true, "Asterisk (ARI)");
    }

    /** ARI {@code GET /bridges}: every bridge Asterisk holds. */
    public JsonNode bridges() {
        return get(ari, "ari/bridges", true, "Asterisk (ARI)");
    }

    /** ari-bridge's {@code GET /calls}: the calls it routes through media-sidecar. */
    public JsonNode calls() {
        return get(bridge, "calls", false, "ari-bridge");
    }

    private JsonNode get(HttpUrl base, String path, boolean authenticated, String who) {
        HttpUrl url = base.resolve(path);
        Request.Builder request = new Request.Builder().url(url).header("Connection", "close");
        if (authenticated) {
            request.header("Authorization", authorization);
        }
        String body;
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody content = response.body();
            body = content == null ? "" : content.string();
            if (response.code() == 401) {
                throw new AsteriskException("GET " + url + ": HTTP 401, " + who + " refused the ARI user and"
                        + " password (ari.conf; --ari-user, SIDECARCTL_ARI_PASSWORD)", true, null);
            }
            if (response.code() != 200) {
                throw new AsteriskException("GET " + url + ": HTTP " + response.code() + " " + oneLine(body), true,
                        null);
            }
        } catch (IOException e) {
            throw new AsteriskException(who + " unreachable at " + base + ": " + reason(e, who) + " (GET /" + path
                    + ")", false, e);
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AsteriskException("GET " + url + " is not JSON: \"" + oneLine(body) + "\"", true, e);
        }
    }

    private static String reason(IOException failure, String who) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused (is " + who + " running, and is this its address?)";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer in time";
            }
        }
        return failure.getClass().getSimpleName() + ": " + oneLine(failure.getMessage());
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replaceAll("\\s+", " ").trim();
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
