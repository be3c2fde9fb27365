package org.rtcsip.sidecar.sdp;

import java.util.regex.Pattern;

/** A parsed {@code c=} value, RFC 8866 §5.7: {@code IN IP4 192.0.2.1} (a multicast TTL suffix is kept in address). */
public record Connection(String netType, String addressType, String address) {
    /** Compiled once: String.split compiles a pattern of more than one character on every call (every offer). */
    private static final Pattern SPACES = Pattern.compile(" +");

    public static Connection parse(String value) throws SdpParseException {
        String[] parts = SPACES.split(value.trim());
        if (parts.length != 3) {
            throw new SdpParseException("c= needs 3 fields, got \"" + value + "\"");
        }
        if (!parts[0].equals("IN")) {
            throw new SdpParseException("c= network type \"" + parts[0] + "\" is not IN");
        }
        if (!parts[1].equals("IP4") && !parts[1].equals("IP6")) {
            throw new SdpParseException("c= address type \"" + parts[1] + "\" is not IP4 or IP6");
        }
        return new Connection(parts[0], parts[1], parts[2]);
    }

    public static Connection of(String address, boolean ipv6) {
        return new Connection("IN", ipv6 ? "IP6" : "IP4", address);
    }

    /** RFC 3264 §8.4: the old way of putting a stream on hold. */
    public boolean isUnspecified() {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    public String value() {
        return netType + " " + addressType + " " + address;
    }
}
