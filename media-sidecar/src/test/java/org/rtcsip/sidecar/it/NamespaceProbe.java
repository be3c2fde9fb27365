package org.rtcsip.sidecar.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client run inside a test's network namespace ({@link NamespacedSidecar}), from a chosen source address:
 * {@code ng SOURCE HOST PORT COOKIE BENCODE} sends one ng datagram and prints the reply (or {@value #NO_REPLY});
 * {@code http SOURCE HOST PORT METHOD PATH [HEADER: VALUE]... [BODY=text]} sends one HTTP/1.1 request and prints
 * the response. The test's JVM stays outside the namespace, so this runs as its own short process there.
 */
public final class NamespaceProbe {
    static final String NO_REPLY = "NO REPLY";

    private NamespaceProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress source = InetAddress.getByName(args[1]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[2]), Integer.parseInt(args[3]));
        if (args[0].equals("ng")) {
            ng(source, target, args[4], args[5]);
        } else {
            http(source, target, args);
        }
    }

    private static void ng(InetAddress source, InetSocketAddress target, String cookie, String bencode)
            throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            socket.setSoTimeout(1500);
            byte[] out = (cookie + " " + bencode).getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(out, out.length, target));
            DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
            try {
                socket.receive(in);
                System.out.print(new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                System.out.print(NO_REPLY);
            }
        }
    }

    private static void http(InetAddress source, InetSocketAddress target, String[] args) throws Exception {
        StringBuilder request = new StringBuilder(args[4] + " " + args[5] + " HTTP/1.1\r\nHost: "
                + target.getAddress().getHostAddress() + "\r\nConnection: close\r\n");
        String body = "";
        for (int i = 6; i < args.length; i++) {
            if (args[i].startsWith("BODY=")) {
                body = args[i].substring(5);
            } else {
                request.append(args[i]).append("\r\n");
            }
        }
        request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(body);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(target, 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
