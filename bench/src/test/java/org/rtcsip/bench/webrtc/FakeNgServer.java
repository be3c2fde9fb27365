package org.rtcsip.bench.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcsip.sidecar.ng.Bencode;

/**
 * An ng server on loopback that answers every {@code offer} and {@code answer} with {@code result: ok} and a
 * fixed SDP, and every other command with {@code ok}: a server whose media side is whatever the test says.
 */
final class FakeNgServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final String answerSdp;
    private final Thread thread;
    final AtomicInteger deletes = new AtomicInteger();

    FakeNgServer(String answerSdp) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.answerSdp = answerSdp;
        this.thread = new Thread(this::serve, "fake-ng");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[65536];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(in);
                int space = 0;
                while (space < in.getLength() && buf[space] != ' ') {
                    space++;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> request = (Map<String, Object>) Bencode.decode(buf, space + 1,
                        in.getLength() - space - 1);
                String command = new String((byte[]) request.get("command"), StandardCharsets.UTF_8);
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("result", "ok");
                if (command.equals("offer") || command.equals("answer")) {
                    reply.put("sdp", answerSdp);
                } else if (command.equals("delete")) {
                    deletes.incrementAndGet();
                }
                byte[] cookie = Arrays.copyOf(buf, space + 1);
                byte[] body = Bencode.encode(reply);
                byte[] out = Arrays.copyOf(cookie, cookie.length + body.length);
                System.arraycopy(body, 0, out, cookie.length, body.length);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (Exception e) {
                // closed, or a request the test did not mean to send: keep serving until closed
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
