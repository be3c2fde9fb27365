package org.rtcsip.ari.ari;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The ARI REST calls ari-bridge makes (channels.json, bridges.json, asterisk.json of ARI 10.0.0), blocking, over
 * HTTP Basic auth. Parameters go in the query string as the description lists them ({@code paramType: query}).
 * Every failure is an {@link AriException}; each one (but a DELETE of something already gone) is also reported to
 * {@code onError}, so metrics count 4xx, 5xx and unreachable without every caller doing it.
 */
public final class AriClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final RequestBody EMPTY = RequestBody.create(new byte[0], JSON);

    private final OkHttpClient http;
    private final HttpUrl base;
    private final String authorization;
    private final Consumer<AriException> onError;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * @param baseUrl Asterisk's HTTP server, e.g. {@code http://127.0.0.1:8088} (the {@code /ari} prefix is added)
     */
    public AriClient(OkHttpClient http, HttpUrl baseUrl, String user, String password,
                     Consumer<AriException> onError) {
        this.http = http;
        this.base = baseUrl.newBuilder().addPathSegment("ari").build();
        this.authorization = Credentials.basic(user, password);
        this.onError = onError;
    }

    public HttpUrl baseUrl() {
        return base;
    }

    String authorization() {
        return authorization;
    }

    // ---- asterisk.json

    /** {@code GET /asterisk/info}: the whole document (build, system.version, status ...). */
    public JsonNode info() throws AriException {
        return send("GET", url("asterisk", "info"), JsonNode.class);
    }

    // ---- applications.json

    /** {@code GET /applications/{name}}: the channels and bridges the app is subscribed to. */
    public Application application(String name) throws AriException {
        return send("GET", url("applications", name), Application.class);
    }

    // ---- channels.json

    public List<Channel> channels() throws AriException {
        return send("GET", url("channels"), new TypeReference<List<Channel>>() { });
    }

    /**
     * {@code POST /channels/create}: a channel in Stasis app {@code app} that is not dialed yet (dial it with
     * {@link #dial}); its StasisStart carries {@code appArgs}.
     */
    public Channel createChannel(String endpoint, String app, String appArgs, String channelId, String formats,
                                 String originator) throws AriException {
        HttpUrl.Builder u = url("channels", "create").newBuilder()
                .addQueryParameter("endpoint", endpoint)
                .addQueryParameter("app", app)
                .addQueryParameter("appArgs", appArgs)
                .addQueryParameter("channelId", channelId);
        optional(u, "formats", formats);
        optional(u, "originator", originator);
        return send("POST", u.build(), Channel.class);
    }

    /** {@code GET /channels/{id}/variable?variable=NAME}: the value; 404 when the variable is not set. */
    public String variable(String channelId, String name) throws AriException {
        HttpUrl u = url("channels", channelId, "variable").newBuilder().addQueryParameter("variable", name).build();
        JsonNode v = send("GET", u, JsonNode.class);
        return v == null || !v.hasNonNull("value") ? null : v.get("value").asText();
    }

    /** {@code GET /channels/{id}/rtp_statistics} (PJSIP channels; 404 for ExternalMedia ones). */
    public JsonNode rtpStatistics(String channelId) throws AriException {
        return send("GET", url("channels", channelId, "rtp_statistics"), JsonNode.class);
    }

    /** {@code POST /channels/{id}/dial}: dials a created channel; progress comes as {@code Dial} events. */
    public void dial(String channelId, String caller, int timeoutSeconds) throws AriException {
        HttpUrl.Builder u = url("channels", channelId, "dial").newBuilder()
                .addQueryParameter("timeout", Integer.toString(timeoutSeconds));
        optional(u, "caller", caller);
        send("POST", u.build(), Void.class);
    }

    public void answer(String channelId) throws AriException {
        send("POST", url("channels", channelId, "answer"), Void.class);
    }

    /** {@code POST /channels/{id}/ring}: ringing toward the caller (180). */
    public void ring(String channelId) throws AriException {
        send("POST", url("channels", channelId, "ring"), Void.class);
    }

    /** {@code POST /channels/{id}/progress}: progress toward the caller (183). */
    public void progress(String channelId) throws AriException {
        send("POST", url("channels", channelId, "progress"), Void.class);
    }

    /** {@code DELETE /channels/{id}?reason_code=N}: hangs up with a Q.850 cause (SIP maps it, 17 -> 486 ...). */
    public void hangup(String channelId, int cause) throws AriException {
        HttpUrl u = url("channels", channelId).newBuilder()
                .addQueryParameter("reason_code", Integer.toString(cause)).build();
        send("DELETE", u, Void.class);
    }

    /** {@code POST /channels/{id}/dtmf}: plays one or more digits into the channel. */
    public void sendDtmf(String channelId, String digits, int durationMillis) throws AriException {
        HttpUrl u = url("channels", channelId, "dtmf").newBuilder()
                .addQueryParameter("dtmf", digits)
                .addQueryParameter("duration", Integer.toString(durationMillis)).build();
        send("POST", u, Void.class);
    }

    /**
     * {@code POST /channels/externalMedia} with {@code transport=websocket, encapsulation=none,
     * connection_type=server}: Asterisk waits for a WebSocket client on {@code /media/<MEDIA_WEBSOCKET_CONNECTION_ID>}
     * (in the reply's channelvars). The channel enters Stasis (StasisStart, args = {@code data}) only once the
     * client has connected.
     */
    public Channel externalMediaWebSocket(String channelId, String app, String format, String data)
            throws AriException {
        HttpUrl u = url("channels", "externalMedia").newBuilder()
                .addQueryParameter("channelId", channelId)
                .addQueryParameter("app", app)
                .addQueryParameter("format", format)
                .addQueryParameter("transport", "websocket")
                .addQueryParameter("encapsulation", "none")
                .addQueryParameter("connection_type", "server")
                .addQueryParameter("data", data).build();
        return send("POST", u, Channel.class);
    }

    // ---- bridges.json

    public List<Bridge> bridges() throws AriException {
        return send("GET", url("bridges"), new TypeReference<List<Bridge>>() { });
    }

    /** {@code POST /bridges/{id}} with {@code type=mixing}. */
    public Bridge createMixingBridge(String bridgeId, String name) throws AriException {
        HttpUrl u = url("bridges", bridgeId).newBuilder()
                .addQueryParameter("type", "mixing")
                .addQueryParameter("name", name).build();
        return send("POST", u, Bridge.class);
    }

    /** Joins are confirmed by ChannelEnteredBridge: a 204 does not mean the channel joined. */
    public void addChannels(String bridgeId, String... channelIds) throws AriException {
        HttpUrl u = url("bridges", bridgeId, "addChannel").newBuilder()
                .addQueryParameter("channel", String.join(",", Arrays.asList(channelIds))).build();
        send("POST", u, Void.class);
    }

    public void destroyBridge(String bridgeId) throws AriException {
        send("DELETE", url("bridges", bridgeId), Void.class);
    }

    // ---- plumbing

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private static void optional(HttpUrl.Builder u, String name, String value) {
        if (value != null && !value.isEmpty()) {
            u.addQueryParameter(name, value);
        }
    }

    private <T> T send(String method, HttpUrl url, Class<T> type) throws AriException {
        return send(method, url, body -> type == Void.class ? null : json.readValue(body, type));
    }

    private <T> T send(String method, HttpUrl url, TypeReference<T> type) throws AriException {
        return send(method, url, body -> json.readValue(body, type));
    }

    private interface Reader<T> {
        T read(String body) throws IOException;
    }

    private <T> T send(String method, HttpUrl url, Reader<T> reader) throws AriException {
        Request request = new Request.Builder().url(url).header("Authorization", authorization)
                .method(method, method.equals("POST") ? EMPTY : null).build();
        String what = method + " " + url.encodedPath();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (!response.isSuccessful()) {
                AriException e = new AriException(response.code(), what + ": HTTP " + response.code() + " "
                        + asteriskMessage(text), null);
                // Deleting what is already gone (a channel that hung up) is what cleanup expects, not an error.
                throw method.equals("DELETE") && e.isNotFound() ? e : fail(e);
            }
            try {
                return text.isEmpty() ? null : reader.read(text);
            } catch (IOException e) {
                throw fail(new AriException(response.code(), what + ": unreadable answer: " + e.getMessage(), e));
            }
        } catch (IOException e) {
            throw fail(new AriException(0, what + ": " + e, e));
        }
    }

    private AriException fail(AriException e) {
        onError.accept(e);
        return e;
    }

    /** ARI errors are {@code {"message": "..."}}; anything else is shown cut. */
    private String asteriskMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: show the text
        }
        return body.length() > 120 ? body.substring(0, 120) : body;
    }
}
