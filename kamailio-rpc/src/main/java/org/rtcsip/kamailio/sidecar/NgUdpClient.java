package org.rtcsip.kamailio.sidecar;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ng control protocol over UDP, as Kamailio speaks it (ng-protocol.md §1): one datagram
 * {@code <cookie> <bencode>} per request, the same datagram re-sent when no reply came within the
 * per-attempt timeout (the server answers a repeated cookie from its cache and runs it once).
 * Not thread-safe; one request at a time.
 */
public final class NgUdpClient implements AutoCloseable {

    /** The sidecar's default ng address, as kamailio.cfg's rtpengine_sock writes it. */
    public static final String DEFAULT_URL = "udp:127.0.0.1:2223";
    private static final int MAX_REPLY_BYTES = 65_535;

    private final String url;
    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final Duration perAttempt;
    private final int attempts;
    private final String cookiePrefix;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param url        {@code udp:IP:PORT}, {@code udp6:[IP]:PORT} (Kamailio's rtpengine_sock form), or
     *                   {@code IP:PORT}
     * @param perAttempt how long to wait for a reply before sending again
     * @param attempts   sends in all, 1..10
     * @throws IllegalArgumentException for a URL that is not one of those forms
     */
    public NgUdpClient(String url, Duration perAttempt, int attempts) {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be 1..10, got " + attempts);
        }
        if (perAttempt.isNegative() || perAttempt.isZero()) {
            throw new IllegalArgumentException("per-attempt timeout must be positive, got " + perAttempt);
        }
        this.url = url;
        this.server = address(url);
        this.perAttempt = perAttempt;
        this.attempts = attempts;
        this.cookiePrefix = "sidecarctl_" + ProcessHandle.current().pid() + "_"
                + Integer.toHexString(new SecureRandom().nextInt(1 << 20)) + "_";
        try {
            this.socket = new DatagramSocket();
            // connected: an ICMP port unreachable surfaces as PortUnreachableException
            socket.connect(server);
        } catch (IOException e) {
            throw new SidecarUnreachableException(url, "cannot open a UDP socket to it: " + e.getMessage(), 0, e);
        }
    }

    /**
     * Parses an ng URL: {@code udp:IP:PORT}, {@code udp6:[IP]:PORT}, {@code udp6:IP:PORT} (the last
     * colon separates the port), or {@code IP:PORT} / {@code [IPv6]:PORT}. Host names resolve.
     */
    public static InetSocketAddress address(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty ng URL; expected udp:IP:PORT as in kamailio.cfg's rtpengine_sock");
        }
        String rest = url.strip();
        if (rest.startsWith("udp6:")) {
            rest = rest.substring(5);
        } else if (rest.startsWith("udp:")) {
            rest = rest.substring(4);
        } else if (rest.contains("://") || rest.startsWith("unix:") || rest.startsWith("tcp:")) {
            throw new IllegalArgumentException("ng URL " + url + ": only udp: and udp6: are supported");
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new IllegalArgumentException("ng URL " + url + " has no port; expected udp:IP:PORT");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ng URL " + url + ": port " + rest.substring(colon + 1) + " is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ng URL " + url + ": port " + port + " is out of range 1-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ng URL " + url + ": unknown host " + host);
        }
    }

    public String url() {
        return url;
    }

    /** {@code ping}: returns the round trip; {@link SidecarRefusedException} unless the answer is pong. */
    public Duration ping() {
        long start = System.nanoTime();
        Map<String, Object> reply = exchange("ping", Map.of("command", "ping"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!"pong".equals(reply.get("result"))) {
            throw new SidecarRefusedException("ng ping to " + url + ": answered " + reply.get("result") + ", not pong");
        }
        return took;
    }

    /**
     * {@code delete} of a whole call (no from-tag: every leg), with {@code fatal} so that an unknown
     * call is an error, not a warning. Returns the reply: the call's final statistics.
     *
     * @throws SidecarRefusedException with the sidecar's reason, e.g. "Call-ID not found or tags didn't match"
     */
    public Map<String, Object> delete(String callId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("call-id", callId);
        request.put("flags", List.of("fatal"));
        request.put("command", "delete");
        return ok("delete", exchange("delete", request));
    }

    /** {@code query}: the call's statistics; {@link SidecarRefusedException} "Unknown call-id" if none. */
    public Map<String, Object> query(String callId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("call-id", callId);
        request.put("command", "query");
        return ok("query", exchange("query", request));
    }

    private Map<String, Object> ok(String command, Map<String, Object> reply) {
        Object result = reply.get("result");
        if ("ok".equals(result)) {
            return reply;
        }
        if ("error".equals(result)) {
            throw new SidecarRefusedException("ng " + command + ": " + reply.get("error-reason"));
        }
        throw new SidecarRefusedException("ng " + command + ": unexpected result " + result + " from " + url);
    }

    /** Sends {@code request} (re-sending it on timeout) and returns the decoded reply dictionary. */
    public Map<String, Object> exchange(String command, Map<String, Object> request) {
        String cookie = cookiePrefix + sequence.incrementAndGet();
        byte[] prefix = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = NgBencode.encode(request);
        byte[] datagram = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, datagram, 0, prefix.length);
        System.arraycopy(body, 0, datagram, prefix.length, body.length);
        byte[] buffer = new byte[MAX_REPLY_BYTES];
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                socket.send(new DatagramPacket(datagram, datagram.length));
                long deadline = System.nanoTime() + perAttempt.toNanos();
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.max(1, left));
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    if (startsWith(buffer, reply.getLength(), prefix)) {
                        return decode(command, buffer, prefix.length, reply.getLength() - prefix.length);
                    }
                    // a late reply to an earlier cookie: Kamailio drops those too
                }
            } catch (PortUnreachableException e) {
                throw new SidecarUnreachableException(url, "nothing listens there (ICMP port unreachable; ng "
                        + command + ")", attempt, e);
            } catch (SocketTimeoutException e) {
                // no reply yet: send again
            } catch (IOException e) {
                throw new SidecarUnreachableException(url, e.getClass().getSimpleName() + ": " + e.getMessage()
                        + " (ng " + command + ")", attempt, e);
            }
        }
        throw new SidecarUnreachableException(url, "no ng reply within " + perAttempt.toMillis() + " ms per attempt (ng "
                + command + ")", attempts, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(String command, byte[] data, int offset, int length) {
        Object value;
        try {
            value = NgBencode.decode(data, offset, length);
        } catch (IllegalArgumentException e) {
            throw new SidecarRefusedException("ng " + command + ": undecodable reply from " + url + ": " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new SidecarRefusedException("ng " + command + ": reply from " + url + " is not a dictionary");
        }
        return (Map<String, Object>) value;
    }

    private static boolean startsWith(byte[] data, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        socket.close();
    }
}
