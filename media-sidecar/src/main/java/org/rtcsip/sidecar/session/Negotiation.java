package org.rtcsip.sidecar.session;

import java.util.List;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.CallLog;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * Offer and answer as functions: (the call's current plans, the SDP, the flags) -> {@link Negotiated} (new plans,
 * ports reserved for them, the SDP to send on). Reads the call and changes nothing in it; on any error the ports it
 * reserved are given back before the error leaves.
 */
final class Negotiation {
    private static final Logger LOG = Logger.getLogger(Negotiation.class.getName());
    private final MediaInterfaces interfaces;
    private final SocketAllocator allocator;
    private final OfferAnswer offerAnswer;
    private final int maxStreamsPerCall;

    /** @param maxStreamsPerCall streams one call may have over all its parties ({@code max-streams-per-call}) */
    Negotiation(MediaInterfaces interfaces, SocketAllocator allocator, OfferAnswer offerAnswer,
                int maxStreamsPerCall) {
        this.interfaces = interfaces;
        this.allocator = allocator;
        this.offerAnswer = offerAnswer;
        this.maxStreamsPerCall = maxStreamsPerCall;
    }

    /** An offer from {@code sender} toward {@code recipient} (either may be a leg not yet in the call). */
    Negotiated offer(Negotiated n, SessionDescription in, MediaOptions opts) throws SignallingException {
        int streams = streamsAfterOffer(n, in.media().size());
        if (streams > maxStreamsPerCall) {
            // before any port is taken: the call stays as it was
            throw new SignallingException("Too many media streams in call (" + streams + ", max-streams-per-call is "
                    + maxStreamsPerCall + ")");
        }
        try {
            SessionDescription out = in.copy();
            MediaInterfaceAddress recipientIface = null;
            boolean browserToPlain = false;
            for (int i = 0; i < in.media().size(); i++) {
                MediaDescription md = in.media().get(i);
                StreamPlan from = draft(n.from, i);
                StreamPlan to = draft(n.to, i);
                offerAnswer.learnFromParty(from, i, in, md, opts, true);
                String profile = OfferAnswer.isDeclined(md) ? md.protocol()
                        : TransportProfile.forOffer(opts.transportProtocol(), md.protocol(), opts);
                if (!OfferAnswer.isDeclined(md)) {
                    if (from.sockets == null) {
                        from.sockets = reserve(n, senderIface(n, opts, from));
                    }
                    if (to.sockets == null) {
                        to.sockets = reserve(n, recipientIface(n, opts, from));
                    }
                    recipientIface = recipientIface == null ? to.sockets.address() : recipientIface;
                }
                offerAnswer.learnSecurity(from, i, in, md, true, opts);
                to.protocol = profile;
                out.media().set(i, offerAnswer.rewriteFor(to, from, i, md, opts, true, profile));
                StreamCodecs.onOffer(from, md, out.media().get(i), opts);
                browserToPlain |= OfferAnswer.browserToNonBrowser(md, profile, to);
                n.fromPlans.add(from);
                n.toPlans.add(to);
            }
            OfferAnswer.rewriteSession(out, opts, recipientIface, browserToPlain);
            OfferAnswer.addWebRtcSessionLines(out, n.toPlans);
            n.label = opts.label();
            n.sdp = out.write();
            return n;
        } catch (SignallingException | RuntimeException e) {
            n.release(allocator);
            throw e;
        }
    }

