package org.rtcsip.testbed.ng;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A UDP socket on the host's loopback playing an ng server by script: each datagram it receives (as ISO-8859-1
 * text, so bytes survive) goes to the script, and each string the script returns goes back to the sender, in
 * order; null or an empty list: silence. For clients' tests: framing, retransmission, stale cookies, refusals.
 */
public final class ScriptedNgServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public ScriptedNgServer(Function<String, List<String>> script) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(100);
        thread = new Thread(() -> serve(script), "scripted-ng-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Function<String, List<String>> script) {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException closed) {
                return;
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            received.add(text);
            List<String> answers;
            try {
                answers = script.apply(text);
            } catch (RuntimeException e) {
                continue; // a request the script does not take: no answer, keep serving
            }
            for (String answer : answers == null ? List.<String>of() : answers) {
                byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
                try {
                    socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        }
    }

    /** The cookie of an ng datagram: everything before the first space. */
    public static String cookie(String datagram) {
        return datagram.substring(0, datagram.indexOf(' '));
    }

    /** The bencode body of an ng datagram, as bytes. */
    public static byte[] body(String datagram) {
        return datagram.substring(datagram.indexOf(' ') + 1).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every datagram received so far, in order. */
    public List<String> received() {
        return received;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** {@code udp:127.0.0.1:<port>}. */
    public String url() {
        return "udp:127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
