package org.rtcsip.sidecar.session;

import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import org.rtcsip.sidecar.sdp.MediaDescription;

/**
 * Applies codec negotiation to a stream pair: rewrites the formats of the SDP going each way and, once the answer
 * is in, installs passthrough or a transcoder per direction with the sidecar's own
 * RTCP. A re-INVITE that leaves the plan as it was keeps the transcoders, so SSRC and sequence numbers continue.
 */
final class StreamCodecs {
    private static final Logger LOG = Logger.getLogger(StreamCodecs.class.getName());

    private final CodecFactory codecs;
    private final RandomGenerator random;
    private final MediaClock clock;
    private final RelayMetrics metrics;

    StreamCodecs(CodecFactory codecs, RandomGenerator random, MediaClock clock, RelayMetrics metrics) {
        this.codecs = codecs;
        this.random = random;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Remembers what the offerer offered and with which flags; sets the formats of the offer onward. */
    void onOffer(MediaStream offerer, MediaDescription offered, MediaDescription onward, MediaOptions opts) {
        offerer.partyOffer = PayloadFormat.of(offered);
        offerer.offerOps = CodecOperations.from(opts);
        offerer.ptime = ptimeOf(offered);
        if (offered.isDisabled() || !"audio".equals(offered.media())) {
            return;
        }
        List<PayloadFormat> towards = CodecNegotiation.offerTowardsAnswerer(offerer.partyOffer, offerer.offerOps);
        if (!towards.equals(offerer.partyOffer) && !towards.isEmpty()) {
            SdpFormats.apply(onward, towards, offerer.partyOffer);
        }
    }

    /** Plans the pair from the answer, sets the formats of the answer back, installs the media handling. */
    void onAnswer(MediaStream offerer, MediaStream answerer, MediaDescription answered, MediaDescription back,
                  long nowNanos) {
        answerer.ptime = ptimeOf(answered);
        if (answered.isDisabled() || !"audio".equals(answered.media()) || offerer.offerOps == null) {
            return;
        }
        List<PayloadFormat> answerFormats = PayloadFormat.of(answered);
        CodecPlan plan = CodecNegotiation.plan(offerer.partyOffer, offerer.offerOps, answerFormats);
        List<PayloadFormat> toOfferer = CodecNegotiation.answerTowardsOfferer(offerer.partyOffer, offerer.offerOps,
                answerFormats, plan);
        if (!toOfferer.equals(answerFormats) && !toOfferer.isEmpty()) {
            SdpFormats.apply(back, toOfferer, answerFormats);
        }
        install(offerer, answerer, plan, nowNanos);
    }

    private void install(MediaStream a, MediaStream b, CodecPlan plan, long now) {
        boolean unchanged = Objects.equals(a.plan, plan) && Objects.equals(b.plan, plan)
                && (!plan.transcode() || (a.transcoderToPeer != null && b.transcoderToPeer != null));
        a.plan = plan;
        b.plan = plan;
        if (unchanged) {
            return;
        }
        closeTranscoder(a);
        closeTranscoder(b);
        if (plan.transcode()) {
            a.transcoderToPeer = new Transcoder(plan.offererCodec(), plan.answererCodec(), plan.offererEvents(),
                    plan.answererEvents(), ptimeFor(plan.answererCodec(), b.ptime), plan.answererCodec().fmtp(),
                    codecs, random, metrics);
            b.transcoderToPeer = new Transcoder(plan.answererCodec(), plan.offererCodec(), plan.answererEvents(),
                    plan.offererEvents(), ptimeFor(plan.offererCodec(), a.ptime), plan.offererCodec().fmtp(),
                    codecs, random, metrics);
            a.rtcpReporter = new RtcpReporter(now, random, clock, metrics);
            b.rtcpReporter = new RtcpReporter(now, random, clock, metrics);
            if ((plan.offererEvents() == null) != (plan.answererEvents() == null)) {
                LOG.info(() -> "DTMF cannot cross " + plan.describe() + ": "
                        + (plan.offererEvents() == null ? "offerer" : "answerer")
                        + " has no telephone-event (events from the other side are counted and dropped)");
            }
        } else {
            a.transcoderToPeer = null;
            b.transcoderToPeer = null;
            a.rtcpReporter = null;
            b.rtcpReporter = null;
        }
    }

    /** Frees a stream's transcoder (native codec state) and forgets it: the stream ended or its plan changed. */
    static void closeTranscoder(MediaStream s) {
        if (s.transcoderToPeer != null) {
            s.transcoderToPeer.close();
            s.transcoderToPeer = null;
        }
    }

    /** a=ptime of the party (what it wants to receive), 20 ms when absent or unusable. */
    static int ptimeOf(MediaDescription md) {
        List<String> v = md.attributeValues("ptime");
        if (v.isEmpty()) {
            return 20;
        }
        try {
            return (int) Math.round(Double.parseDouble(v.get(0).trim()));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    /** Frame lengths the encoder can make: Opus 10/20/40 ms, G.711 10/20/30/40 ms; anything else is 20 ms. */
    static int ptimeFor(PayloadFormat codec, int wanted) {
        boolean opus = codec.encoding().equalsIgnoreCase("opus");
        boolean ok = wanted == 10 || wanted == 20 || wanted == 40 || (!opus && wanted == 30);
        return ok ? wanted : 20;
    }
}
