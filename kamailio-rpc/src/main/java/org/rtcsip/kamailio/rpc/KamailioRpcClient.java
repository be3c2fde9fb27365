package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Typed client of Kamailio's JSON-RPC (module jsonrpcs, served over HTTP by xhttp: {@code POST /RPC}).
 * Thread-safe; one instance per Kamailio.
 *
 * <p>Every call is a JSON-RPC 2.0 request with positional parameters (jsonrpcs ignores names).
 * Reads ({@code core.*}, {@code stats.get_statistics}, {@code ws.dump}, {@code rtpengine.show},
 * {@code dispatcher.list}, {@code ul.*}, {@code dlg.list}, {@code tm.stats}, {@code htable.get/dump})
 * are retried with exponential backoff when Kamailio cannot be reached; anything that changes
 * Kamailio is sent once, because a write whose answer was lost may have been applied.
 *
 * <p>Failures: {@link KamailioRpcException} (Kamailio answered with a fault; subtypes
 * {@link MethodNotAvailableException}, {@link NotFoundException}), {@link KamailioUnreachableException}
 * (no answer), {@link KamailioReplyException} (an answer this client cannot read). All are
 * unchecked and carry a one-line message.
 */
public final class KamailioRpcClient implements AutoCloseable {

    /** Where the shipped kamailio.cfg serves JSON-RPC. */
    public static final String DEFAULT_URL = "http://127.0.0.1:5071/RPC";

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_REPLY_CHARS = 16 * 1024 * 1024;

    /** Which module provides each RPC prefix, for "load module X" messages. */
    private static final Map<String, String> MODULE_OF_PREFIX = Map.ofEntries(
            Map.entry("ws", "websocket"), Map.entry("rtpengine", "rtpengine"), Map.entry("dispatcher", "dispatcher"),
            Map.entry("ul", "usrloc"), Map.entry("dlg", "dialog"), Map.entry("tm", "tm"),
            Map.entry("htable", "htable"), Map.entry("stats", "kex"), Map.entry("sl", "sl"),
            Map.entry("cfg", "cfg_rpc"), Map.entry("pv", "pv"), Map.entry("corex", "corex"),
            Map.entry("nathelper", "nathelper"), Map.entry("xhttp", "xhttp"), Map.entry("jsonrpc", "jsonrpcs"));

    private final OkHttpClient http;
    /** False when built from the caller's OkHttpClient, whose threads and pool this client must not stop. */
    private final boolean ownsHttp;
    private final HttpUrl url;
    private final String authorization;
    private final int readAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration readTimeout;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();

    private KamailioRpcClient(Builder builder) {
        this.url = builder.url;
        this.authorization = builder.authorization;
        this.readAttempts = builder.readAttempts;
        this.firstBackoff = builder.firstBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.readTimeout = builder.readTimeout;
        this.ownsHttp = builder.base == null;
        OkHttpClient base = ownsHttp ? new OkHttpClient() : builder.base;
        this.http = base.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .readTimeout(builder.readTimeout)
                .writeTimeout(builder.readTimeout)
                // attempts are counted here, not hidden inside OkHttp
                .retryOnConnectionFailure(false)
                .build();
    }

    /** A builder for the JSON-RPC URL, e.g. {@code http://127.0.0.1:5071/RPC} or an https URL. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The JSON-RPC URL this client posts to. */
    public String url() {
        return url.toString();
    }

    // ---- core ----

    /** {@code core.version}: e.g. {@code kamailio 5.6.3 (x86_64/linux)}. */
    public String coreVersion() {
        return text("core.version", read("core.version")).trim();
    }

    public KamailioUptime coreUptime() {
        return parse("core.uptime", read("core.uptime"), KamailioUptime::from);
    }

    public KamailioInfo coreInfo() {
        return parse("core.info", read("core.info"), KamailioInfo::from);
    }

    // ---- statistics ----

    /** All statistics ({@code stats.get_statistics all}). */
    public KamailioStatistics statistics() {
        return statisticsOf(List.of("all"));
    }

    /**
     * The statistics of the given groups ({@code shmem}, {@code websocket}, with or without the
     * trailing colon). Kamailio answers an unknown group with an empty list, not a fault.
     */
    public KamailioStatistics statistics(String... groups) {
        if (groups.length == 0) {
            return statistics();
        }
        return statisticsOf(Arrays.stream(groups).map(group -> group.endsWith(":") ? group : group + ":").toList());
    }

