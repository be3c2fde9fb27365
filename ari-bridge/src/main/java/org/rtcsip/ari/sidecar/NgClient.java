package org.rtcsip.ari.sidecar;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ng over UDP as Kamailio speaks it (ng-protocol.md §1.1): {@code <cookie> <bencode dictionary>}, the reply
 * starts with the same cookie. Each request uses its own socket, so requests may run on several threads at once.
 * Temporary: the shared ng-wire module's client replaces this.
 */
public final class NgClient {
    private final InetSocketAddress server;
    private final String cookiePrefix = "arib_" + ProcessHandle.current().pid() + "_";
    private final AtomicLong seq = new AtomicLong();

    public NgClient(InetSocketAddress server) {
        this.server = server;
    }

    public InetSocketAddress server() {
        return server;
    }

    /**
     * Sends {@code request} up to {@code sends} times, {@code timeoutMillis} apart, and returns the reply of
     * {@code result: ok} (or {@code pong}).
     *
     * @throws NgException {@code result: error} (refused) or no answer after every send
     */
    public Map<String, Object> request(Map<String, Object> request, int timeoutMillis, int sends)
            throws NgException {
        String cookie = cookiePrefix + seq.incrementAndGet();
        byte[] prefix = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Bencode.encode(request);
        byte[] datagram = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, datagram, prefix.length, body.length);
        String command = String.valueOf(request.get("command"));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            byte[] in = new byte[65536];
            for (int attempt = 0; attempt < sends; attempt++) {
                socket.send(new DatagramPacket(datagram, datagram.length, server));
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) left);
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (p.getLength() < prefix.length || !Arrays.equals(in, 0, prefix.length, prefix, 0,
                            prefix.length)) {
                        continue; // a late answer to another cookie
                    }
                    return reply(command, Bencode.decode(in, prefix.length, p.getLength() - prefix.length));
                }
            }
        } catch (IOException e) {
            throw new NgException("ng " + command + " to " + server + ": " + e.getMessage());
        }
        throw new NgException("ng " + command + ": no answer from media-sidecar at " + server + " after " + sends
                + " send(s) " + timeoutMillis + " ms apart");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reply(String command, Object decoded) throws NgException {
        if (!(decoded instanceof Map)) {
            throw new NgException("ng " + command + ": the reply is not a dictionary");
        }
        Map<String, Object> reply = (Map<String, Object>) decoded;
        Object result = reply.get("result");
        if ("ok".equals(result) || "pong".equals(result)) {
            return reply;
        }
        Object reason = reply.getOrDefault("error-reason", reply.get("message"));
        throw new NgException("ng " + command + ": " + result + (reason == null ? "" : ": " + reason), true);
    }
}
