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
import org.rtcsip.sidecar.ice.IceCandidateException;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.ice.IceMode;
import org.rtcsip.sidecar.ice.IceRole;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * The SDP side of a browser leg, as plan values: reads a browser's ICE credentials, candidates, fingerprints and
 * a=setup (RFC 8839, RFC 8842), and writes ours (ICE-lite, RFC 8445 §5.3, or full ICE). Decides our DTLS role, our
 * ICE role (RFC 8445 §6.1.1), and an ICE restart when the browser's credentials change; creates nothing (the
 * transport is made at commit).
 */
final class WebRtcSdp {
    private WebRtcSdp() {
    }

    /** A browser leg not negotiated before: our credentials, the certificate in use now, the ICE mode it gets. */
    static WebRtcPlan fresh(Random random, DtlsCertificate certificate, IceMode ice) {
        return new WebRtcPlan(null, List.of(), null, IceCredentials.random(random), certificate, ice, null,
                List.of());
    }

    /**
     * rtpengine's {@code ICE-lite} key of an offer, for the plan of the party it names: {@code toward} is the
     * recipient's plan ({@code forward}, {@code both}) or the sender's ({@code backward}, {@code both}); {@code off}
     * makes both full. Without the key (or when it names the other party) the plan keeps its mode.
     */
    static WebRtcPlan iceMode(WebRtcPlan plan, String iceLite, boolean recipient) {
        if (iceLite == null) {
            return plan;
        }
        IceMode mode = switch (iceLite) {
            case "off" -> IceMode.FULL;
            case "both" -> IceMode.LITE;
            case "forward" -> recipient ? IceMode.LITE : null;
            case "backward" -> recipient ? null : IceMode.LITE;
            default -> null;
        };
        return mode == null || mode == plan.ice() ? plan : plan.withIce(mode).withIceRole(null);
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
            plan = plan.withRemoteIce(creds).withRemoteCandidates(candidates(md));
            if (sdp.attribute("ice-lite") != null && plan.iceRole() == null) {
                plan = plan.withIceRole(IceRole.CONTROLLING); // RFC 8445 §6.1.1: a full agent controls a lite one
            }
        } else {
            // a DTLS-SRTP peer without ICE (a trunk, RFC 5763 alone): its c=/m= address is where media goes
            plan = plan.withIce(IceMode.NONE).withIceRole(null);
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
     * Our ICE and DTLS lines for the SDP going to the browser (only the DTLS lines toward a peer without ICE). The ng
     * {@code DTLS} flag picks our setup in an offer (actpass by default); answering a peer's actpass we are active
     * as rtpengine is, passive with DTLS=passive.
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
        if (plan.iceRole() == null) {
            // RFC 8445 §6.1.1: lite is always controlled; between two full agents the offerer controls
            plan = plan.withIceRole(plan.lite() || !isOffer ? IceRole.CONTROLLED : IceRole.CONTROLLING);
        }
        if (plan.ice() == IceMode.NONE) {
            addDtlsAttributes(plan, out);
            return plan;
        }
        List<IceCandidate> hosts = IceCandidate.hosts(1, List.of(candidate));
        for (String a : IceLiteAgent.mediaAttributes(plan.localIce(), hosts)) {
            int colon = a.indexOf(':');
            out.addAttribute(colon < 0 ? a : a.substring(0, colon), colon < 0 ? null : a.substring(colon + 1));
        }
        addDtlsAttributes(plan, out);
        return plan;
    }

    /** RFC 8122 §5: our certificate's fingerprint and our a=setup (actpass while the role is open). */
    private static void addDtlsAttributes(WebRtcPlan plan, MediaDescription out) {
        out.addAttribute("fingerprint", plan.certificate().fingerprint().toString());
        out.addAttribute("setup", plan.setup());
    }

    /** Session lines toward the browser: {@code a=ice-lite} for a lite agent (RFC 8839 §5.3), none for full ICE. */
    static List<String> sessionAttributes(WebRtcPlan plan) {
        return plan.lite() ? List.of("ice-lite") : List.of();
    }

    /**
     * The browser's media-level candidates for a full agent to check (RFC 8839 §5.1); a line that does not parse is
     * left out, as RFC 8839 §5.1 lets an agent ignore what it cannot use (the rest of the SDP still counts).
     */
    private static List<IceCandidate> candidates(MediaDescription md) {
        List<IceCandidate> candidates = new ArrayList<>();
        for (String value : md.attributeValues("candidate")) {
            try {
                candidates.add(IceCandidate.parse(value));
            } catch (IceCandidateException e) {
                // an mDNS or TCP candidate parses; a broken line is no reason to refuse the call
            }
        }
        return candidates;
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
