package org.rtcsip.kamailio.sidecar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgMalformedReplyException;
import org.rtcsip.ngwire.NgUnreachableException;
import org.rtcsip.ngwire.NgUrl;

/**
 * The sidecar's ng control socket as sidecarctl uses it: {@code ping}, {@code delete} and {@code query} sent by
 * ng-wire's {@link NgClient} (Kamailio's framing, cookies and retransmission), each failure turned into one line an
 * operator reads ({@link SidecarUnreachableException}, {@link SidecarRefusedException}). One request at a time.
 */
public final class SidecarNgClient implements AutoCloseable {

    /** The sidecar's default ng address, as kamailio.cfg's rtpengine_sock writes it. */
    public static final String DEFAULT_URL = "udp:127.0.0.1:2223";

    private final String url;
    private final Duration perAttempt;
    private final NgClient ng;

    /**
     * @param url        {@code udp:IP:PORT}, {@code udp6:[IP]:PORT} (Kamailio's rtpengine_sock form), or
     *                   {@code IP:PORT}
     * @param perAttempt how long to wait for a reply before sending again
     * @param attempts   sends in all, 1..10
     * @throws IllegalArgumentException for a URL that is not one of those forms
     */
    public SidecarNgClient(String url, Duration perAttempt, int attempts) {
        InetSocketAddress server = NgUrl.address(url);
        this.url = url;
        this.perAttempt = perAttempt;
        String cookiePrefix = "sidecarctl_" + ProcessHandle.current().pid() + "_"
                + Integer.toHexString(new SecureRandom().nextInt(1 << 20)) + "_";
        try {
            this.ng = new NgClient(server, perAttempt, attempts, cookiePrefix);
        } catch (IOException e) {
            throw new SidecarUnreachableException(url, "cannot open a UDP socket to it: " + e.getMessage(), 0, e);
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

    /** Sends {@code request} (again on timeout) and returns the reply dictionary, its strings as text. */
    private Map<String, Object> exchange(String command, Map<String, Object> request) {
        try {
            return ng.exchange(request);
        } catch (NgUnreachableException e) {
            String reason;
            if (e.nothingListens()) {
                reason = "nothing listens there (ICMP port unreachable; ng " + command + ")";
            } else if (e.silent()) {
                reason = "no ng reply within " + perAttempt.toMillis() + " ms per attempt (ng " + command + ")";
            } else {
                reason = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + " (ng "
                        + command + ")";
            }
            throw new SidecarUnreachableException(url, reason, e.attempts(), e);
        } catch (NgMalformedReplyException e) {
            String why = e.getCause() != null
                    ? "undecodable reply from " + url + ": bencode: " + e.getCause().getMessage()
                    : "reply from " + url + " is not a dictionary";
            throw new SidecarRefusedException("ng " + command + ": " + why, e);
        } catch (IOException e) {
            throw new SidecarUnreachableException(url, e.getClass().getSimpleName() + ": " + e.getMessage() + " (ng "
                    + command + ")", 1, e);
        }
    }

    @Override
    public void close() {
        ng.close();
    }
}
