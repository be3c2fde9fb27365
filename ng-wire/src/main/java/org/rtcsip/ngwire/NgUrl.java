package org.rtcsip.ngwire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The ng server addresses Kamailio's {@code rtpengine_sock} names. */
public final class NgUrl {

    private NgUrl() {
    }

    /**
     * Parses an ng URL: {@code udp:IP:PORT}, {@code udp6:[IP]:PORT}, {@code udp6:IP:PORT} (the last colon separates
     * the port), or {@code IP:PORT} / {@code [IPv6]:PORT}. Host names resolve.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code url}
     */
    public static InetSocketAddress address(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty ng URL; expected udp:IP:PORT as in kamailio.cfg's rtpengine_sock");
        }
        String rest = url.strip();
        if (rest.startsWith("udp6:")) {
            rest = rest.substring(5);
        } else if (rest.startsWith("udp:")) {
            rest = rest.substring(4);
        } else if (rest.contains("://") || rest.startsWith("unix:") || rest.startsWith("tcp:")) {
            throw new IllegalArgumentException("ng URL " + url + ": only udp: and udp6: are supported");
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new IllegalArgumentException("ng URL " + url + " has no port; expected udp:IP:PORT");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ng URL " + url + ": port " + rest.substring(colon + 1) + " is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ng URL " + url + ": port " + port + " is out of range 1-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ng URL " + url + ": unknown host " + host);
        }
    }

    /** {@code udp:IP:PORT} ({@code udp6:[IP]:PORT} for IPv6), as kamailio.cfg's rtpengine_sock writes it. */
    public static String of(InetSocketAddress address) {
        String ip = address.getAddress().getHostAddress();
        return ip.contains(":") ? "udp6:[" + ip + "]:" + address.getPort() : "udp:" + ip + ":" + address.getPort();
    }
}
