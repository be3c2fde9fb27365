package org.rtcsip.sidecar.sdp;

import java.util.Locale;

/** An {@code a=rtpmap:} value, RFC 8866 §6.6: {@code 111 opus/48000/2}. */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {

    public static RtpMap parse(String value) throws SdpParseException {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new SdpParseException("rtpmap \"" + value + "\" has no encoding");
        }
        try {
            int pt = Integer.parseInt(value.substring(0, space).trim());
            String[] enc = value.substring(space + 1).trim().split("/");
            if (enc.length < 2) {
                throw new SdpParseException("rtpmap \"" + value + "\" has no clock rate");
            }
            int channels = enc.length > 2 ? Integer.parseInt(enc[2]) : 1;
            return new RtpMap(pt, enc[0], Integer.parseInt(enc[1]), channels);
        } catch (NumberFormatException e) {
            throw new SdpParseException("rtpmap \"" + value + "\" has a non-numeric field");
        }
    }

    /** {@code opus/48000/2} or {@code PCMU/8000}: the form ng codec flags and query replies use. */
    public String codecName() {
        return encodingName + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    public boolean isNamed(String name) {
        return encodingName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }
}
