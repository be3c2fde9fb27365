package org.rtcsip.sidecar.hostile;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;

/**
 * Raw ng datagrams to the sidecar, as a hostile or broken client sends them: any bytes, any cookie. The server
 * answers every datagram that carries a cookie (bytes before the first space, at least one) with a datagram that
 * starts with those bytes and a space; a datagram without one it cannot answer (ng-protocol.md §1.1).
 */
final class RawNg implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_507;

    /** What came back for one datagram: no cookie (nothing to answer), a reply, or nothing in time. */
    record Outcome(boolean hadCookie, byte[] reply) {
        boolean answered() {
            return reply != null;
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] buffer = new byte[MAX_DATAGRAM + 1];

    RawNg(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSendBufferSize(4 << 20);
    }

    /** {@code <cookie> <body>}. */
    static byte[] datagram(String cookie, byte[] body) {
        byte[] c = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(c, c.length + body.length);
        System.arraycopy(body, 0, out, c.length, body.length);
        return out;
    }

    /** The cookie of {@code datagram} (bytes before the first space), or null when it has none. */
    static byte[] cookie(byte[] datagram) {
        for (int i = 0; i < datagram.length; i++) {
            if (datagram[i] == ' ') {
                return i == 0 ? null : Arrays.copyOf(datagram, i);
            }
        }
        return null;
    }

    /**
     * Sends {@code datagram} (cut to the UDP maximum) and, if it carries a cookie, waits up to {@code waitMillis}
     * for the reply to that cookie; replies to other cookies (late ones) are skipped.
     */
    Outcome send(byte[] datagram, long waitMillis) throws IOException {
        byte[] out = datagram.length > MAX_DATAGRAM ? Arrays.copyOf(datagram, MAX_DATAGRAM) : datagram;
        byte[] cookie = cookie(out);
        socket.send(new DatagramPacket(out, out.length, server));
        if (cookie == null) {
            return new Outcome(false, null);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new Outcome(true, null);
            }
            socket.setSoTimeout((int) left);
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return new Outcome(true, null);
            }
            if (in.getLength() > cookie.length && startsWith(buffer, cookie) && buffer[cookie.length] == ' ') {
                return new Outcome(true, Arrays.copyOfRange(buffer, cookie.length + 1, in.getLength()));
            }
        }
    }

    /** A well-formed request under {@code cookie}; the decoded reply (strings as text), or null if none came. */
    Map<String, Object> request(String cookie, Map<String, Object> dict, long waitMillis) throws IOException {
        Outcome o = send(datagram(cookie, Bencode.encode(dict)), waitMillis);
        if (!o.answered()) {
            return null;
        }
        try {
            return Bencode.text(Bencode.decode(o.reply(), 0, o.reply().length));
        } catch (BencodeException e) {
            throw new IOException("undecodable reply to " + cookie + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
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
