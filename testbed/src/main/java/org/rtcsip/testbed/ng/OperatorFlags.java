package org.rtcsip.testbed.ng;

/**
 * rtpengine_manage() flag strings as kamailio.cfg files in the field write them for a browser <-> SIP bridge: one
 * string for messages from the browser toward SIP, one for messages from SIP toward the browser. The sidecar must
 * give a browser a=mid and a=group:BUNDLE back whichever of them an operator uses (issue 14, item 6), with or
 * without {@code generate-mid}.
 */
public enum OperatorFlags {
    /** conf-samples/kamailio/kamailio.cfg as shipped (route MEDIA, without WITH_TRANSCODING). */
    SHIPPED("replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove"
            + " RTP/AVP",
            "replace-origin replace-session-connection trust-address rtcp-mux-offer rtcp-mux-require generate-mid"
                    + " SDES-off ICE=force UDP/TLS/RTP/SAVPF"),
    /** havfo/WEBRTC-to-SIP etc/kamailio/kamailio.cfg, route NATMANAGE (ng-protocol.md §3.3). */
    HAVFO("replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove"
            + " RTP/AVP",
            "replace-origin replace-session-connection trust-address rtcp-mux-offer generate-mid DTLS=passive"
                    + " SDES-off ICE=force RTP/SAVPF"),
    /** The same with generate-mid left out, as many copies of it have: rtpengine 10.5 then fails max-bundle. */
    HAVFO_WITHOUT_GENERATE_MID("replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off"
            + " SDES-off ICE=remove RTP/AVP",
            "replace-origin replace-session-connection trust-address rtcp-mux-offer DTLS=passive SDES-off ICE=force"
                    + " RTP/SAVPF"),
    /** The least a cfg can say: the profile and ICE, nothing about mux, mids, roles or SDES. */
    BARE("ICE=remove RTP/AVP", "ICE=force UDP/TLS/RTP/SAVPF");

    private final String towardSip;
    private final String towardBrowser;

    OperatorFlags(String towardSip, String towardBrowser) {
        this.towardSip = towardSip;
        this.towardBrowser = towardBrowser;
    }

    /** For an offer or answer that came from the browser and goes on to SIP. */
    public String towardSip() {
        return towardSip;
    }

    /** For an offer or answer that came from SIP and goes on to the browser. */
    public String towardBrowser() {
        return towardBrowser;
    }
}
