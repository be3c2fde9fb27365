package org.rtcsip.sidecar.sdp;

/**
 * One {@code <type>=<value>} line, kept as text so that an untouched line is written back byte for byte.
 * For {@code a=} lines {@link #attributeName()} and {@link #attributeValue()} split at the first colon
 * (RFC 8866 §5.13: {@code a=<name>} or {@code a=<name>:<value>}).
 */
public record SdpLine(char type, String value) {

    public static SdpLine attribute(String name, String value) {
        return new SdpLine('a', value == null ? name : name + ":" + value);
    }

    public boolean isAttribute() {
        return type == 'a';
    }

    public String attributeName() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** The part after the first colon, or null for a property attribute such as {@code a=rtcp-mux}. */
    public String attributeValue() {
        int colon = value.indexOf(':');
        return colon < 0 ? null : value.substring(colon + 1);
    }

    public boolean isAttribute(String name) {
        return type == 'a' && value.regionMatches(true, 0, name, 0, name.length())
                && (value.length() == name.length() || value.charAt(name.length()) == ':');
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