    private KamailioStatistics statisticsOf(List<String> selectors) {
        String method = "stats.get_statistics";
        return parse(method, read(method, selectors.toArray()), KamailioStatistics::from);
    }

    // ---- websocket ----

    /** {@code ws.dump}: the WebSocket connections (at most 50 listed; see {@link WsDump#truncated()}). */
    public WsDump wsDump() {
        return parse("ws.dump", read("ws.dump"), WsDump::from);
    }

    /** {@code ws.close}: closes the connection (Close frame 1000); 500 {@code Unknown connection ID} if none. */
    public void wsClose(int connectionId) {
        write("ws.close", connectionId);
    }

    /** {@code ws.ping}: sends a WebSocket Ping frame on the connection. */
    public void wsPing(int connectionId) {
        write("ws.ping", connectionId);
    }

    // ---- rtpengine (the media sidecars) ----

    /** {@code rtpengine.show all}: every ng server of every set. */
    public List<RtpengineNode> rtpengineShow() {
        return rtpengineShow("all");
    }

    /** {@code rtpengine.show <url>}; {@link NotFoundException} if the URL is not configured. */
    public List<RtpengineNode> rtpengineShow(String url) {
        return parse("rtpengine.show", read("rtpengine.show", url), RtpengineNode::listFrom);
    }

    /**
     * {@code rtpengine.enable <url> 1|0}. Enabling pings first and answers {@link RtpengineReply.Status#FAIL}
     * (HTTP 200) when the node does not answer; disabling is permanent (no pings, no new calls) until
     * enabled again. {@code url} may be {@code all}.
     */
    public RtpengineReply rtpengineEnable(String url, boolean enable) {
        return parse("rtpengine.enable", write("rtpengine.enable", url, enable ? 1 : 0), RtpengineReply::from);
    }

    /** {@code rtpengine.ping <url>|all}; a failed ping disables the node temporarily, hence a write. */
    public RtpengineReply rtpenginePing(String url) {
        return parse("rtpengine.ping", write("rtpengine.ping", url), RtpengineReply::from);
    }

    /** {@code rtpengine.reload}: re-reads the rtpengine table; fault 500 {@code No Database URL} without db_url. */
    public String rtpengineReload() {
        return text("rtpengine.reload", write("rtpengine.reload"));
    }

    // ---- dispatcher ----

    public List<DispatcherSet> dispatcherList() {
        return parse("dispatcher.list", read("dispatcher.list"), DispatcherSet::listFrom);
    }

    /** {@code dispatcher.set_state}: {@code uri} may be {@code all} (every destination of the group). */
    public String dispatcherSetState(DispatcherState state, boolean probing, int group, String uri) {
        return text("dispatcher.set_state", write("dispatcher.set_state", state.letter(probing), group, uri));
    }

    /** {@code dispatcher.reload}: re-reads the list file; 500 {@code Ongoing reload} within a few seconds of the last. */
    public String dispatcherReload() {
        return text("dispatcher.reload", write("dispatcher.reload"));
    }

    // ---- usrloc ----

    /** {@code ul.dump}: every registered AoR of every usrloc table, with contacts. */
    public List<UlAor> ulDump() {
        return parse("ul.dump", read("ul.dump"), UlAor::dumpFrom);
    }

