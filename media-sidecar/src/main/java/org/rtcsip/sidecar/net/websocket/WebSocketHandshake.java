package org.rtcsip.sidecar.net.websocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The client's opening handshake (RFC 6455 §4.1): the HTTP/1.1 upgrade request, and the check of the server's
 * answer (§4.1 items 1-6 of "the client MUST validate the server's response"). Control path: allocates freely.
 */
public final class WebSocketHandshake {
    /** RFC 6455 §1.3: appended to the key before SHA-1. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** A response head longer than this is refused rather than buffered without end. */
    public static final int MAX_RESPONSE_HEAD = 8192;

    private final String key;
    private final String subprotocol;

    /**
     * @param key         base64 of 16 random bytes (§4.1: "randomly selected", new for each connection)
     * @param subprotocol the {@code Sec-WebSocket-Protocol} to ask for, or null for none
     */
    public WebSocketHandshake(String key, String subprotocol) {
        this.key = key;
        this.subprotocol = subprotocol;
    }

    public String key() {
        return key;
    }

    /** {@code GET <path>?<query> HTTP/1.1} with Host, Upgrade, Connection, Sec-WebSocket-Key and -Version 13. */
    public byte[] request(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder b = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "")
                .append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (subprotocol != null) {
            b.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 6455 §4.2.2 item 5.4: base64(SHA-1(key + GUID)). */
    public static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /**
     * Checks the response head (status line and headers, without the blank line).
     *
     * @return null if the connection is upgraded, else why not ("HTTP 404 Not found", "bad Sec-WebSocket-Accept")
     */
    public String check(String head) {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            return "not an HTTP response: " + cut(lines[0]);
        }
        if (!status[1].equals("101")) {
            return "HTTP " + status[1] + (status.length > 2 ? " " + status[2] : "");
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        String protocol = null;
        String extensions = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return "malformed header line: " + cut(lines[i]);
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-protocol" -> protocol = value;
                case "sec-websocket-extensions" -> extensions = value;
                default -> {
                    // other headers (Server, Date, ...) say nothing about the upgrade
                }
            }
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return "101 without Upgrade: websocket";
        }
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return "101 without Connection: Upgrade";
        }
        if (!acceptFor(key).equals(accept)) {
            return "bad Sec-WebSocket-Accept " + accept + " (expected " + acceptFor(key) + ")";
        }
        if (extensions != null && !extensions.isEmpty()) {
            return "server chose extensions we did not ask for: " + cut(extensions);
        }
        if (protocol != null && !protocol.equals(subprotocol)) {
            return "server chose subprotocol " + cut(protocol) + (subprotocol == null ? " we did not ask for"
                    : " instead of " + subprotocol);
        }
        return null;
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
