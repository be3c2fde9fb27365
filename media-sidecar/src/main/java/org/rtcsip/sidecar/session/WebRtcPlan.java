package org.rtcsip.sidecar.session;

import java.util.List;

import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceMode;
import org.rtcsip.sidecar.ice.IceRole;

/**
 * ICE and DTLS-SRTP as negotiated with a browser: its credentials, candidates and fingerprints, our role (null while
 * our {@code a=setup:actpass} is open), our credentials, the certificate this stream was given (rotation leaves a
 * running stream its own), and how we do ICE: lite, or full in the role RFC 8445 §6.1.1 gave us (null until our
 * first SDP toward the browser settles it). A new {@link #localIce} is an ICE restart (RFC 8445 §9).
 */
record WebRtcPlan(IceCredentials remoteIce, List<Fingerprint> remoteFingerprints, DtlsRole role,
                  IceCredentials localIce, DtlsCertificate certificate, IceMode ice, IceRole iceRole,
                  List<IceCandidate> remoteCandidates) {

    WebRtcPlan withRemoteIce(IceCredentials c) {
        return new WebRtcPlan(c, remoteFingerprints, role, localIce, certificate, ice, iceRole, remoteCandidates);
    }

    WebRtcPlan withRemoteFingerprints(List<Fingerprint> f) {
        return new WebRtcPlan(remoteIce, List.copyOf(f), role, localIce, certificate, ice, iceRole, remoteCandidates);
    }

    WebRtcPlan withRole(DtlsRole r) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, r, localIce, certificate, ice, iceRole, remoteCandidates);
    }

    WebRtcPlan withLocalIce(IceCredentials c) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, role, c, certificate, ice, iceRole, remoteCandidates);
    }

    WebRtcPlan withIce(IceMode mode) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, role, localIce, certificate, mode, iceRole,
                remoteCandidates);
    }

    WebRtcPlan withIceRole(IceRole r) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, role, localIce, certificate, ice, r, remoteCandidates);
    }

    WebRtcPlan withRemoteCandidates(List<IceCandidate> c) {
        return new WebRtcPlan(remoteIce, remoteFingerprints, role, localIce, certificate, ice, iceRole,
                List.copyOf(c));
    }

    /** The a=setup value we write: our role, or actpass while it is open. */
    String setup() {
        return role == null ? "actpass" : role == DtlsRole.SERVER ? "passive" : "active";
    }

    boolean lite() {
        return ice == IceMode.LITE;
    }
}