    /** {@code ul.lookup <table> <aor>}; empty when the AoR has no contact, a fault when the table does not exist. */
    public Optional<UlAor> ulLookup(String table, String aor) {
        JsonNode result;
        try {
            result = read("ul.lookup", table, aor);
        } catch (KamailioRpcException e) {
            // usrloc answers a missing AoR with 500 "AOR not found in location table"
            // (and a missing table with "Domain table not found", which stays a fault)
            if (e.kamailioMessage() != null && e.kamailioMessage().startsWith("AOR not found")) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(parse("ul.lookup", result, node -> UlAor.from(table, node)));
    }

    // ---- dialog, tm ----

    public List<DialogInfo> dlgList() {
        return parse("dlg.list", read("dlg.list"), DialogInfo::listFrom);
    }

    public TmStats tmStats() {
        return parse("tm.stats", read("tm.stats"), TmStats::from);
    }

    // ---- htable ----

    /** {@code htable.get <table> <key>}; empty when the key is absent (a missing table is a fault). */
    public Optional<HtableItem> htableGet(String table, String key) {
        JsonNode result;
        try {
            result = read("htable.get", table, key);
        } catch (KamailioRpcException e) {
            // htable answers a missing key with 500 "Key name doesn't exist in htable."
            if (e.kamailioMessage() != null && e.kamailioMessage().contains("doesn't exist")) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(parse("htable.get", result, HtableItem::fromGet));
    }

    /** {@code htable.sets}: sets a string value. */
    public void htableSets(String table, String key, String value) {
        write("htable.sets", table, key, value);
    }

    /** {@code htable.dump <table>}: every item of the table. */
    public List<HtableItem> htableDump(String table) {
        return parse("htable.dump", read("htable.dump", table), HtableItem::dumpFrom);
    }

    // ---- untyped ----

    /**
     * Calls a method that only reads: retried with backoff when Kamailio cannot be reached.
     * Returns the JSON-RPC {@code result}.
     */
    public JsonNode read(String method, Object... params) {
        return invoke(method, true, params);
    }

    /** Calls a method that changes Kamailio: sent once. Returns the JSON-RPC {@code result}. */
    public JsonNode write(String method, Object... params) {
        return invoke(method, false, params);
    }

    /** Releases OkHttp's threads and connections (unless they belong to the OkHttpClient passed in). */
    @Override
    public void close() {
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    // ---- transport ----

    private JsonNode invoke(String method, boolean idempotent, Object[] params) {
        Objects.requireNonNull(method, "method");
        long id = ids.incrementAndGet();
        byte[] body = requestBody(method, params, id);
        int attempts = idempotent ? readAttempts : 1;
        Duration backoff = firstBackoff;
        IOException failure = null;
        int attempt = 0;
        while (attempt < attempts) {
            attempt++;
            try {
                return exchange(method, body, id);
            } catch (InterruptedIOException interrupted) {
                if (Thread.currentThread().isInterrupted() || !(interrupted instanceof SocketTimeoutException)) {
                    // cancelled, not a timeout: stop now
                    failure = interrupted;
                    break;
                }
                failure = interrupted;
            } catch (IOException e) {
                failure = e;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
            }
        }
        throw new KamailioUnreachableException(method, url.toString(), reason(failure, idempotent), attempt, failure);
    }

    private byte[] requestBody(String method, Object[] params, long id) {
        ObjectNode request = mapper.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.addPOJO(param);
        }
        request.put("id", id);
        try {
            return mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the parameters of " + method + ": " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode exchange(String method, byte[] body, long id) throws IOException {
        Request.Builder request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, JSON))
                // the shipped cfg closes after each reply (set_reply_close): do not pool
                .header("Connection", "close");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (text.length() > MAX_REPLY_CHARS) {
                throw new KamailioReplyException(method, "reply of " + text.length() + " characters", null);
            }
            return answer(method, id, response.code(), response.message(), text);
        }
    }

    private JsonNode answer(String method, long id, int status, String reason, String text) {
        JsonNode reply = null;
        if (!text.isBlank()) {
            try {
                reply = mapper.readTree(text);
            } catch (JsonProcessingException notJson) {
                reply = null;
            }
        }
        if (reply != null && reply.isObject() && reply.get("error") != null && reply.get("error").isObject()) {
            throw fault(method, status, reply.get("error"));
        }
        if (status != 200) {
            throw httpFault(method, status, reason);
        }
        if (reply == null || !reply.isObject()) {
            throw new KamailioReplyException(method, "not a JSON-RPC object from " + url + ": \""
                    + oneLine(text, 120) + "\"", null);
        }
        JsonNode echoed = reply.get("id");
        if (echoed == null || !echoed.canConvertToLong() || echoed.asLong() != id) {
            throw new KamailioReplyException(method, "reply id " + echoed + " does not match request id " + id, null);
        }
        JsonNode result = reply.get("result");
        if (result == null) {
            throw new KamailioReplyException(method, "neither result nor error in " + JsonFields.brief(reply), null);
        }
        return result;
    }

    private static KamailioRpcException fault(String method, int status, JsonNode error) {
        JsonNode codeNode = error.get("code");
        int code = codeNode != null && codeNode.canConvertToInt() ? codeNode.asInt() : status;
        JsonNode messageNode = error.get("message");
        String message = messageNode == null || messageNode.isNull() ? "" : messageNode.asText();
        if (code == 500 && "Method Not Found".equalsIgnoreCase(message.trim())) {
            int dot = method.indexOf('.');
            String module = dot < 0 ? null : MODULE_OF_PREFIX.get(method.substring(0, dot));
            return new MethodNotAvailableException(method, code, message, module);
        }
        if (code == 404) {
            return new NotFoundException(method, code, message);
        }
        return new KamailioRpcException(method, code, message);
    }

