package org.rtcsip.testbed.ng;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;

/**
 * Plays an operator's kamailio.cfg flags ({@link OperatorFlags}) without editing the shipped one: an ng relay
 * between Kamailio and the media server that replaces the flag keys of each offer and answer with those the
 * operator's flag string gives, built as Kamailio's rtpengine module builds them (ng-wire's {@link KamailioRequest});
 * call-id, tags, SDP and received-from stay Kamailio's. A message whose SDP is a browser's (UDP/TLS/) gets
 * {@link OperatorFlags#towardSip()}, any other {@link OperatorFlags#towardBrowser()}; other commands pass as they are.
 * Runs as a JVM of its own in the {@link Network} (the test JVM has no socket in a namespace), one datagram at a
 * time, cookies kept.
 */
public final class FlagRewritingNgProxy implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final LoggedProcess process;
    private final int port;

    private FlagRewritingNgProxy(LoggedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the relay in {@code network} in front of the ng server at 127.0.0.1:{@code ngPort}. */
    public static FlagRewritingNgProxy start(Network network, int ngPort, OperatorFlags flags) {
        int port = FreePorts.udp();
        Path dir;
        try {
            dir = Files.createTempDirectory("ng-flags-" + flags.name().toLowerCase(java.util.Locale.ROOT) + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        LoggedProcess process = network.start("ng flag rewriter " + flags, List.of(java.toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), FlagRewritingNgProxy.class.getName(),
                Integer.toString(port), Integer.toString(ngPort), flags.name()), dir, dir.resolve("proxy.log"));
        FlagRewritingNgProxy proxy = new FlagRewritingNgProxy(process, port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!process.logText().contains("relaying")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                proxy.close();
                fail("the ng flag rewriter did not start: " + process.describe() + "\n" + process.logTail(20));
            }
            Poll.pause(50);
        }
        return proxy;
    }

    /** {@code udp:127.0.0.1:<port>}, for Kamailio's rtpengine_sock. */
    public String ngUrl() {
        return "udp:127.0.0.1:" + port;
    }

    /** What it relayed and how it rewrote it, for failure messages. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(2));
    }

    /** {@code <listen port> <ng server port> <OperatorFlags name>}; runs until killed. */
    public static void main(String[] args) throws IOException {
        OperatorFlags flags = OperatorFlags.valueOf(args[2]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress server = new InetSocketAddress(loopback, Integer.parseInt(args[1]));
        try (DatagramSocket kamailioSide = new DatagramSocket(new InetSocketAddress(loopback,
                Integer.parseInt(args[0])));
                DatagramSocket serverSide = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            serverSide.setSoTimeout(5000);
            System.out.println("relaying " + kamailioSide.getLocalSocketAddress() + " -> " + server + " with " + flags);
            System.out.flush();
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                kamailioSide.receive(request);
                SocketAddress kamailio = request.getSocketAddress();
                byte[] out = rewrite(buffer, request.getLength(), flags);
                serverSide.send(new DatagramPacket(out, out.length, server));
                DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                try {
                    serverSide.receive(reply);
                } catch (java.net.SocketTimeoutException e) {
                    System.out.println("no reply from " + server + ": Kamailio will retransmit");
                    continue;
                }
                kamailioSide.send(new DatagramPacket(reply.getData(), reply.getLength(), kamailio));
            }
        }
    }

    private static byte[] rewrite(byte[] datagram, int length, OperatorFlags flags) {
        String text = new String(datagram, 0, length, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        String cookie = text.substring(0, space);
        Map<String, Object> d;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = (Map<String, Object>) Bencode.decode(datagram, space + 1, length - space - 1);
            d = decoded;
        } catch (BencodeException | ClassCastException e) {
            System.out.println("passing on what does not decode: " + e.getMessage());
            System.out.flush();
            return java.util.Arrays.copyOf(datagram, length);
        }
        String command = Bencode.text(d.get("command"));
        String sdp = d.containsKey("sdp") ? Bencode.text(d.get("sdp")) : null;
        if (sdp == null || !("offer".equals(command) || "answer".equals(command))) {
            return java.util.Arrays.copyOf(datagram, length);
        }
        String flagString = sdp.contains("UDP/TLS/") ? flags.towardSip() : flags.towardBrowser();
        @SuppressWarnings("unchecked")
        List<Object> receivedFrom = (List<Object>) d.get("received-from");
        Map<String, Object> rebuilt = new LinkedHashMap<>(KamailioRequest.build(command, flagString, sdp,
                Bencode.text(d.get("call-id")), Bencode.text(d.get("from-tag")),
                d.containsKey("to-tag") ? Bencode.text(d.get("to-tag")) : null,
                receivedFrom == null ? "127.0.0.1" : Bencode.text(receivedFrom.get(1))));
        System.out.println(command + " " + Bencode.text(d.get("call-id")) + ": flags \"" + flagString + "\"");
        System.out.flush();
        return concat((cookie + " ").getBytes(StandardCharsets.ISO_8859_1), Bencode.encode(rebuilt));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
