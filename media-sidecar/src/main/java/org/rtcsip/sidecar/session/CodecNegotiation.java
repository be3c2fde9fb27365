package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The codec half of offer/answer for a transcoding middlebox (rtpengine's codec handling, one reason per
 * method): which formats the offer onward lists, which formats the answer back lists, and whether the pair then
 * needs a transcoder. Pure functions over {@link PayloadFormat} lists.
 */
final class CodecNegotiation {
    private CodecNegotiation() {
    }

    /**
     * Formats for the offer to the answerer: the offerer's minus stripped and masked ones, plus the ones
     * {@code transcode} asks for, each with telephone-event at its clock rate when the offerer can do DTMF events
     * (so digits survive a change of clock rate). {@code offer} moves named ones to the front.
     */
    static List<PayloadFormat> offerTowardsAnswerer(List<PayloadFormat> offered, CodecOperations ops) {
        List<PayloadFormat> out = new ArrayList<>();
        for (PayloadFormat f : offered) {
            if (!ops.stripped(f) && !ops.masked(f)) {
                out.add(f);
            }
        }
        Set<Integer> taken = payloadTypes(offered);
        List<PayloadFormat> added = new ArrayList<>();
        for (String name : ops.transcode()) {
            PayloadFormat proto = Transcodable.prototype(name);
            if (proto != null && out.stream().noneMatch(proto::sameCodec)) {
                PayloadFormat codec = offerersOwnOr(offered, proto, taken);
                out.add(firstNonAudioIndex(out), codec);
                added.add(codec);
            }
        }
        // DTMF must survive the change of codec: events at the rate of each codec the sidecar brings in.
        boolean offererHasEvents = offered.stream().anyMatch(f -> f.isTelephoneEvent() && !ops.stripped(f));
        for (PayloadFormat codec : added) {
            if (offererHasEvents && out.stream()
                    .noneMatch(f -> f.isTelephoneEvent() && f.clockRate() == codec.clockRate())) {
                out.add(offerersOwnOr(offered, Transcodable.telephoneEvent(codec.clockRate()), taken));
            }
        }
        // telephone-event at a clock rate no remaining codec runs at is an orphan (rtpengine drops those too):
        // a PCMU-only trunk would see telephone-event/48000 it cannot use and may refuse the offer
        out.removeIf(f -> f.isTelephoneEvent() && out.stream()
                .noneMatch(c -> c.isAudioCodec() && c.clockRate() == f.clockRate()));
        for (int i = ops.offer().size() - 1; i >= 0; i--) {
            String name = ops.offer().get(i);
            for (PayloadFormat f : List.copyOf(out)) {
                if (f.matches(name)) {
                    out.remove(f);
                    out.add(0, f);
                }
            }
        }
        return out;
    }

    /**
     * Decides passthrough or transcoding from the answerer's choice. Passthrough when the offerer offered the
     * answerer's first codec (and always-transcode is not set); transcoding when the sidecar can decode and encode
     * both the answerer's codec and one the offerer accepts (its first such, e.g. Opus for a browser).
     */
    static CodecPlan plan(List<PayloadFormat> offered, CodecOperations offerOps, List<PayloadFormat> answered) {
        PayloadFormat answererCodec = firstAudio(answered);
        if (answererCodec == null) {
            return new CodecPlan(false, null, null, null, null);
        }
        PayloadFormat same = null;
        PayloadFormat transcodable = null;
        for (PayloadFormat f : offered) {
            if (!f.isAudioCodec() || offerOps.stripped(f)) {
                continue;
            }
            if (same == null && f.sameCodec(answererCodec)) {
                same = f;
            }
            if (transcodable == null && Transcodable.supports(f)) {
                transcodable = f;
            }
        }
        boolean canTranscode = transcodable != null && Transcodable.supports(answererCodec);
        boolean transcode = canTranscode && (same == null || offerOps.alwaysTranscode())
                && !transcodable.sameCodec(answererCodec);
        PayloadFormat offererCodec = transcode ? transcodable : same;
        PayloadFormat answererEvents = firstEvents(answered, -1);
        PayloadFormat offererEvents = firstEvents(offered,
                offererCodec == null ? -1 : offererCodec.clockRate());
        return new CodecPlan(transcode, offererCodec, answererCodec, offererEvents, answererEvents);
    }

    /**
     * Formats for the answer back to the offerer. In passthrough the answerer's own list, untouched (packets then
     * keep their payload types end to end, as with rtpengine); when transcoding, formats taken from the offerer's
     * own offer (RFC 3264 §6.1): the codec we decode and encode on its side, its telephone-event, and whatever
     * {@code accept} keeps.
     */
    static List<PayloadFormat> answerTowardsOfferer(List<PayloadFormat> offered, CodecOperations offerOps,
                                                    List<PayloadFormat> answered, CodecPlan plan) {
        List<PayloadFormat> out = new ArrayList<>();
        if (plan.transcode()) {
            out.add(plan.offererCodec());
            for (PayloadFormat f : offered) {
                if (CodecOperations.listed(offerOps.accept(), f) && Transcodable.supports(f) && !out.contains(f)) {
                    out.add(f);
                }
            }
            if (plan.offererEvents() != null && plan.answererEvents() != null) {
                out.add(plan.offererEvents());
            }
            return out;
        }
        return answered;
    }

    static PayloadFormat firstAudio(List<PayloadFormat> formats) {
        for (PayloadFormat f : formats) {
            if (f.isAudioCodec()) {
                return f;
            }
        }
        return null;
    }

    /** The telephone-event format at {@code clockRate}, else the first one, else null. */
    static PayloadFormat firstEvents(List<PayloadFormat> formats, int clockRate) {
        PayloadFormat any = null;
        for (PayloadFormat f : formats) {
            if (f.isTelephoneEvent()) {
                if (f.clockRate() == clockRate) {
                    return f;
                }
                if (any == null) {
                    any = f;
                }
            }
        }
        return any;
    }

    private static int firstNonAudioIndex(List<PayloadFormat> formats) {
        for (int i = 0; i < formats.size(); i++) {
            if (!formats.get(i).isAudioCodec()) {
                return i;
            }
        }
        return formats.size();
    }

    private static Set<Integer> payloadTypes(List<PayloadFormat> formats) {
        Set<Integer> taken = new HashSet<>();
        for (PayloadFormat f : formats) {
            taken.add(f.payloadType());
        }
        return taken;
    }

    /** The offerer's own format for this codec (masked, say) if it has one: its payload type stays familiar. */
    private static PayloadFormat offerersOwnOr(List<PayloadFormat> offered, PayloadFormat proto, Set<Integer> taken) {
        for (PayloadFormat f : offered) {
            if (f.sameCodec(proto)) {
                return f;
            }
        }
        PayloadFormat added = withFreePayloadType(proto, taken);
        taken.add(added.payloadType());
        return added;
    }

    /** Keeps the prototype's payload type if free; otherwise the first free dynamic one (RFC 3551 §3: 96-127). */
    private static PayloadFormat withFreePayloadType(PayloadFormat proto, Set<Integer> taken) {
        if (!taken.contains(proto.payloadType())) {
            return proto;
        }
        for (int pt = 96; pt <= 127; pt++) {
            if (!taken.contains(pt)) {
                return proto.withPayloadType(pt);
            }
        }
        return proto.withPayloadType(proto.payloadType()); // no free type: collide rather than fail the call
    }
}
