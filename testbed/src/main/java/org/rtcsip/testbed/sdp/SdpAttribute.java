package org.rtcsip.testbed.sdp;

/** An attribute an SDP carries, read the simple way tests need: the value of its first {@code a=NAME:} line. */
public final class SdpAttribute {
    private SdpAttribute() {
    }

    /** The value of the first {@code a=name:value} line, trimmed; throws {@link IllegalArgumentException} if none. */
    public static String first(String sdp, String name) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=" + name + ":")) {
                return line.substring(name.length() + 3).strip();
            }
        }
        throw new IllegalArgumentException("SDP: no a=" + name + " in\n" + sdp);
    }
}
