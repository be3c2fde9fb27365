package org.rtcsip.bench.media;

import java.util.Locale;

/**
 * The media scenarios: what each party offers and answers, and the kamailio.cfg flag strings Kamailio would pass
 * to {@code rtpengine_offer()} / {@code rtpengine_answer()} for such a call (ng-protocol.md §3.3). The caller is
 * party A (offerer, From tag), the callee party B.
 */
public enum Scenario {
    /** PCMU both sides, plain RTP: a relay. */
    PASSTHROUGH_PCMU("passthrough-pcmu", false, false, Base.FLAGS + " RTP/AVP", Base.FLAGS + " RTP/AVP"),
    /** The caller speaks SDES-SRTP (RFC 4568), the callee plain RTP; PCMU both sides. */
    SDES_TO_RTP("sdes-to-rtp", true, false, Base.FLAGS + " RTP/AVP", Base.FLAGS + " RTP/SAVP"),
    /** The caller offers only Opus, the callee gets PCMU only: the server must transcode. */
    TRANSCODE_OPUS_PCMU("transcode-opus-pcmu", false, true, Base.FLAGS + " RTP/AVP codec-mask-opus transcode-PCMU",
            Base.FLAGS + " RTP/AVP");

    /** What every call of the havfo-style kamailio.cfg passes between two SIP (non-browser) legs. */
    private static final class Base {
        static final String FLAGS = "replace-origin replace-session-connection trust-address ICE=remove";
    }

    public static final String SDES_SUITE = "AES_CM_128_HMAC_SHA1_80";

    private final String label;
    final boolean callerSrtp;
    final boolean transcodes;
    final String offerFlags;
    final String answerFlags;

    Scenario(String label, boolean callerSrtp, boolean transcodes, String offerFlags, String answerFlags) {
        this.label = label;
        this.callerSrtp = callerSrtp;
        this.transcodes = transcodes;
        this.offerFlags = offerFlags;
        this.answerFlags = answerFlags;
    }

    public String label() {
        return label;
    }

    public boolean transcodes() {
        return transcodes;
    }

    public String offerFlags() {
        return offerFlags;
    }

    public String answerFlags() {
        return answerFlags;
    }

    /** The scenario of a label such as {@code passthrough-pcmu}. */
    /** True if {@code label} names one of these media scenarios (not ng-rtt or dtls-handshakes). */
    public static boolean isMedia(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label)) {
                return true;
            }
        }
        return false;
    }

    public static Scenario byLabel(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + label + "; known: passthrough-pcmu, sdes-to-rtp, "
                + "transcode-opus-pcmu");
    }

    /** The fmtp of the caller's Opus: what a browser offers (the sidecar's encoder toward it follows it). */
    public String callerOpusFmtp() {
        return "minptime=10;useinbandfec=1";
    }

    /** The caller's offer: {@code crypto} is the a=crypto value for SRTP scenarios, else ignored. */
    String callerOffer(int port, long sessionId, String crypto) {
        StringBuilder sdp = head("caller", sessionId);
        if (transcodes) {
            sdp.append("m=audio ").append(port).append(" RTP/AVP 96\r\n")
                    .append("a=rtpmap:96 opus/48000/2\r\n")
                    .append("a=fmtp:96 ").append(callerOpusFmtp()).append("\r\n");
        } else {
            sdp.append("m=audio ").append(port).append(callerSrtp ? " RTP/SAVP 0\r\n" : " RTP/AVP 0\r\n")
                    .append("a=rtpmap:0 PCMU/8000\r\n");
            if (callerSrtp) {
                sdp.append("a=crypto:").append(crypto).append("\r\n");
            }
        }
        return sdp.append("a=ptime:20\r\na=sendrecv\r\n").toString();
    }

    /** The callee's answer: PCMU over plain RTP in every scenario. */
    String calleeAnswer(int port, long sessionId) {
        return head("callee", sessionId).append("m=audio ").append(port).append(" RTP/AVP 0\r\n")
                .append("a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n").toString();
    }

    private static StringBuilder head(String user, long sessionId) {
        return new StringBuilder(256).append("v=0\r\n")
                .append("o=").append(user).append(' ').append(sessionId).append(" 1 IN IP4 127.0.0.1\r\n")
                .append("s=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
    }
}
