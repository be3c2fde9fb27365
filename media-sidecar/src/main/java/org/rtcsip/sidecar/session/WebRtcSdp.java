package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.dtls.FingerprintParseException;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * The SDP side of a browser leg, as plan values: reads a browser's ICE credentials, fingerprints and a=setup
 * (RFC 8839, RFC 8842), and writes ours (ICE-lite, RFC 8445 §5.3). Decides our DTLS role, and an ICE restart when
 * the browser's credentials change; creates nothing (the transport is made at commit).
 */
final class WebRtcSdp {
    private WebRtcSdp() {
    }

    /** A browser leg not negotiated before: our credentials and the certificate in use now. */
    static WebRtcPlan fresh(Random random, DtlsCertificate certificate) {
        return new WebRtcPlan(null, List.of(), null, IceCredentials.random(random), certificate);
    }

    /** What a browser's SDP says: its credentials (new ones = restart, we answer with new ones too), keys, setup. */
    static WebRtcPlan learn(WebRtcPlan plan, SessionDescription sdp, MediaDescription md, int index, Random random)
            throws SignallingException {
        String ufrag = attribute(sdp, md, "ice-ufrag");
        String pwd = attribute(sdp, md, "ice-pwd");
        if (ufrag != null && pwd != null) {
            IceCredentials creds;
            try {
                creds = new IceCredentials(ufrag, pwd);
            } catch (IllegalArgumentException e) {
                throw new SignallingException("Failed to parse SDP: bad ICE credentials in media " + (index + 1));
            }
            if (plan.remoteIce() != null && !plan.remoteIce().equals(creds)) {
                plan = plan.withLocalIce(IceCredentials.random(random)); // RFC 8445 §9
            }
            plan = plan.withRemoteIce(creds);
        }
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (String v : values(sdp, md, "fingerprint")) {
            try {
                fingerprints.add(Fingerprint.parse(v));
            } catch (FingerprintParseException e) {
                throw new SignallingException("Failed to parse SDP: bad a=fingerprint: " + e.getMessage());
            }
        }
        if (fingerprints.isEmpty()) {
            throw new SignallingException("DTLS-SRTP media " + (index + 1) + " has no a=fingerprint");
        }
        if (!plan.remoteFingerprints().isEmpty() && !plan.remoteFingerprints().equals(fingerprints)) {
            plan = plan.withRole(null); // another certificate: a new DTLS association (RFC 8842 §5)
        }
        plan = plan.withRemoteFingerprints(fingerprints);
        String setup = attribute(sdp, md, "setup");
        if ("active".equals(setup)) {
            plan = plan.withRole(DtlsRole.SERVER);
        } else if ("passive".equals(setup)) {
            plan = plan.withRole(DtlsRole.CLIENT);
        }
        return plan;
    }

    /**
     * Our ICE and DTLS lines for the SDP going to the browser. The ng {@code DTLS} flag picks our setup in an offer
     * (actpass by default); answering a browser's actpass we are active as rtpengine is, passive with DTLS=passive.
     */
    static WebRtcPlan write(WebRtcPlan plan, MediaDescription out, boolean isOffer, String dtlsFlag,
                            InetSocketAddress candidate) {
        if (plan.role() == null) {
            if (isOffer) {
                if ("passive".equals(dtlsFlag)) {
                    plan = plan.withRole(DtlsRole.SERVER);
                } else if ("active".equals(dtlsFlag)) {
                    plan = plan.withRole(DtlsRole.CLIENT);
                }
            } else {
                plan = plan.withRole("passive".equals(dtlsFlag) ? DtlsRole.SERVER : DtlsRole.CLIENT);
            }
        }
        List<IceCandidate> hosts = IceCandidate.hosts(1, List.of(candidate));
        for (String a : IceLiteAgent.mediaAttributes(plan.localIce(), hosts)) {
            int colon = a.indexOf(':');
            out.addAttribute(colon < 0 ? a : a.substring(0, colon), colon < 0 ? null : a.substring(colon + 1));
        }
        out.addAttribute("fingerprint", plan.certificate().fingerprint().toString());
        out.addAttribute("setup", plan.setup());
        return plan;
    }

    /** Session lines of an ICE-lite agent (RFC 8839 §5.3). */
    static List<String> sessionAttributes() {
        return List.of("ice-lite");
    }

    private static String attribute(SessionDescription sdp, MediaDescription md, String name) {
        SdpLine l = md.attribute(name);
        if (l == null) {
            l = sdp.attribute(name);
        }
        return l == null || l.attributeValue() == null ? null : l.attributeValue().trim();
    }

    private static List<String> values(SessionDescription sdp, MediaDescription md, String name) {
        List<String> v = md.attributeValues(name);
        return v.isEmpty() ? sdp.attributeValues(name) : v;
    }
}
