package org.rtcsip.sidecar.session;

import java.util.List;

import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.ice.IceCredentials;

/**
 * ICE and DTLS-SRTP as negotiated with a browser: its credentials and fingerprints, our role (null while our
 * {@code a=setup:actpass} is open), our credentials and the certificate this stream was given (rotation leaves a
 * running stream its own). A new {@link #localIce} is an ICE restart (RFC 8445 §9).
 */
record WebRtcPlan(IceCredentials remoteIce, List<Fingerprint> remoteFingerprints, DtlsRole role,
                  IceCredentials localIce, DtlsCertificate certificate) {

    WebRtcPlan withRemoteIce(IceCredentials c) {
        return new WebRtcPlan(c, remoteFingerprints, role, localIce, certificate);
    }

    WebRtcPlan withRemoteFingerprints(List<Fingerprint> f) {
        return new WebRtcPlan(remoteIce, List.copyOf(f), role, localIce, certificate);
    }

    WebRtcPlan withRole(DtlsRole r) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, r, localIce, certificate);
    }

    WebRtcPlan withLocalIce(IceCredentials c) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, role, c, certificate);
    }

    /** The a=setup value we write: our role, or actpass while it is open. */
    String setup() {
        return role == null ? "actpass" : role == DtlsRole.SERVER ? "passive" : "active";
    }
}
