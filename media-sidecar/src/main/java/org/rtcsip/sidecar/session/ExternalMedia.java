package org.rtcsip.sidecar.session;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * What an ng {@code external media} call is made of: the codecs its legs name, the plan joining them (relay when
 * equal, else the transcoder of SDP calls), and the wait for both legs before the reply.
 */
final class ExternalMedia {
    private ExternalMedia() {
    }

    /** {@code opus/48000/2}, {@code opus/48000}, {@code PCMU/8000}, {@code PCMA/8000}: the sidecar's SDP form of it. */
    static PayloadFormat codec(String name) throws SignallingException {
        if (name == null || name.isEmpty()) {
            throw new SignallingException("Missing 'codec' in an external media leg");
        }
        PayloadFormat f = Transcodable.prototype(name);
        String[] parts = name.split("/");
        if (f == null || parts.length > 3) {
            throw new SignallingException("Unknown codec '" + OfferAnswer.printable(name) + "'");
        }
        if (parts.length >= 2 && !parts[1].equals(Integer.toString(f.clockRate()))) {
            throw new SignallingException("Unknown codec '" + OfferAnswer.printable(name) + "': "
                    + f.encoding() + " runs at " + f.clockRate() + " Hz");
        }
        return f;
    }

    /** Passthrough between equal codecs, transcoding otherwise; no telephone-events (ARI relays DTMF). */
    static CodecPlan plan(PayloadFormat first, PayloadFormat second) {
        return new CodecPlan(!first.sameCodec(second), first, second, null, null);
    }

    /** The plan of one leg: its codec, as if it had offered (first) or answered (second) it. */
    static StreamPlan streamPlan(PayloadFormat codec, ExternalLegSpec spec, CodecPlan plan) {
        StreamPlan p = new StreamPlan();
        p.protocol = "websocket";
        p.formats = List.of(codec);
        p.partyOffer = codec == plan.offererCodec() ? List.of(codec) : List.of();
        p.ptime = spec.ptime() > 0 ? StreamCodecs.ptimeFor(codec, spec.ptime()) : 20;
        p.codecPlan = plan;
        return p;
    }

    /** Waits for both legs: the first failure ends the call and is the answer; both started answer ok. */
    static final class Waiting implements ExternalMediaLeg.Readiness {
        private final Call call;
        private final CallRegistry.ExternalMediaDone done;
        private final BiConsumer<Call, Long> destroy;
        private int ready;
        private boolean told;

        Waiting(Call call, CallRegistry.ExternalMediaDone done, BiConsumer<Call, Long> destroy) {
            this.call = call;
            this.done = done;
            this.destroy = destroy;
        }

        @Override
        public void ready(ExternalMediaLeg leg, long now) {
            if (!told && ++ready == 2) {
                told = true;
                done.connected(call);
            }
        }

        @Override
        public void failed(ExternalMediaLeg leg, String why, long now) {
            if (told) {
                return;
            }
            told = true;
            destroy.accept(call, now);
            done.failed("External media connect failed: " + leg.spec().uri() + ": " + why);
        }
    }
}
