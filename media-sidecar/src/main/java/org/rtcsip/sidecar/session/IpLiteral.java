package org.rtcsip.sidecar.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address text from SDP or ng, parsed without DNS: a media loop must never block on a resolver, and a host
 * name in c= is refused rather than looked up.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    public static InetAddress parse(String text) throws SignallingException {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash); // multicast TTL / count suffix
        }
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!looksLikeIp(t)) {
            throw new SignallingException("Media address '" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new SignallingException("Media address '" + text + "' is not an IP address");
        }
    }

    /** Only digits, dots, hex digits and colons: getByName then never consults a resolver. */
    private static boolean looksLikeIp(String t) {
        if (t.isEmpty()) {
            return false;
        }
        boolean colon = t.indexOf(':') >= 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':'
                    || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return colon || t.chars().filter(c -> c == '.').count() == 3;
    }

    public static String format(InetAddress address) {
        String s = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int pct = s.indexOf('%');
            return pct >= 0 ? s.substring(0, pct) : s;
        }
        return s;
    }
}
