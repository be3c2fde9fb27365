package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;

import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;

/**
 * Writes a payload format list into an m= section: the m= line's formats, and the a=rtpmap / a=fmtp /
 * a=rtcp-fb lines that go with them. Lines of formats that stay keep their original text; formats the sidecar
 * adds get rtpmap and fmtp but no rtcp-fb (we would not honour the feedback).
 */
final class SdpFormats {
    private SdpFormats() {
    }

    static void apply(MediaDescription md, List<PayloadFormat> formats, List<PayloadFormat> original) {
        List<String> pts = new ArrayList<>();
        for (PayloadFormat f : formats) {
            pts.add(Integer.toString(f.payloadType()));
        }
        md.removeLines(l -> isPerFormat(l) && !pts.contains(formatOf(l)));
        for (PayloadFormat f : formats) {
            boolean unchanged = original.contains(f) && hasRtpMapOrStatic(md, f);
            if (unchanged) {
                continue;
            }
            String pt = Integer.toString(f.payloadType());
            md.removeLines(l -> isPerFormat(l) && pt.equals(formatOf(l)));
            int at = insertionPoint(md);
            md.lines().add(at, SdpLine.attribute("rtpmap", pt + " " + f.codecName()));
            if (f.fmtp() != null) {
                md.lines().add(at + 1, SdpLine.attribute("fmtp", pt + " " + f.fmtp()));
            }
        }
        md.setFormats(pts);
    }

    private static boolean hasRtpMapOrStatic(MediaDescription md, PayloadFormat f) {
        String pt = Integer.toString(f.payloadType());
        for (String v : md.attributeValues("rtpmap")) {
            if (v.startsWith(pt + " ")) {
                return true;
            }
        }
        return PayloadFormat.staticType(f.payloadType()) != null;
    }

    private static boolean isPerFormat(SdpLine l) {
        return l.isAttribute("rtpmap") || l.isAttribute("fmtp") || l.isAttribute("rtcp-fb");
    }

    private static String formatOf(SdpLine l) {
        String v = l.attributeValue();
        if (v == null) {
            return "";
        }
        int space = v.indexOf(' ');
        return space < 0 ? v : v.substring(0, space);
    }

    /** After the last rtpmap/fmtp/rtcp-fb line, else before the first direction or rtcp line, else at the end. */
    private static int insertionPoint(MediaDescription md) {
        List<SdpLine> lines = md.lines();
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isPerFormat(lines.get(i))) {
                last = i;
            }
        }
        return last >= 0 ? last + 1 : lines.size();
    }
}
