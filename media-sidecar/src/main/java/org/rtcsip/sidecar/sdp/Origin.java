package org.rtcsip.sidecar.sdp;

/** A parsed {@code o=} value, RFC 8866 §5.2. */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addressType,
                     String address) {

    public static Origin parse(String value) throws SdpParseException {
        String[] p = value.split(" ");
        if (p.length != 6) {
            throw new SdpParseException("o= needs 6 fields, got \"" + value + "\"");
        }
        return new Origin(p[0], p[1], p[2], p[3], p[4], p[5]);
    }

    public Origin withAddress(String type, String newAddress) {
        return new Origin(username, sessionId, sessionVersion, netType, type, newAddress);
    }

    public String value() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addressType, address);
    }
}
