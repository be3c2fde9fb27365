package org.rtcsip.ngwire;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An ng client that behaves as one Kamailio worker (ng-protocol.md §1.1, §1.4): one UDP socket connected to the
 * server, each request one datagram {@code <cookie> <bencode>}, the identical datagram sent again after each
 * per-attempt timeout (rtpengine_tout_ms; the server answers a repeated cookie from its cache and runs the command
 * once), at most {@code sends} times (rtpengine_retr), and a reply carrying another cookie dropped. Replies come
 * back as text ({@link Bencode#text}). Blocking and not thread-safe: one request at a time, as a SIP worker.
 */
public final class NgClient implements AutoCloseable {
    private static final AtomicLong CLIENTS = new AtomicLong();
    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final long perAttemptNanos;
    private final int sends;
    private final String cookiePrefix;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];
    private long seq;
    private long lastRoundTripNanos;
    private int retransmissions;

    /**
     * A client with cookies {@code 0_<pid>x<n>_<seq>}: server id 0 as Kamailio's first node, then the pid and a
     * per-client number, so two clients of one process never share a cookie (a server keys its cache by cookie).
     *
     * @param perAttempt wait for a reply before sending again ({@code rtpengine_tout_ms})
     * @param sends sends in all before giving up, 1..10 ({@code rtpengine_retr})
     */
    public NgClient(InetSocketAddress server, Duration perAttempt, int sends) throws IOException {
        this(server, perAttempt, sends, "0_" + ProcessHandle.current().pid() + "x" + CLIENTS.incrementAndGet() + "_");
    }

    /** As {@link #NgClient(InetSocketAddress, Duration, int)}, cookies {@code <cookiePrefix><seq>} from seq 1. */
    public NgClient(InetSocketAddress server, Duration perAttempt, int sends, String cookiePrefix) throws IOException {
        if (sends < 1 || sends > 10) {
            throw new IllegalArgumentException("sends must be 1..10, got " + sends);
        }
        if (perAttempt.isNegative() || perAttempt.isZero()) {
            throw new IllegalArgumentException("per-attempt timeout must be positive, got " + perAttempt);
        }
        if (cookiePrefix.isEmpty() || cookiePrefix.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a cookie prefix is text without spaces, got '" + cookiePrefix + "'");
        }
        this.server = server;
        this.perAttemptNanos = perAttempt.toNanos();
        this.sends = sends;
        this.cookiePrefix = cookiePrefix;
        this.socket = new DatagramSocket();
        try {
            // connected: an ICMP port unreachable surfaces as PortUnreachableException, and only the server's
            // datagrams arrive
            socket.connect(server);
            socket.setReceiveBufferSize(256 * 1024);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public InetSocketAddress server() {
        return server;
    }

    /**
     * Sends {@code dictionary} and returns the reply when its result is {@code ok} or {@code pong}.
     *
     * @throws NgRefusedException the server answered {@code error} or {@code load limit}, with its reason
     * @throws NgUnreachableException no reply after every send, or nothing listens there
     * @throws NgMalformedReplyException an undecodable reply, or another result
     */
    public Map<String, Object> request(Map<String, Object> dictionary) throws IOException, NgRefusedException {
        Map<String, Object> reply = exchange(dictionary);
        Object result = reply.get("result");
        if ("ok".equals(result) || "pong".equals(result)) {
            return reply;
        }
        if ("error".equals(result) || "load limit".equals(result)) {
            Object reason = reply.get("error-reason") != null ? reply.get("error-reason") : reply.get("message");
            throw new NgRefusedException((String) result, reason == null ? null : reason.toString());
        }
        throw new NgMalformedReplyException("ng reply with result " + result + " from " + server, null);
    }

    /** Sends {@code dictionary} under the next cookie and returns the reply, whatever its result. */
    public Map<String, Object> exchange(Map<String, Object> dictionary) throws IOException {
        return exchange(cookiePrefix + ++seq, Bencode.encode(dictionary));
    }

    /** Sends {@code dictionary} under {@code cookie} (a retransmission, as the server sees it, if reused). */
    public Map<String, Object> exchange(String cookie, Map<String, Object> dictionary) throws IOException {
        return exchange(cookie, Bencode.encode(dictionary));
    }

    /** Sends {@code <cookie> <body>} with {@code body} as it is (malformed on purpose, if a test wants). */
    public Map<String, Object> exchange(String cookie, byte[] body) throws IOException {
        byte[] prefix = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] datagram = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, datagram, 0, prefix.length);
        System.arraycopy(body, 0, datagram, prefix.length, body.length);
        DatagramPacket out = new DatagramPacket(datagram, datagram.length);
        DatagramPacket in = new DatagramPacket(receiveBuffer, receiveBuffer.length);
        long start = System.nanoTime();
        boolean replied = false;
        for (int attempt = 1; attempt <= sends; attempt++) {
            if (attempt > 1) {
                retransmissions++;
            }
            try {
                socket.send(out);
                long deadline = System.nanoTime() + perAttemptNanos;
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                    try {
                        socket.receive(in);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (startsWith(in.getData(), in.getLength(), prefix)) {
                        replied = true;
                        break;
                    }
                    // a late reply to an earlier cookie: Kamailio drops those too
                }
            } catch (PortUnreachableException e) {
                throw new NgUnreachableException("nothing listens on " + server + " (ICMP port unreachable)",
                        attempt, e);
            } catch (IOException e) {
                throw new NgUnreachableException("ng socket to " + server + " failed: " + e, attempt, e);
            }
            if (replied) {
                lastRoundTripNanos = System.nanoTime() - start;
                return decode(in.getData(), prefix.length, in.getLength() - prefix.length);
            }
        }
        throw new NgUnreachableException("no ng reply from " + server + " to cookie " + cookie + " after " + sends
                + (sends == 1 ? " send" : " sends, " + perAttemptNanos / 1_000_000 + " ms apart"), sends, null);
    }

    /** Time from the first send to the reply of the last answered request. */
    public long lastRoundTripNanos() {
        return lastRoundTripNanos;
    }

    /** Requests sent again because the send before got no reply in time. */
    public int retransmissions() {
        return retransmissions;
    }

    /** A dictionary with its keys in the order given ({@code key, value, key, value, ...}), as ng requests want. */
    public static Map<String, Object> dict(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("dict takes key, value pairs; got " + keyValues.length + " items");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        socket.close();
    }

    private Map<String, Object> decode(byte[] data, int off, int len) throws NgMalformedReplyException {
        Object value;
        try {
            value = Bencode.decode(data, off, len);
        } catch (BencodeException e) {
            throw new NgMalformedReplyException("undecodable ng reply from " + server + ": " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new NgMalformedReplyException("ng reply from " + server + " is not a dictionary", null);
        }
        return Bencode.text(value);
    }

    private static boolean startsWith(byte[] data, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
