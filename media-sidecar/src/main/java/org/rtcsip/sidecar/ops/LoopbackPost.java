package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;

/**
 * The gate of every ops action that changes the sidecar ({@code POST /drain}, {@code POST /reload}): POST only, from
 * a loopback address only (listen-http may be wider), and only with a JSON content type: a web page cannot send
 * that cross-site without a CORS preflight this server never grants, so a browser on the sidecar's host cannot be
 * tricked into it.
 */
final class LoopbackPost {
    private static final Logger LOG = Logger.getLogger(LoopbackPost.class.getName());
    private static final int MAX_BODY = 4096;

    private LoopbackPost() {
    }

    /**
     * Reads the body away and answers 405, 403 or 415 when the request may not act; true when it may.
     *
     * @param what the action and the command that sends it, for the refusals: "drain (sidecarctl drain)"
     */
    static boolean admit(HttpExchange ex, String path, String what) throws IOException {
        try (InputStream body = ex.getRequestBody()) {
            body.readNBytes(MAX_BODY); // the body carries nothing; read it so the connection stays sane
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            text(ex, 405, "POST " + path + " starts a " + what + "\n");
            return false;
        }
        InetSocketAddress peer = ex.getRemoteAddress();
        if (peer == null || !peer.getAddress().isLoopbackAddress()) {
            LOG.warning("refused POST " + path + " from " + peer + ": taken from loopback only");
            text(ex, 403, path.substring(1) + " is taken from loopback only: run it on the sidecar's host\n");
            return false;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            text(ex, 415, "POST " + path + " needs Content-Type: application/json\n");
            return false;
        }
        return true;
    }

    static String peer(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }

    static void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
