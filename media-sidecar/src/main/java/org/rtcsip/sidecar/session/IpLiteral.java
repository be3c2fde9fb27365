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

    /** Whether {@link #parse} would take {@code text} (an IP literal, not a host name such as an mDNS name). */
    static boolean isLiteral(String text) {
        try {
            parse(text);
            return true;
        } catch (SignallingException e) {
            return false;
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

    /**
     * Address text for SDP and statistics. IPv6 in RFC 5952 §4 form (lower case, no leading zeros, the longest run
     * of two or more zero groups as {@code ::}, no scope), as rtpengine and every browser write it; Java's
     * {@code getHostAddress} would give {@code 0:0:0:0:0:0:0:1}.
     */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int zerosAt = -1;
        int zerosLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > zerosLength) {
                zerosAt = i;
                zerosLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == zerosAt) {
                s.append("::");
                i += zerosLength - 1;
                continue;
            }
            if (i > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
