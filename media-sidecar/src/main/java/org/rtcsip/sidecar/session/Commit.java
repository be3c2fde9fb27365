package org.rtcsip.sidecar.session;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * The one place where a computed offer or answer ({@link Negotiated}) changes a call, on the call's loop: streams
 * and legs come into being, each stream takes its new plan, what the plan did not change is kept (latched
 * addresses, SRTP contexts, the DTLS association, transcoders and their numbering, statistics), DTLS starts, and
 * every stream's packet paths are built again from the plans.
 */
final class Commit {
    private static final Logger LOG = Logger.getLogger(Commit.class.getName());

    private final RelayMetrics metrics;
    private final WebRtcContext webrtc;
    private final CodecFactory codecs;
    private final SecureRandom random;
    private final MediaClock clock;
    private final PathBuilder paths;

    Commit(RelayMetrics metrics, WebRtcContext webrtc, CodecFactory codecs, SecureRandom random, MediaClock clock) {
        this.metrics = metrics;
        this.webrtc = webrtc;
        this.codecs = codecs;
        this.random = random;
        this.clock = clock;
        this.paths = new PathBuilder(metrics);
    }

    void apply(Negotiated n, long now, long nowEpochSeconds) {
        Leg from = n.from;
        Leg to = n.to;
        for (int i = 0; i < n.fromPlans.size(); i++) {
            MediaStream fs = from.stream(i, metrics);
            MediaStream ts = n.isOffer ? to.stream(i, metrics) : fs.peer;
            if (n.isOffer) {
                fs.peer = ts;
            }
            ts.peer = fs; // after a fork the offerer's streams follow the branch that answered last
            StreamPlan fromPrevious = fs.plan;
            StreamPlan toPrevious = ts.plan;
            take(fs, n.fromPlans.get(i), true, now);
            take(ts, n.toPlans.get(i), false, now);
            if (!n.isOffer) {
                transcoders(ts, fs, toPrevious, fromPrevious, now);
            }
        }
        n.reserved.clear(); // every reserved pair now belongs to a stream
        if (n.isOffer) {
            from.peer = to;
            to.peer = from;
            if (n.label != null) {
                from.label = n.label;
            }
            if (n.newFrom) {
                n.call.legs.add(from);
            }
            if (n.newTo) {
                n.call.legs.add(to);
            }
        } else {
            if (from.tag() == null || !from.tag().equals(n.answererTag)) {
                from.setTag(n.answererTag);
            }
            to.peer = from;
            if (n.label != null) {
                from.label = n.label;
            }
        }
        n.call.lastSignalNanos = now;
        n.call.lastSignalEpochSeconds = nowEpochSeconds;
        n.call.destroyAtNanos = 0;
        rebuildPaths(n.call);
    }

    /** One stream takes its new plan, keeping what did not change. */
    private void take(MediaStream s, StreamPlan next, boolean learned, long now) {
        StreamPlan previous = s.plan;
        if (next.sockets != null) {
            s.sockets = next.sockets;
        }
        if (learned && !next.disabled) {
            // a fresh SDP address from the party (re-latch; with media-handover the next good packet may move it)
            s.rtpSource.signal(next.rtpAddress, next.learnable);
            s.rtcpSource.signal(next.rtcpAddress, next.learnable);
            s.clockRates.learn(next.formats);
        }
        if (next.webrtc == null) {
            if (s.webrtc != null) {
                s.webrtc.close();
                s.webrtc = null;
            }
            s.keys.fromParty = keep(s.keys.fromParty, previous.partyCrypto, next.partyCrypto);
            s.keys.toParty = keep(s.keys.toParty, previous.ourCrypto, next.ourCrypto);
        } else if (s.webrtc == null) {
            s.keys.clear();
            s.webrtc = new WebRtcTransport(s, next.webrtc, webrtc, metrics, random, now);
        } else {
            s.webrtc.update(next.webrtc, now);
        }
        s.plan = next;
    }

    /** An SDES context stays as long as its key does: its SSRCs, rollover counters and replay windows go on. */
    private static SrtpTransform keep(SrtpTransform current, SdesCryptoAttribute was, SdesCryptoAttribute now) {
        if (now == null) {
            return null;
        }
        if (current != null && was != null && was.sameKeyAs(now)) {
            return current;
        }
        return SrtpTransform.forSdes(now);
    }

    /**
     * Transcoders per direction with our own RTCP, or none; a re-INVITE that leaves the codec plan as it was keeps
     * them, so SSRC, sequence numbers and timestamps continue.
     */
    private void transcoders(MediaStream a, MediaStream b, StreamPlan aWas, StreamPlan bWas, long now) {
        CodecPlan plan = b.plan.codecPlan;
        if (plan == null) {
            return;
        }
        boolean unchanged = Objects.equals(aWas.codecPlan, plan) && Objects.equals(bWas.codecPlan, plan)
                && (!plan.transcode() || (a.transcoderToPeer != null && b.transcoderToPeer != null));
        if (unchanged) {
            return;
        }
        closeTranscoder(a);
        closeTranscoder(b);
        if (plan.transcode()) {
            // each encoder follows the fmtp of the party it sends to: what it cannot follow is said on that party's line
            a.transcoderToPeer = new Transcoder(plan.offererCodec(), plan.answererCodec(), plan.offererEvents(),
                    plan.answererEvents(), StreamCodecs.ptimeFor(plan.answererCodec(), b.plan.ptime),
                    plan.answererCodec().fmtp(), w -> b.log().warning(LOG, () -> w), codecs, random, metrics);
            b.transcoderToPeer = new Transcoder(plan.answererCodec(), plan.offererCodec(), plan.answererEvents(),
                    plan.offererEvents(), StreamCodecs.ptimeFor(plan.offererCodec(), a.plan.ptime),
                    plan.offererCodec().fmtp(), w -> a.log().warning(LOG, () -> w), codecs, random, metrics);
            a.rtcpReporter = new RtcpReporter(now, random, clock, metrics);
            b.rtcpReporter = new RtcpReporter(now, random, clock, metrics);
            if ((plan.offererEvents() == null) != (plan.answererEvents() == null)) {
                a.log().info(LOG, () -> "DTMF cannot cross " + plan.describe() + ": "
                        + (plan.offererEvents() == null ? "offerer" : "answerer")
                        + " has no telephone-event (events from the other side are counted and dropped)");
            }
        } else {
            a.rtcpReporter = null;
            b.rtcpReporter = null;
        }
    }

    /** The transcoders of an external media call; no RTCP reporters (ExternalMedia carries no RTCP). */
    void externalTranscoders(MediaStream a, MediaStream b, long now) {
        transcoders(a, b, new StreamPlan(), new StreamPlan(), now);
        a.rtcpReporter = null;
        b.rtcpReporter = null;
    }

    /** Frees a stream's transcoder (native codec state) and forgets it: the stream ended or its plan changed. */
    static void closeTranscoder(MediaStream s) {
        if (s.transcoderToPeer != null) {
            s.transcoderToPeer.close();
            s.transcoderToPeer = null;
        }
    }

    /** Every stream's paths from its current plan and peer: send chains first, receive paths end in them. */
    void rebuildPaths(Call call) {
        List<Leg> legs = call.legs;
        for (Leg leg : legs) {
            for (MediaStream s : leg.streams) {
                paths.sendChains(s);
            }
        }
        for (Leg leg : legs) {
            for (MediaStream s : leg.streams) {
                paths.receivePaths(s);
            }
        }
    }
}
