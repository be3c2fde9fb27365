package org.rtcsip.sidecar.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.rtcsip.sidecar.ng.Bencode;
import org.rtcsip.sidecar.ng.BencodeException;

/** A blocking ng client for tests: sends {@code <cookie> <bencode>} as Kamailio does and waits for the reply. */
public final class NgClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private int seq;

    public NgClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        this.socket.setSoTimeout(3000);
    }

    public Map<String, Object> request(Map<String, Object> dict) throws IOException {
        return requestWithCookie("t_" + ProcessHandle.current().pid() + "_" + (seq++), dict);
    }

    public Map<String, Object> requestWithCookie(String cookie, Map<String, Object> dict) throws IOException {
        byte[] body = Bencode.encode(dict);
        return sendRaw(cookie, body);
    }

    public Map<String, Object> sendRaw(String cookie, byte[] body) throws IOException {
        byte[] c = (cookie + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(c, c.length + body.length);
        System.arraycopy(body, 0, out, c.length, body.length);
        socket.send(new DatagramPacket(out, out.length, server));
        byte[] in = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new IOException("no ng reply to cookie " + cookie);
            }
            String text = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (!text.startsWith(cookie + " ")) {
                continue; // a late reply to an earlier cookie, as Kamailio would drop it
            }
            try {
                return strings(Bencode.decode(in, c.length, p.getLength() - c.length));
            } catch (BencodeException e) {
                throw new IOException("undecodable reply: " + e.getMessage());
            }
        }
    }

    /** Turns byte strings into Java strings, recursively, for readable assertions. */
    @SuppressWarnings("unchecked")
    private static <T> T strings(Object o) {
        if (o instanceof byte[] b) {
            return (T) new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, strings(v)));
            return (T) out;
        }
        if (o instanceof java.util.List<?> l) {
            return (T) l.stream().map(NgClient::strings).toList();
        }
        return (T) o;
    }

    public static Map<String, Object> dict(Object... keyValues) {
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
}
