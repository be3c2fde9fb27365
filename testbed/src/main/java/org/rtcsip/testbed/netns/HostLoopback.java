package org.rtcsip.testbed.netns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.ShortCommand;

/** The test JVM's own loopback: programs are plain children, and the JVM's sockets do the probing. */
final class HostLoopback implements Network {
    static final HostLoopback INSTANCE = new HostLoopback();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HostLoopback() {
    }

    @Override
    public LoggedProcess start(String name, List<String> command, Path workDir, Path log) {
        return LoggedProcess.start(name, command, workDir, log);
    }

    @Override
    public ShortCommand.Output run(List<String> command, Duration timeout) {
        return ShortCommand.run(command, timeout);
    }

    @Override
    public String udpExchange(int port, String request, Duration wait) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            byte[] out = request.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(out, out.length, LOOPBACK, port));
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            byte[] buffer = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(buffer, 0, reply.getLength(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException notYet) {
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public boolean udpBound(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(LOOPBACK, port));
            return false;
        } catch (SocketException bound) {
            return true;
        }
    }

    @Override
    public boolean tcpListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public HttpReply http(String method, int port, String path, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type",
                    "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new HttpReply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpReply(-1, "interrupted");
        }
    }

    @Override
    public String describe() {
        return "the host's loopback";
    }
}
