package org.rtcsip.kamailio.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;

/**
 * A JSON-RPC server on loopback answering as Kamailio's jsonrpcs does, from answers the test sets
 * per method, and able to go down (its port refuses) and come back on the same port: a real
 * {@link KamailioRpcClient} talks to it, so the controller sees the exceptions the client really
 * throws. What a real Kamailio answers is checked in the it package.
 */
final class ScriptedKamailio implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Long> callTimes = new ArrayList<>();
    /** The test's virtual time, recorded with each request. */
    volatile long virtualNow;
    private final int port;
    private HttpServer server;
    final KamailioRpcClient client;

    ScriptedKamailio() {
        start(0);
        port = server.getAddress().getPort();
        client = KamailioRpcClient.builder("http://127.0.0.1:" + port + "/RPC")
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                .readRetries(1, Duration.ZERO, Duration.ZERO).build();
    }

    /** Answers {@code method} with this JSON-RPC result. */
    ScriptedKamailio result(String method, String resultJson) {
        answers.put(method, "{\"result\":" + resultJson + "}");
        return this;
    }

    /** Answers {@code method} with a JSON-RPC error, as jsonrpcs does (HTTP status = code). */
    ScriptedKamailio fault(String method, int code, String message) {
        answers.put(method, "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}");
        return this;
    }

    /** The method and parameters of every request so far, e.g. {@code rtpengine.enable ["udp:..",1]}. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> callsOf(String method) {
        return calls.stream().filter(c -> c.startsWith(method + " ")).toList();
    }

    /** The virtual times at which {@code method} was asked. */
    synchronized List<Long> timesOf(String method) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(method + " ")) {
                times.add(callTimes.get(i));
            }
        }
        return times;
    }

    /** Stops listening: the next requests get connection refused. */
    void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void up() {
        start(port);
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + onPort, e);
        }
        server.createContext("/RPC", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String method = request.path("method").asText();
            synchronized (this) {
                calls.add(method + " " + request.path("params"));
                callTimes.add(virtualNow);
            }
            String answer = answers.get(method);
            int status = 200;
            ObjectNode reply;
            if (answer == null) {
                reply = (ObjectNode) JSON.readTree("{\"error\":{\"code\":500,\"message\":\"Method Not Found\"}}");
            } else {
                reply = (ObjectNode) JSON.readTree(answer);
            }
            if (reply.has("error")) {
                status = reply.get("error").get("code").asInt();
            }
            reply.put("jsonrpc", "2.0");
            reply.set("id", request.get("id"));
            byte[] body = JSON.writeValueAsBytes(reply);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
    }
}
