package org.rtcsip.bench.ng;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.rtcsip.sidecar.ng.Bencode;
import org.rtcsip.sidecar.ng.BencodeException;

/**
 * An ng client that behaves as one Kamailio worker (ng-protocol.md §1.1, §1.4): one UDP socket connected to the
 * server, cookies {@code <server_id>_<pid>_<seq>}, the identical datagram re-sent after each timeout, replies
 * carrying another cookie dropped. Blocking and not thread-safe: one caller at a time, as a SIP worker.
 */
public final class NgClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final int timeoutMillis;
    private final int sends;
    private final String cookiePrefix;
    private final byte[] receiveBuffer = new byte[65536];
    private long seq;
    private long lastRoundTripNanos;
    private int retransmissions;

    /**
     * @param timeoutMillis wait per send ({@code rtpengine_tout_ms})
     * @param sends sends in all before giving up ({@code rtpengine_retr})
     */
    public NgClient(InetSocketAddress server, int timeoutMillis, int sends) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        this.socket.connect(server);
        this.socket.setReceiveBufferSize(256 * 1024);
        this.timeoutMillis = timeoutMillis;
        this.sends = sends;
        // A server id of 0 as Kamailio's first node, then our pid and a per-client number so that two clients of
        // one generator never share cookies (a server keys its cookie cache by cookie).
        this.cookiePrefix = "0_" + ProcessHandle.current().pid() + "x" + System.identityHashCode(this) + "_";
    }

    /**
     * Sends one request and returns the reply dictionary ({@code result: ok} or {@code pong}).
     *
     * @throws NgRefusedException the server answered {@code error} or {@code load limit}
     * @throws IOException no reply after every send, or an undecodable reply
     */
    public Map<String, Object> request(Map<String, Object> dictionary) throws IOException, NgRefusedException {
        String cookie = cookiePrefix + seq++;
        byte[] prefix = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Bencode.encode(dictionary);
        byte[] datagram = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, datagram, prefix.length, body.length);
        DatagramPacket out = new DatagramPacket(datagram, datagram.length);
        DatagramPacket in = new DatagramPacket(receiveBuffer, receiveBuffer.length);
        long start = System.nanoTime();
        for (int attempt = 0; attempt < sends; attempt++) {
            if (attempt > 0) {
                retransmissions++;
            }
            socket.send(out);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (!startsWith(in.getData(), in.getLength(), prefix)) {
                    continue; // a late reply to an earlier request: Kamailio drops it too
                }
                lastRoundTripNanos = System.nanoTime() - start;
                return decodeReply(in.getData(), prefix.length, in.getLength() - prefix.length);
            }
        }
        throw new IOException("no ng reply from " + socket.getRemoteSocketAddress() + " to "
                + dictionary.get("command") + " after " + sends + " sends " + timeoutMillis + " ms apart");
    }

    /** Time from the first send to the reply of the last successful {@link #request}. */
    public long lastRoundTripNanos() {
        return lastRoundTripNanos;
    }

    /** Requests sent again because the first send got no reply in time. */
    public int retransmissions() {
        return retransmissions;
    }

    /** A reply value that bencode carries as a byte string, as text; null if absent. */
    public static String text(Map<String, Object> reply, String key) {
        Object v = reply.get(key);
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v == null ? null : v.toString();
    }

    @Override
    public void close() {
        socket.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decodeReply(byte[] data, int off, int len)
            throws IOException, NgRefusedException {
        Object value;
        try {
            value = Bencode.decode(data, off, len);
        } catch (BencodeException e) {
            throw new IOException("undecodable ng reply: " + e.getMessage(), e);
        }
        if (!(value instanceof Map)) {
            throw new IOException("ng reply is not a dictionary");
        }
        Map<String, Object> reply = (Map<String, Object>) value;
        String result = text(reply, "result");
        if ("ok".equals(result) || "pong".equals(result)) {
            return reply;
        }
        if ("error".equals(result) || "load limit".equals(result)) {
            String reason = text(reply, "error-reason");
            throw new NgRefusedException(result, reason != null ? reason : text(reply, "message"));
        }
        throw new IOException("ng reply with result " + result);
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