    /** A non-200 reply without a JSON-RPC error: the cfg's HTTP route answered, not jsonrpcs. */
    private KamailioRpcException httpFault(String method, int status, String reason) {
        String text = reason == null || reason.isBlank() ? "HTTP " + status : reason;
        String hint;
        if (status == 403) {
            hint = "kamailio.cfg's xhttp route refused this client (the shipped one answers only 127.0.0.1)";
        } else if (status == 404) {
            hint = "no JSON-RPC at " + url + " (the shipped kamailio.cfg serves POST /RPC)";
        } else {
            hint = "not a JSON-RPC reply";
        }
        return new KamailioRpcException(method, status, text,
                method + ": HTTP " + status + " " + text + " from " + url + ": " + hint);
    }

    private String reason(IOException failure, boolean idempotent) {
        if (failure == null) {
            return "interrupted before the first attempt";
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + url.host();
            }
            if (cause instanceof SSLException) {
                return "TLS failed: " + oneLine(cause.getMessage(), 160);
            }
            if (cause instanceof SocketTimeoutException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("connect")) {
                    return "connect timed out";
                }
                return "no answer within " + seconds(readTimeout)
                        + (idempotent ? "" : " (the request may still have been applied)");
            }
        }
        if (failure instanceof InterruptedIOException) {
            return "interrupted";
        }
        return failure.getClass().getSimpleName() + ": " + oneLine(failure.getMessage(), 160)
                + (idempotent ? "" : " (the request may have been applied)");
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String oneLine(String text, int max) {
        String line = String.valueOf(text).replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private static String text(String method, JsonNode result) {
        if (!result.isTextual()) {
            throw new KamailioReplyException(method, "expected text, got " + JsonFields.brief(result), null);
        }
        return result.asText();
    }

    private static <T> T parse(String method, JsonNode result, Function<JsonNode, T> parser) {
        try {
            return parser.apply(result);
        } catch (IllegalArgumentException e) {
            throw new KamailioReplyException(method, e.getMessage(), e);
        }
    }

    /** Builds a {@link KamailioRpcClient}; defaults suit a Kamailio on the same host. */
    public static final class Builder {

        private final HttpUrl url;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private int readAttempts = 3;
        private Duration firstBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private String authorization;
        private OkHttpClient base;

        private Builder(String url) {
            HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
            if (parsed == null) {
                throw new IllegalArgumentException("not an http:// or https:// URL: " + url
                        + " (Kamailio's JSON-RPC is usually " + DEFAULT_URL + ")");
            }
            this.url = parsed;
        }

        /** How long to wait for the TCP (and TLS) connection; default 2 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long to wait for the answer; default 5 s. jsonrpcs runs inside Kamailio's SIP
         * workers, so a slow answer means SIP is waiting too.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /**
         * Attempts for read methods when Kamailio cannot be reached (default 3), waiting
         * {@code firstBackoff} (default 200 ms) after the first failure, doubling up to
         * {@code maxBackoff} (default 2 s). Writes are always sent once.
         */
        public Builder readRetries(int attempts, Duration firstBackoff, Duration maxBackoff) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("read attempts must be 1..100, got " + attempts);
            }
            this.readAttempts = attempts;
            this.firstBackoff = nonNegative(firstBackoff, "first backoff");
            this.maxBackoff = nonNegative(maxBackoff, "max backoff");
            return this;
        }

        /** HTTP basic authentication, for a Kamailio behind an authenticating proxy; use with https. */
        public Builder basicAuth(String user, String password) {
            this.authorization = Credentials.basic(Objects.requireNonNull(user, "user"),
                    Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * The OkHttp client to derive from, e.g. one with a custom trust store for https; its
         * timeouts and retry setting are replaced by this builder's.
         */
        public Builder httpClient(OkHttpClient base) {
            this.base = Objects.requireNonNull(base, "base");
            return this;
        }

        public KamailioRpcClient build() {
            return new KamailioRpcClient(this);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + duration);
            }
            return duration;
        }

        private static Duration nonNegative(Duration duration, String what) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + duration);
            }
            return duration;
        }
    }
}
