package org.rtcsip.sidecar.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Addresses as rtpengine writes them. Only IP literals (and "localhost" for listen addresses) are
 * accepted: nothing here ever asks DNS, because InetAddress.getByName("1.2.3.999") would quietly
 * become a host name lookup and start-up would hang on a typo.
 */
final class AddressSyntax {

    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};

    private AddressSyntax() {
    }

    /** IPv4 dotted quad or IPv6 (brackets optional). */
    static InetAddress ipLiteral(String text) throws InvalidValue {
        String s = text;
        if (s.startsWith("[") && s.endsWith("]") && s.length() > 2) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') >= 0) {
            return ipv6(s);
        }
        byte[] v4 = ipv4(s);
        if (v4 == null) {
            throw new InvalidValue(looksLikeAName(s)
                    ? "is not an IP address (interface names, host names and 'any' are not supported here;"
                            + " give the address)"
                    : "is not an IP address");
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only thrown for a wrong array length
        }
    }

    /** {@code [NAME/]LOCAL[!ADVERTISED]}; NAME defaults to {@value MediaInterface#DEFAULT_NAME}. */
    static MediaInterface mediaInterface(String spec) throws InvalidValue {
        String name = MediaInterface.DEFAULT_NAME;
        String addresses = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            name = spec.substring(0, slash);
            addresses = spec.substring(slash + 1);
            checkInterfaceName(name);
        }
        int bang = addresses.indexOf('!');
        String localText = bang < 0 ? addresses : addresses.substring(0, bang);
        String advertisedText = bang < 0 ? null : addresses.substring(bang + 1);
        if (advertisedText != null && advertisedText.indexOf('!') >= 0) {
            throw new InvalidValue("has more than one '!'; the form is NAME/LOCAL!ADVERTISED");
        }
        InetAddress local = ipLiteral(localText);
        InetAddress advertised = advertisedText == null ? local : ipLiteral(advertisedText);
        if (local.isMulticastAddress() || advertised.isMulticastAddress()) {
            throw new InvalidValue("is a multicast address; media is received on a unicast address");
        }
        if (advertised.isAnyLocalAddress()) {
            throw new InvalidValue(advertisedText == null
                    ? "is the wildcard address; give the address peers send media to, or LOCAL!ADVERTISED"
                    : "advertises the wildcard address; SDP needs an address peers can reach");
        }
        if ((local instanceof Inet4Address) != (advertised instanceof Inet4Address)) {
            throw new InvalidValue("mixes IPv4 and IPv6; the advertised address must have the local one's family");
        }
        return new MediaInterface(name, local, advertised);
    }

    /**
     * {@code PORT} (all interfaces), {@code IP:PORT}, {@code [IPv6]:PORT} or {@code localhost:PORT}.
     * Port 0 lets the system choose, which tests use.
     */
    static InetSocketAddress listenAddress(String text) throws InvalidValue {
        if (text.indexOf(';') >= 0) {
            throw new InvalidValue("holds several addresses; this option takes one");
        }
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new InetSocketAddress(port(text));
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new InvalidValue("is not [IPv6]:PORT");
            }
            host = text.substring(0, close + 1);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidValue("has no port; the form is [IP:]PORT");
            }
            if (text.indexOf(':') != colon) {
                throw new InvalidValue("is ambiguous; write IPv6 addresses in brackets, as [::1]:2223");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port = port(portText);
        InetAddress address;
        try {
            address = "localhost".equalsIgnoreCase(host)
                    ? InetAddress.getByAddress("localhost", LOOPBACK_V4)
                    : ipLiteral(host);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new InetSocketAddress(address, port);
    }

    /** {@code IP/PREFIX} or a bare {@code IP} (one host), IPv4 or IPv6. */
    static AddressBlock addressBlock(String text) throws InvalidValue {
        int slash = text.indexOf('/');
        InetAddress address = ipLiteral(slash < 0 ? text : text.substring(0, slash));
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new AddressBlock(address, bits);
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > bits) {
            throw new InvalidValue("has no valid prefix length after '/' (0-" + bits + ")");
        }
        return new AddressBlock(address, Integer.parseInt(prefix));
    }

    static void checkInterfaceName(String name) throws InvalidValue {
        if (name.isEmpty()) {
            throw new InvalidValue("has an empty interface name before '/'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                throw new InvalidValue("has an interface name with '" + c
                        + "'; use letters, digits and - _ . :");
            }
        }
    }

    private static int port(String text) throws InvalidValue {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValue("has no valid port (0-65535)");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new InvalidValue("has port " + port + ", above 65535");
        }
        return port;
    }

    // Strict dotted quad: four decimal parts 0-255, no leading zeros (inet_aton would read them as octal).
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    private static InetAddress ipv6(String s) throws InvalidValue {
        int percent = s.indexOf('%');
        String address = percent < 0 ? s : s.substring(0, percent);
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!ok) {
                throw new InvalidValue("is not an IP address");
            }
        }
        if (percent >= 0) {
            String zone = s.substring(percent + 1);
            if (zone.isEmpty() || !zone.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                    || c == '_' || c == '.')) {
                throw new InvalidValue("is not an IP address");
            }
        }
        try {
            // With brackets the JDK parses a literal or fails; it never falls back to a DNS lookup.
            return InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException e) {
            throw new InvalidValue("is not an IP address");
        }
    }

    private static boolean looksLikeAName(String s) {
        return s.chars().anyMatch(Character::isLetter);
    }
}
