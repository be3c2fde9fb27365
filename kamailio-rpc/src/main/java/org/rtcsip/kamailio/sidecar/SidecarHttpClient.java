package org.rtcsip.kamailio.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A media sidecar's operator HTTP ({@code --listen-http}, loopback by default): {@code /sessions},
 * {@code /health}, {@code POST /drain}. Reads are retried with backoff when the sidecar cannot be
 * reached (3 attempts, 200 ms then 400 ms); {@code POST /drain} is sent once.
 */
public final class SidecarHttpClient implements AutoCloseable {

    /** The sidecar's default listen-http. */
    public static final String DEFAULT_URL = "http://127.0.0.1:2225";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int READ_ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;

    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The health of the sidecar: HTTP 200 ({@code ok}) or 503 ({@code draining}, {@code unavailable}). */
    public record Health(int httpStatus, String status, JsonNode document) {
        public boolean serving() {
            return httpStatus == 200;
        }
    }

    /**
     * @param baseUrl the sidecar's HTTP, e.g. {@code http://127.0.0.1:2225} (a path is ignored)
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public SidecarHttpClient(String baseUrl, Duration timeout) {
        HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http:// URL: " + baseUrl + " (the sidecar's listen-http, usually "
                    + DEFAULT_URL + ")");
        }
        this.base = parsed.newBuilder().encodedPath("/").build();
        this.http = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .retryOnConnectionFailure(false)
                .build();
    }

    public String url() {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code GET /sessions}: the sidecar's document, one entry per call. */
    public JsonNode sessionsDocument() {
        String body = get("/sessions", 200);
        return parse("/sessions", body);
    }

    /** {@code GET /sessions}, typed. */
    public List<SidecarSession> sessions() {
        JsonNode document = sessionsDocument();
        try {
            return SidecarSession.listFrom(document);
        } catch (IllegalArgumentException e) {
            throw new SidecarRefusedException("GET /sessions from " + url() + ": " + e.getMessage(), e);
        }
    }

    /** {@code GET /health}. */
    public Health health() {
        Answer answer = exchange("/health", null, READ_ATTEMPTS);
        if (answer.status != 200 && answer.status != 503) {
            throw new SidecarRefusedException("GET /health from " + url() + ": HTTP " + answer.status);
        }
        JsonNode document = parse("/health", answer.body);
        JsonNode status = document.get("status");
        return new Health(answer.status, status == null ? "?" : status.asText(), document);
    }

    /**
     * {@code POST /drain}: the sidecar stops taking new calls (disables itself in Kamailio), serves the
     * calls in progress until they end or its drain timeout, then exits. Sent once. Returns its answer
     * ({@code status}, {@code started}, {@code sessions}, ...).
     */
    public JsonNode drain() {
        Answer answer = exchange("/drain", "{}", 1);
        if (answer.status == 403) {
            throw new SidecarRefusedException("POST /drain to " + url() + ": HTTP 403, the sidecar takes drain requests "
                    + "from loopback only: run sidecarctl on the sidecar's host");
        }
        if (answer.status == 404) {
            throw new SidecarRefusedException("POST /drain to " + url() + ": HTTP 404, this sidecar has no /drain "
                    + "(an older version: send it SIGTERM instead)");
        }
        if (answer.status != 200 && answer.status != 202) {
            throw new SidecarRefusedException("POST /drain to " + url() + ": HTTP " + answer.status + " "
                    + oneLine(answer.body));
        }
        return parse("/drain", answer.body);
    }

    private String get(String path, int expected) {
        Answer answer = exchange(path, null, READ_ATTEMPTS);
        if (answer.status != expected) {
            throw new SidecarRefusedException("GET " + path + " from " + url() + ": HTTP " + answer.status + " "
                    + oneLine(answer.body));
        }
        return answer.body;
    }

    private record Answer(int status, String body) {
    }

    private Answer exchange(String path, String postBody, int attempts) {
        Request.Builder request = new Request.Builder().url(base.resolve(path)).header("Connection", "close");
        if (postBody != null) {
            request.post(RequestBody.create(postBody, JSON));
        }
        String method = postBody == null ? "GET " : "POST ";
        IOException failure = null;
        long backoff = FIRST_BACKOFF_MILLIS;
        int attempt = 0;
        while (attempt < attempts) {
            attempt++;
            try (Response response = http.newCall(request.build()).execute()) {
                ResponseBody body = response.body();
                return new Answer(response.code(), body == null ? "" : body.string());
            } catch (InterruptedIOException e) {
                failure = e;
                if (!(e instanceof SocketTimeoutException)) {
                    break;
                }
            } catch (IOException e) {
                failure = e;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff *= 2;
            }
        }
        throw new SidecarUnreachableException(url(), reason(failure) + " (" + method + path + ")", attempt, failure);
    }

    private static String reason(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused (is the sidecar running, and is this its listen-http?)";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer in time";
            }
        }
        return failure == null ? "interrupted" : failure.getClass().getSimpleName() + ": " + oneLine(failure.getMessage());
    }

    private JsonNode parse(String path, String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SidecarRefusedException(path + " from " + url() + " is not JSON: \"" + oneLine(body) + "\"", e);
        }
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
