package org.rtcsip.sidecar.ng;

import java.nio.charset.StandardCharsets;

/**
 * Caps on the SDP an offer or answer may carry, checked where the text enters, before any parsing or port
 * allocation: one offer with 500 m= lines used to take 1,000 ports, a few thousand a= lines cost parse time for
 * nothing. rtpengine has no such caps; the defaults are far above what browsers and phones send (Chromium's
 * audio+video offer: 5.9 KB, 2 m= lines, 123 a= lines in its video section).
 *
 * @param maxBytes             the SDP text in bytes ({@code max-sdp-size})
 * @param maxMediaSections     m= lines ({@code max-media-per-offer})
 * @param maxAttributesPerSection a= lines in one section, the session part included ({@code max-attributes-per-media})
 */
public record SdpLimits(int maxBytes, int maxMediaSections, int maxAttributesPerSection) {
    /** The built-in defaults, as sidecar-defaults.conf sets them. */
    public static final SdpLimits DEFAULTS = new SdpLimits(32_768, 16, 256);

    /** @throws NgException naming what is over which limit, and the option that sets it */
    void check(String sdp) throws NgException {
        if (sdp == null) {
            return;
        }
        int bytes = sdp.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new NgException("SDP too large (" + bytes + " bytes, max-sdp-size is " + maxBytes + ")");
        }
        int media = 0;
        int attributes = 0;
        int crowdedSection = -1;
        int crowdedCount = 0;
        for (int start = 0; start < sdp.length(); ) {
            int end = sdp.indexOf('\n', start);
            end = end < 0 ? sdp.length() : end;
            if (sdp.startsWith("m=", start)) {
                media++;
                attributes = 0;
            } else if (sdp.startsWith("a=", start) && ++attributes > maxAttributesPerSection) {
                if (crowdedSection < 0 || crowdedSection == media) {
                    crowdedSection = media;
                    crowdedCount = attributes;
                }
            }
            start = end + 1;
        }
        if (media > maxMediaSections) {
            throw new NgException("Too many media sections in SDP (" + media + ", max-media-per-offer is "
                    + maxMediaSections + ")");
        }
        if (crowdedSection >= 0) {
            throw new NgException("Too many attributes in " + (crowdedSection == 0 ? "the session section"
                    : "media section " + crowdedSection) + " of SDP (" + crowdedCount + ", max-attributes-per-media is "
                    + maxAttributesPerSection + ")");
        }
    }
}
