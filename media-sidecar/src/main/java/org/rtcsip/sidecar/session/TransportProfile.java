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
}
