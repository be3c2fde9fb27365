package org.rtcsip.sidecar.session;

/** What a transport profile name from m= or ng {@code transport-protocol} means for the relay. */
final class TransportProfile {
    private TransportProfile() {
    }

    static boolean isRtp(String proto) {
        return proto.startsWith("RTP/") || proto.startsWith("UDP/TLS/RTP/");
    }

    /** RFC 3711 profiles: RTP/SAVP, RTP/SAVPF and their DTLS forms. */
    static boolean isSecure(String proto) {
        return proto.contains("SAVP");
    }

    static boolean isDtls(String proto) {
        return proto.startsWith("UDP/TLS/");
    }

    /** SDES-keyed SRTP: a secure RTP profile without DTLS. */
    static boolean isSdes(String proto) {
        return isSecure(proto) && !isDtls(proto);
    }

    /**
     * The profile toward the recipient of an offer: the ng {@code transport-protocol} (else the sender's own). An SRTP
     * profile written without UDP/TLS/ (the havfo/WEBRTC-to-SIP cfg's {@code RTP/SAVPF SDES-off}) means DTLS-SRTP
     * unless {@code DTLS=off}: with SDES off nothing else could key it (ng-protocol.md §3.2).
     */
    static String forOffer(String flagProfile, String senderProfile, MediaOptions opts) {
        if (flagProfile == null) {
            return senderProfile;
        }
        return isSdes(flagProfile) && opts.sdes().contains("off") && !dtlsOff(opts)
                ? "UDP/TLS/" + flagProfile : flagProfile;
    }

    /**
     * The profile toward the offerer in an answer: the flag's, but an offerer that spoke DTLS-SRTP keeps it when
     * the flag names the same SRTP profile without UDP/TLS/ (RFC 3264 §6: the answer cannot change the transport;
     * rtpengine answers UDP/TLS/RTP/SAVPF to {@code RTP/SAVPF} flags, ng-protocol.md §3.3).
     */
    static String forAnswer(String flagProfile, String offererProfile, MediaOptions opts) {
        if (flagProfile == null) {
            return offererProfile;
        }
        if (offererProfile != null && isDtls(offererProfile) && isSdes(flagProfile) && !dtlsOff(opts)) {
            return "UDP/TLS/" + flagProfile;
        }
        return flagProfile;
    }

    private static boolean dtlsOff(MediaOptions opts) {
        String dtls = opts.dtls();
        return "off".equals(dtls) || "no".equals(dtls) || "disable".equals(dtls);
    }
}
