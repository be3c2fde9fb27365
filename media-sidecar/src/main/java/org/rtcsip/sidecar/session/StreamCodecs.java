package org.rtcsip.sidecar.session;

import java.util.List;

import org.rtcsip.sidecar.sdp.MediaDescription;

/**
 * Codec negotiation on a stream pair's plans: rewrites the formats of the SDP going each way and, once the answer
 * is in, plans passthrough or transcoding ({@link CodecPlan}). Changes no stream; the commit step builds the
 * transcoders from the plan, and keeps them when a re-INVITE leaves the plan as it was.
 */
final class StreamCodecs {
    private StreamCodecs() {
    }

    /** Remembers what the offerer offered and with which flags; sets the formats of the offer onward. */
    static void onOffer(StreamPlan offerer, MediaDescription offered, MediaDescription onward, MediaOptions opts) {
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

    /** Plans the pair from the answer and sets the formats of the answer back toward the offerer. */
    static void onAnswer(StreamPlan offerer, StreamPlan answerer, MediaDescription answered, MediaDescription back) {
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
        offerer.codecPlan = plan;
        answerer.codecPlan = plan;
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