    /** An answer from {@code n.from} (the answerer) to the offer {@code n.to} made. */
    Negotiated answer(Negotiated n, SessionDescription in, MediaOptions opts) throws SignallingException {
        Leg answerer = n.from;
        if (in.media().size() > answerer.streams.size()) {
            throw new SignallingException("Answer has " + in.media().size() + " media sections, offer had "
                    + answerer.streams.size());
        }
        SessionDescription out = in.copy();
        MediaInterfaceAddress offererIface = null;
        boolean browserToPlain = false;
        for (int i = 0; i < in.media().size(); i++) {
            MediaDescription md = in.media().get(i);
            MediaStream answering = answerer.streams.get(i);
            MediaStream offering = answering.peer;
            if (offering == null || (offering.sockets == null && !OfferAnswer.isDeclined(md))) {
                throw new SignallingException("Answer enables media " + (i + 1) + " that the offer disabled");
            }
            StreamPlan from = draft(answering);
            StreamPlan to = draft(offering);
            offerAnswer.learnFromParty(from, i, in, md, opts, false);
            offerAnswer.learnSecurity(from, i, in, md, false, opts);
            offerAnswer.settleOffererMux(to, from, opts);
            String profile = TransportProfile.forAnswer(opts.transportProtocol(), to.protocol, opts);
            if (to.sockets != null) {
                offererIface = offererIface == null ? to.sockets.address() : offererIface;
            }
            out.media().set(i, offerAnswer.rewriteFor(to, from, i, md, opts, false, profile));
            StreamCodecs.onAnswer(to, from, md, out.media().get(i));
            browserToPlain |= OfferAnswer.browserToNonBrowser(md, profile, to);
            n.fromPlans.add(from);
            n.toPlans.add(to);
        }
        OfferAnswer.rewriteSession(out, opts, offererIface, browserToPlain);
        OfferAnswer.addWebRtcSessionLines(out, n.toPlans);
        n.label = opts.label();
        n.sdp = out.write();
        return n;
    }

    /**
     * The streams the call would have once this offer is in place: the two parties' grow to the offer's m= lines
     * (a re-offer with fewer keeps the rest), every other party's (an earlier fork) stay.
     */
    private static int streamsAfterOffer(Negotiated n, int mediaLines) {
        int streams = Math.max(n.from.streams.size(), mediaLines) + Math.max(n.to.streams.size(), mediaLines);
        for (Leg leg : n.call.legs) {
            if (leg != n.from && leg != n.to) {
                streams += leg.streams.size();
            }
        }
        return streams;
    }

    /** A copy of the plan of {@code leg}'s line {@code index}, or a fresh one for a line it does not have yet. */
    private static StreamPlan draft(Leg leg, int index) {
        return index < leg.streams.size() ? draft(leg.streams.get(index)) : new StreamPlan();
    }

    /** A copy of the stream's plan; a DTLS role an early ClientHello settled counts as settled. */
    private static StreamPlan draft(MediaStream s) {
        StreamPlan d = s.plan.copy();
        if (d.webrtc != null && d.webrtc.role() == null && s.webrtc != null && s.webrtc.role() != null) {
            d.webrtc = d.webrtc.withRole(s.webrtc.role());
        }
        return d;
    }

    private SocketPair reserve(Negotiated n, MediaInterfaceAddress iface) throws SignallingException {
        SocketPair pair = allocator.allocate(iface);
        n.reserved.add(pair);
        return pair;
    }

    private MediaInterfaceAddress senderIface(Negotiated n, MediaOptions opts, StreamPlan from) {
        List<String> direction = opts.direction();
        String name = direction.size() >= 1 ? direction.get(0) : null;
        return pick(n, name, InetFamily.of(from.rtpAddress).ipv6());
    }

    private MediaInterfaceAddress recipientIface(Negotiated n, MediaOptions opts, StreamPlan from) {
        List<String> direction = opts.direction();
        String name = direction.size() >= 2 ? direction.get(1) : null;
        Boolean ipv6 = opts.addressFamily() == null ? InetFamily.of(from.rtpAddress).ipv6()
                : Boolean.valueOf("IP6".equalsIgnoreCase(opts.addressFamily()));
        return pick(n, name, ipv6);
    }

    private MediaInterfaceAddress pick(Negotiated n, String name, Boolean ipv6) {
        if (name != null && !interfaces.has(name)) {
            CallLog.of(n.call.callId, n.from.tag()).warning(LOG,
                    () -> "Interface '" + name + "' not found, using default");
        }
        return interfaces.pick(name, ipv6);
    }
}
