package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;

/** A call-id's legs, created by the first offer; lives on one media loop for its whole life. */
public final class Call {
    final String callId;
    final int loop;
    final long createdEpochMicros;
    long lastSignalEpochSeconds;
    long lastSignalNanos;
    /** Set by a delete with delete-delay: when the call is torn down (nanos), 0 = not scheduled. */
    long destroyAtNanos;
    final List<Leg> legs = new ArrayList<>();
    boolean destroyed;

    Call(String callId, int loop, long createdEpochMicros) {
        this.callId = callId;
        this.loop = loop;
        this.createdEpochMicros = createdEpochMicros;
    }

    public String callId() {
        return callId;
    }

    public int loop() {
        return loop;
    }

    public long createdEpochMicros() {
        return createdEpochMicros;
    }

    public long lastSignalEpochSeconds() {
        return lastSignalEpochSeconds;
    }

    public List<Leg> legs() {
        return legs;
    }

    Leg legByTag(String tag) {
        if (tag == null || tag.isEmpty()) {
            return null;
        }
        for (Leg leg : legs) {
            if (tag.equals(leg.tag())) {
                return leg;
            }
        }
        return null;
    }

    /** The untagged callee leg an earlier offer of {@code offerer} created on this branch, or null. */
    Leg pendingCallee(Leg offerer, String viaBranch) {
        for (Leg leg : legs) {
            if (leg.tag() == null && leg.peer == offerer
                    && (viaBranch == null || leg.viaBranch == null || viaBranch.equals(leg.viaBranch))) {
                return leg;
            }
        }
        return null;
    }

    /** Last packet from any party (nanos), or 0 if no media has flowed. */
    long lastPacketNanos() {
        long last = 0;
        for (Leg leg : legs) {
            for (MediaStream s : leg.streams) {
                last = Math.max(last, s.lastPacketNanos);
            }
        }
        return last;
    }
}
