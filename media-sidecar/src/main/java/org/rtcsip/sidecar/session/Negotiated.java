package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The value one offer or answer computes: the new plans of the two legs' streams, the ports it reserved, and the
 * SDP to send on. Nothing of the call has changed yet; {@link Commit} puts it in place, or {@link #release} gives
 * the ports back when the request is refused.
 */
final class Negotiated {
    final Call call;
    final boolean newCall;
    /** The party whose SDP this was (the offerer of an offer, the answerer of an answer) and the other one. */
    final Leg from;
    final Leg to;
    final boolean newFrom;
    final boolean newTo;
    final boolean isOffer;
    /** New plans by m= line index; an index beyond the leg's streams makes a new stream at commit. */
    final List<StreamPlan> fromPlans = new ArrayList<>();
    final List<StreamPlan> toPlans = new ArrayList<>();
    /** Ports bound for this request, not yet given to any stream. */
    final List<SocketPair> reserved = new ArrayList<>();
    String sdp;
    String label;
    /** An answer from a branch that gets its tag now. */
    String answererTag;

    Negotiated(Call call, boolean newCall, Leg from, Leg to, boolean newFrom, boolean newTo, boolean isOffer) {
        this.call = call;
        this.newCall = newCall;
        this.from = from;
        this.to = to;
        this.newFrom = newFrom;
        this.newTo = newTo;
        this.isOffer = isOffer;
    }

    /** The request was refused: the ports it reserved go back; nothing else was touched. */
    void release(SocketAllocator allocator) {
        for (SocketPair pair : reserved) {
            allocator.release(pair);
        }
        reserved.clear();
    }
}
