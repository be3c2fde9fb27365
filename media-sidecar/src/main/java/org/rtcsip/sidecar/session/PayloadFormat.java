package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.RtpMap;
import org.rtcsip.sidecar.sdp.SdpParseException;

/**
 * One RTP payload format of an m= line: payload type, codec (encoding/clock rate/channels) and its fmtp.
 *
 * @param fmtp the a=fmtp value after the payload type, or null
 */
public record PayloadFormat(int payloadType, String encoding, int clockRate, int channels, String fmtp) {

    /** RFC 3551 §6 static audio payload types that SDP may use without a=rtpmap. */
    static PayloadFormat staticType(int pt) {
        return switch (pt) {
            case 0 -> new PayloadFormat(0, "PCMU", 8000, 1, null);
            case 3 -> new PayloadFormat(3, "GSM", 8000, 1, null);
            case 4 -> new PayloadFormat(4, "G723", 8000, 1, null);
            case 8 -> new PayloadFormat(8, "PCMA", 8000, 1, null);
            case 9 -> new PayloadFormat(9, "G722", 8000, 1, null);
            case 13 -> new PayloadFormat(13, "CN", 8000, 1, null);
            case 18 -> new PayloadFormat(18, "G729", 8000, 1, null);
            default -> null;
        };
    }

    /** The formats of an m= line in preference order; formats it cannot name are left out. */
    static List<PayloadFormat> of(MediaDescription md) {
        List<PayloadFormat> out = new ArrayList<>();
        for (String f : md.formats()) {
            int pt;
            try {
                pt = Integer.parseInt(f);
            } catch (NumberFormatException e) {
                continue; // not RTP (e.g. a data channel's webrtc-datachannel)
            }
            PayloadFormat format = null;
            try {
                RtpMap map = md.rtpMap(f);
                if (map != null) {
                    format = new PayloadFormat(pt, map.encodingName(), map.clockRate(), map.channels(), null);
                }
            } catch (SdpParseException e) {
                format = null;
            }
            if (format == null) {
                format = staticType(pt);
            }
            if (format != null) {
                out.add(format.withFmtp(fmtpOf(md, f)));
            }
        }
        return out;
    }

    private static String fmtpOf(MediaDescription md, String pt) {
        for (String v : md.attributeValues("fmtp")) {
            if (v.startsWith(pt + " ")) {
                return v.substring(pt.length() + 1);
            }
        }
        return null;
    }

    public PayloadFormat withFmtp(String newFmtp) {
        return new PayloadFormat(payloadType, encoding, clockRate, channels, newFmtp);
    }

    public PayloadFormat withPayloadType(int pt) {
        return new PayloadFormat(pt, encoding, clockRate, channels, fmtp);
    }

    /** Same codec, whatever the payload type number: name (case-insensitive), clock rate and channels. */
    public boolean sameCodec(PayloadFormat o) {
        return encoding.equalsIgnoreCase(o.encoding) && clockRate == o.clockRate && channels == o.channels;
    }

    /** Matches a name from ng codec flags: {@code opus}, {@code PCMU}, {@code opus/48000}, {@code all}. */
    public boolean matches(String flagName) {
        String[] parts = flagName.split("/");
        if (!parts[0].equalsIgnoreCase(encoding)) {
            return false;
        }
        try {
            return (parts.length < 2 || Integer.parseInt(parts[1]) == clockRate)
                    && (parts.length < 3 || Integer.parseInt(parts[2]) == channels);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean isTelephoneEvent() {
        return encoding.equalsIgnoreCase("telephone-event");
    }

    public boolean isComfortNoise() {
        return encoding.equalsIgnoreCase("CN");
    }

    /** A format that carries audio (not DTMF events, comfort noise or redundancy). */
    public boolean isAudioCodec() {
        return !isTelephoneEvent() && !isComfortNoise() && !encoding.equalsIgnoreCase("red");
    }

    /** {@code opus/48000/2}: the rtpmap encoding part and the name query replies use. */
    public String codecName() {
        return encoding + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    String lowerName() {
        return encoding.toLowerCase(Locale.ROOT);
    }
}
