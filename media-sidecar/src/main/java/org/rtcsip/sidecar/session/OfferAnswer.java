package org.rtcsip.sidecar.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.rtcsip.sidecar.sdp.Connection;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpLine;
import org.rtcsip.sidecar.sdp.SdpParseException;
import org.rtcsip.sidecar.sdp.SessionDescription;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SdesParseException;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.dtls.CertificateRotation;
import org.rtcsip.sidecar.ice.IceMode;

/**
 * The SDP half of offer/answer (RFC 3264) for a relaying middlebox: learns each party's addresses, keys and
 * rtcp-mux choice from the SDP it sent, and rewrites that SDP for the other party so that media flows through the
 * sidecar's sockets. Works on {@link StreamPlan} drafts only: it changes no stream and starts nothing.
 */
final class OfferAnswer {
    /** Attributes that describe the sender's own transport and must never reach the other side. */
    private static final List<String> ICE_ATTRIBUTES = List.of("ice-ufrag", "ice-pwd", "ice-options", "ice-lite",
            "ice-mismatch", "candidate", "remote-candidates", "end-of-candidates", "ice-pacing");
    private static final List<String> DTLS_ATTRIBUTES = List.of("fingerprint", "setup", "tls-id");
    /** What a browser writes that a plain SIP trunk must never see (issue 4's traps): WebRTC-only media lines. */
    private static final List<String> BROWSER_MEDIA_ATTRIBUTES = List.of("extmap", "extmap-allow-mixed", "msid",
            "ssrc", "ssrc-group", "mid", "rtcp-rsize", "rtcp-fb", "rtcp-xr");
    /** ... and session lines. */
    private static final List<String> BROWSER_SESSION_ATTRIBUTES = List.of("group", "msid-semantic",
            "extmap-allow-mixed");
    /** Suites we offer by SDES, strongest-to-weakest as rtpengine orders them. */
    private static final List<SrtpSuite> SDES_SUITES = List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
            SrtpSuite.AES_CM_128_HMAC_SHA1_32);

    private final SecureRandom random;
    private final CertificateRotation certificates;
    private final IceMode ice;

    OfferAnswer(SecureRandom random, CertificateRotation certificates, IceMode ice) {
        this.random = random;
        this.certificates = certificates;
        this.ice = ice;
    }

    /** The stream's browser plan, made on first need with the certificate in use now and the sidecar's ICE mode. */
    private WebRtcPlan webrtcOf(StreamPlan s) {
        if (s.webrtc == null) {
            s.webrtc = WebRtcSdp.fresh(random, certificates.current(), ice);
            s.rtcpMux = true; // RFC 8829 §5.1.1: a browser leg multiplexes RTCP
        }
        return s.webrtc;
    }

    /** Takes in what the party that sent {@code sdp} says about its side of media section {@code md}. */
    void learnFromParty(StreamPlan s, int index, SessionDescription sdp, MediaDescription md, MediaOptions opts,
                        boolean isOffer) throws SignallingException {
        s.mediaType = md.media();
        s.disabled = isDeclined(md);
        s.protocol = md.protocol();
        s.direction = md.direction(sdp);
        SdpLine mid = md.attribute("mid");
        s.mid = mid == null ? null : mid.attributeValue();
        if (s.disabled) {
            return;
        }
        if (!TransportProfile.isRtp(md.protocol())) {
            throw new SignallingException("Unsupported transport protocol '" + md.protocol() + "' in media "
                    + (index + 1));
        }
        checkPayloadTypes(md, index);
        InetAddress address = partyAddress(sdp, md, opts);
        int port = md.port();
        boolean learnable = opts.flag("media-handover") || opts.useSipSourceAddress();
        s.rtpAddress = new InetSocketAddress(address, port);
        s.rtcpAddress = rtcpAddress(md, address, port);
        s.learnable = learnable;
        // RFC 8839 §4.2.1.1: an ICE party writes c=0.0.0.0 (port 9) when it has no default candidate yet (mDNS,
        // trickle); that is not the old hold of RFC 3264 §8.4, and ICE, not c=, says where its media comes from.
        s.unspecifiedAddress = unspecifiedAddress(sdp, md) && md.attribute("ice-ufrag") == null
                && sdp.attribute("ice-ufrag") == null;
        s.rtcpMuxOfferedByParty = md.hasAttribute("rtcp-mux");
        s.formats = PayloadFormat.of(md);
        if (isOffer) {
            s.rtcpMuxRejected = opts.rtcpMux().contains("reject");
            s.rtcpMux = s.rtcpMuxOfferedByParty && !s.rtcpMuxRejected
                    && (opts.rtcpMux().contains("demux") || opts.rtcpMux().contains("accept")
                    || opts.rtcpMux().contains("require"));
        } else {
            s.rtcpMux = s.rtcpMuxOfferedByUs && s.rtcpMuxOfferedByParty;
        }
    }

    /**
     * A section the sidecar does not carry and declines (port 0, RFC 3264 §6) rather than refusing the whole offer:
     * one already at port 0, or one that is not RTP and not audio or video (a data channel's
     * {@code m=application UDP/DTLS/SCTP}, T.38's {@code m=image udptl}, MSRP). Audio or video over something other
     * than RTP is refused: nothing could carry it.
     */
    static boolean isDeclined(MediaDescription md) {
        if (md.isDisabled()) {
            return true;
        }
        boolean audioOrVideo = "audio".equals(md.media()) || "video".equals(md.media());
        return !audioOrVideo && !TransportProfile.isRtp(md.protocol());
    }

    /** RFC 3551 §6 / RFC 4566 §5.14: an RTP section lists payload type numbers 0..127, at least one. */
    private static void checkPayloadTypes(MediaDescription md, int index) throws SignallingException {
        List<String> formats = md.formats();
        if (formats.isEmpty()) {
            throw new SignallingException("Failed to parse SDP: no payload type in media " + (index + 1));
        }
        for (String f : formats) {
            int pt;
            try {
                pt = Integer.parseInt(f);
            } catch (NumberFormatException e) {
                pt = -1;
            }
            if (pt < 0 || pt > 127) {
                throw new SignallingException("Failed to parse SDP: bad payload type '" + printable(f) + "' in media "
                        + (index + 1));
            }
        }
    }

    /** At most 32 characters of SDP text for an error reason, control characters as '?'. */
    static String printable(String text) {
        String cut = text.length() > 32 ? text.substring(0, 32) + "..." : text;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /** The party's keys: DTLS-SRTP (ICE credentials, fingerprints, setup) for a browser, else SDES a=crypto. */
    void learnSecurity(StreamPlan s, int index, SessionDescription sdp, MediaDescription md, boolean isOffer,
                       MediaOptions opts) throws SignallingException {
        if (isDeclined(md)) {
            return;
        }
        if (TransportProfile.isDtls(md.protocol())) {
            WebRtcPlan plan = isOffer ? WebRtcSdp.iceMode(webrtcOf(s), opts.iceLite(), false) : webrtcOf(s);
            s.webrtc = WebRtcSdp.learn(plan, sdp, md, index, random);
        } else {
            s.webrtc = null;
            learnCrypto(s, index, md, isOffer);
        }
    }

    /**
     * The offerer's rtcp-mux, when the offer left it to the answerer: accepted if the answerer took it, or if the
     * answer's flags ask us to terminate mux towards the offerer.
     */
    void settleOffererMux(StreamPlan offerer, StreamPlan answerer, MediaOptions answerOpts) {
        if (offerer.rtcpMux || offerer.rtcpMuxRejected || !offerer.rtcpMuxOfferedByParty
                || answerOpts.rtcpMux().contains("reject")) {
            return;
        }
        Set<String> mux = answerOpts.rtcpMux();
        offerer.rtcpMux = answerer.rtcpMux || mux.contains("offer") || mux.contains("require")
                || mux.contains("accept") || mux.contains("demux");
    }

    private static InetAddress partyAddress(SessionDescription sdp, MediaDescription md, MediaOptions opts)
            throws SignallingException {
        if (opts.mediaAddress() != null) {
            return opts.mediaAddress();
        }
        if (opts.useSipSourceAddress()) {
            return opts.receivedFrom();
        }
        try {
            Connection c = md.connection();
            if (c == null) {
                c = sdp.connection();
            }
            if (c == null) {
                throw new SignallingException("Failed to parse SDP: no c= line for media " + (md.media()));
            }
            return IpLiteral.parse(c.address());
        } catch (SdpParseException e) {
            throw new SignallingException("Failed to parse SDP: " + e.getMessage());
        }
    }

    /** RFC 3605: a=rtcp:port [IN IP4 addr]; without it RTCP goes to RTP port + 1. */
    private static InetSocketAddress rtcpAddress(MediaDescription md, InetAddress rtpAddress, int rtpPort)
            throws SignallingException {
        SdpLine rtcp = md.attribute("rtcp");
        if (rtcp == null || rtcp.attributeValue() == null) {
            return new InetSocketAddress(rtpAddress, rtpPort == 0 ? 0 : rtpPort + 1);
        }
        String[] p = rtcp.attributeValue().trim().split(" +");
        try {
            int port = Integer.parseInt(p[0]);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            // a host name there (Firefox writes its mDNS name, RFC 8839 §5.1) is never resolved: use c=
            InetAddress address = p.length >= 4 && IpLiteral.isLiteral(p[3]) ? IpLiteral.parse(p[3]) : rtpAddress;
            // RFC 3605 §2.1 lets a=rtcp carry 0.0.0.0 (seen from Chromium, "a=rtcp:9 IN IP4 0.0.0.0"): use c=.
            if (address.isAnyLocalAddress()) {
                address = rtpAddress;
            }
            return new InetSocketAddress(address, port);
        } catch (NumberFormatException e) {
            throw new SignallingException("Failed to parse SDP: bad a=rtcp \"" + rtcp.attributeValue() + "\"");
        }
    }

    private void learnCrypto(StreamPlan s, int index, MediaDescription md, boolean isOffer)
            throws SignallingException {
        if (!TransportProfile.isSdes(md.protocol())) {
            s.partyCrypto = null;
            if (!isOffer) {
                s.ourCrypto = null;
            }
            return;
        }
        SdesCryptoAttribute chosen = null;
        String firstError = null;
        for (String value : md.attributeValues("crypto")) {
            try {
                SdesCryptoAttribute c = SdesCryptoAttribute.parse(value);
                if (isOffer || ourOffered(s, c) != null) {
                    chosen = c;
                    break;
                }
            } catch (SdesParseException e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
            }
        }
        if (chosen == null) {
            throw new SignallingException("No usable a=crypto in " + md.protocol() + " media " + (index + 1)
                    + (firstError == null ? "" : ": " + firstError));
        }
        s.partyCrypto = chosen;
        s.ourCrypto = isOffer ? ourCryptoFor(s, chosen) : ourOffered(s, chosen);
    }

    /** RFC 4568 §7.1.2: the answer keeps the offer's tag and suite with the answerer's own key. */
    private SdesCryptoAttribute ourCryptoFor(StreamPlan s, SdesCryptoAttribute offered) {
        if (s.ourCrypto != null && s.ourCrypto.tag() == offered.tag() && s.ourCrypto.suite() == offered.suite()) {
            return s.ourCrypto;
        }
        return SdesCryptoAttribute.generate(offered.tag(), offered.suite(), random);
    }

    private static SdesCryptoAttribute ourOffered(StreamPlan s, SdesCryptoAttribute answered) {
        for (SdesCryptoAttribute c : s.ourOfferedCryptos) {
            if (c.tag() == answered.tag() && c.suite() == answered.suite()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Rewrites media section {@code md} for the party behind {@code towards}: our port and address, the profile
     * it should speak, our keys, our rtcp-mux choice; strips what only made sense to the sender, {@code from}.
     */
    MediaDescription rewriteFor(StreamPlan towards, StreamPlan from, int index, MediaDescription md,
                                MediaOptions opts, boolean isOffer, String profile) {
        MediaDescription out = md.copy();
        for (String a : ICE_ATTRIBUTES) {
            out.removeAttributes(a);
        }
        for (String a : DTLS_ATTRIBUTES) {
            out.removeAttributes(a);
        }
        // DTLS-SRTP toward a party without ICE: a trunk or PBX, not a browser (ICE=remove on the offer to it, or its
        // own offer had no ICE)
        boolean withoutIce = TransportProfile.isDtls(profile) && (isOffer ? "remove".equals(opts.ice())
                : towards.webrtc != null && towards.webrtc.ice() == IceMode.NONE);
        boolean toBrowser = TransportProfile.isDtls(profile) && !withoutIce;
        if (TransportProfile.isDtls(md.protocol()) && !toBrowser) {
            for (String a : BROWSER_MEDIA_ATTRIBUTES) {
                out.removeAttributes(a);
            }
        }
        out.removeAttributes("crypto");
        out.removeAttributes("rtcp");
        out.removeAttributes("rtcp-mux");
        if (md.isDisabled()) {
            out.setProtocol(profile);
            return out;
        }
        if (isDeclined(md)) {
            out.setPort(0); // RFC 3264 §6: declined; the profile and formats stay as offered
            SdpLine c = out.first('c');
            if (c != null) {
                // the sender's address must not travel on in a line no media will use
                boolean ipv6 = c.value().contains("IP6");
                out.setConnection(Connection.of(ipv6 ? "::" : "0.0.0.0", ipv6));
            }
            return out;
        }
        MediaInterfaceAddress iface = towards.sockets.address();
        out.setPort(towards.sockets.rtp().port());
        out.setProtocol(profile);
        // Without a c= of its own the section uses the session's, which rewriteSession points at us. RFC 3264 §8.4:
        // c=0.0.0.0 (the old hold) must arrive as sent, or the other party never learns it is on hold.
        if (out.first('c') != null && !from.unspecifiedAddress) {
            out.setConnection(Connection.of(IpLiteral.format(iface.advertised()), iface.isIpv6()));
        }
        String mid = midFor(towards, index, out, opts, isOffer, toBrowser);
        if (mid != null) {
            out.addAttribute("mid", mid);
        }
        boolean mux;
        if (isOffer) {
            Set<String> flags = opts.rtcpMux();
            // RFC 8829 §5.1.3: a browser muxes (Chromium and Firefox refuse an offer without it under the default
            // rtcpMuxPolicy "require"), whether or not the cfg says rtcp-mux-offer/-require. A DTLS-SRTP peer without
            // ICE gets it too: this transport runs DTLS, hence SRTCP keys, on the RTP port only.
            boolean webrtc = TransportProfile.isDtls(profile);
            // rtpengine: reject only refuses the sender's mux; onwards the sender's choice passes unless demux
            towards.rtcpMuxOfferedByUs = flags.contains("offer") || flags.contains("require") || webrtc
                    || (from.rtcpMuxOfferedByParty && !flags.contains("demux"));
            mux = towards.rtcpMuxOfferedByUs;
            // ng-protocol.md §3.2: require = act as if accepted, no separate RTCP port even in the offer.
            if (flags.contains("require") || webrtc) {
                towards.rtcpMux = true;
            }
        } else {
            mux = towards.rtcpMux;
        }
        if (!opts.flag("no-rtcp-attribute")) {
            int rtcpPort = towards.rtcpMux ? towards.sockets.rtp().port() : towards.sockets.rtcp().port();
            out.addAttribute("rtcp", Integer.toString(rtcpPort));
        }
        if (mux) {
            out.addAttribute("rtcp-mux", null);
        }
        if (TransportProfile.isDtls(profile)) {
            WebRtcPlan plan = isOffer ? WebRtcSdp.iceMode(webrtcOf(towards), opts.iceLite(), true) : webrtcOf(towards);
            if (isOffer && withoutIce) {
                plan = plan.withIce(IceMode.NONE).withIceRole(null); // RFC 5763 alone: fingerprint and setup only
            }
            towards.webrtc = WebRtcSdp.write(plan, out, isOffer, opts.dtls(),
                    new InetSocketAddress(iface.advertised(), towards.sockets.rtp().port()));
        } else if (isOffer) {
            towards.webrtc = null;
        }
        // SDES-off shapes offers only: an answer cannot refuse the keys an SDES offer asked for (as rtpengine).
        if (TransportProfile.isSdes(profile) && (!isOffer || !opts.sdes().contains("off"))) {
            if (isOffer) {
                towards.ourOfferedCryptos = offeredCryptos(towards, opts.sdes());
                for (SdesCryptoAttribute c : towards.ourOfferedCryptos) {
                    out.addAttribute("crypto", c.toValue());
                }
            } else if (towards.ourCrypto != null) {
                out.addAttribute("crypto", towards.ourCrypto.toValue());
            }
        } else if (isOffer) {
            towards.ourOfferedCryptos = List.of();
        }
        return out;
    }

    /**
     * The a=mid to add to a section that has none, or null. An answer repeats the mid the recipient's offer gave the
     * section whatever the flags (RFC 5888 §9.1, RFC 8843 §7.3.1: a browser refuses an answer that drops it, and
     * many kamailio.cfg files never pass generate-mid). An offer makes one up with generate-mid, and always toward a
     * browser (a WebRTC profile with ICE): a JSEP endpoint needs a mid on every m= line (RFC 8829 §5.2.1) and a BUNDLE group of them.
     */
    private static String midFor(StreamPlan towards, int index, MediaDescription out, MediaOptions opts,
                                 boolean isOffer, boolean toBrowser) {
        if (out.hasAttribute("mid")) {
            return null;
        }
        if (!isOffer) {
            return towards.mid;
        }
        if (!opts.flag("generate-mid") && !toBrowser) {
            return null;
        }
        // a re-offer keeps the mid the party already uses for this section (it cannot change, RFC 8843 §7.2.1)
        return towards.mid != null ? towards.mid : Integer.toString(index);
    }

    /** SDES-no-X drops X, SDES-only-X keeps only the named ones; keys stay the same across re-offers. */
    private List<SdesCryptoAttribute> offeredCryptos(StreamPlan towards, Set<String> sdesFlags) {
        List<SdesCryptoAttribute> result = new ArrayList<>();
        boolean only = sdesFlags.stream().anyMatch(f -> f.startsWith("only-"));
        int tag = 1;
        for (SrtpSuite suite : SDES_SUITES) {
            String name = suite.sdpName().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            boolean excluded = sdesFlags.contains("no-" + name) || (only && !sdesFlags.contains("only-" + name));
            if (excluded) {
                continue;
            }
            SdesCryptoAttribute previous = null;
            for (SdesCryptoAttribute c : towards.ourOfferedCryptos) {
                if (c.suite() == suite && c.tag() == tag) {
                    previous = c;
                }
            }
            result.add(previous != null ? previous : SdesCryptoAttribute.generate(tag, suite, random));
            tag++;
        }
        return result;
    }

    /**
     * Whether a browser's section went to a party that is no browser: plain RTP, SDES, or DTLS-SRTP without ICE (a
     * trunk); its WebRTC-only lines must not reach that party.
     */
    static boolean browserToNonBrowser(MediaDescription md, String profile, StreamPlan towards) {
        boolean toBrowser = TransportProfile.isDtls(profile)
                && (towards.webrtc == null || towards.webrtc.ice() != IceMode.NONE);
        return TransportProfile.isDtls(md.protocol()) && !toBrowser;
    }

    /**
     * Session-level rewriting: o= and c= addresses; session-level ICE/DTLS lines describe the sender and go, and
     * so do a browser's BUNDLE/msid lines on the way to a plain trunk.
     */
    static void rewriteSession(SessionDescription out, MediaOptions opts, MediaInterfaceAddress iface,
                               boolean browserToPlain) {
        for (String a : ICE_ATTRIBUTES) {
            out.removeAttributes(a);
        }
        for (String a : DTLS_ATTRIBUTES) {
            out.removeAttributes(a);
        }
        if (browserToPlain) {
            for (String a : BROWSER_SESSION_ATTRIBUTES) {
                out.removeAttributes(a);
            }
        }
        if (iface == null) {
            return;
        }
        String address = IpLiteral.format(iface.advertised());
        if (opts.replaces("origin") || opts.replaces("origin-full")) {
            out.setOrigin(out.origin().withAddress(iface.isIpv6() ? "IP6" : "IP4", address));
        }
        // rtpengine's sdp_replace: the session c= is ours when asked, or when a media section relies on it
        boolean sessionConnection = opts.replaces("session-connection");
        for (MediaDescription md : out.media()) {
            sessionConnection |= md.first('c') == null;
        }
        SdpLine c = out.first('c');
        if (sessionConnection && c != null && !isUnspecified(c)) {
            out.setConnection(Connection.of(address, iface.isIpv6()));
        }
    }

    /**
     * Session lines a browser needs from us: {@code a=ice-lite} when lite (RFC 8445 §5.3) and a BUNDLE group of the media
     * that go to it (Chromium with max-bundle refuses an answer without the group its offer had).
     */
    static void addWebRtcSessionLines(SessionDescription out, List<StreamPlan> towards) {
        List<String> mids = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < towards.size() && i < out.media().size(); i++) {
            StreamPlan s = towards.get(i);
            if (s == null || s.webrtc == null || s.webrtc.ice() == IceMode.NONE || out.media().get(i).isDisabled()) {
                continue;
            }
            if (!any) {
                for (String a : WebRtcSdp.sessionAttributes(s.webrtc)) {
                    out.setAttribute(a, null);
                }
                any = true;
            }
            SdpLine mid = out.media().get(i).attribute("mid");
            if (mid != null && mid.attributeValue() != null) {
                mids.add(mid.attributeValue());
            }
        }
        if (any && !mids.isEmpty()) {
            out.removeLines(l -> l.isAttribute("group") && l.attributeValue() != null
                    && l.attributeValue().startsWith("BUNDLE"));
            out.setAttribute("group", "BUNDLE " + String.join(" ", mids));
        }
    }

    /** RFC 3264 §8.4: the party put this media section on hold with c=0.0.0.0 (or ::). */
    static boolean unspecifiedAddress(SessionDescription sdp, MediaDescription md) {
        SdpLine c = md.first('c') != null ? md.first('c') : sdp.first('c');
        return c != null && isUnspecified(c);
    }

    private static boolean isUnspecified(SdpLine c) {
        try {
            return Connection.parse(c.value()).isUnspecified();
        } catch (SdpParseException e) {
            return false; // validated when parsed
        }
    }
}
