package org.rtcsip.sidecar.session;

import java.util.ArrayList;
import java.util.List;

/**
 * One party of a call (rtpengine's "monologue"): known by its SIP tag once it has one. The callee leg exists
 * from the offer on, before its tag is known, so the offer can already name the ports facing it.
 */
public final class Leg {
    final String callId;
    private String tag;
    final String viaBranch;
    String label;
    final long createdEpochSeconds;
    final List<MediaStream> streams = new ArrayList<>();
    /** The leg this one exchanges media with (offer/answer partner). */
    Leg peer;

    Leg(String callId, String tag, String viaBranch, long createdEpochSeconds) {
        this.callId = callId;
        this.tag = tag;
        this.viaBranch = viaBranch;
        this.createdEpochSeconds = createdEpochSeconds;
    }

    public String tag() {
        return tag;
    }

    void setTag(String tag) {
        this.tag = tag;
    }

    public String label() {
        return label;
    }

    public String viaBranch() {
        return viaBranch;
    }

    public long createdEpochSeconds() {
        return createdEpochSeconds;
    }

    public List<MediaStream> streams() {
        return streams;
    }

    public Leg peer() {
        return peer;
    }

    MediaStream stream(int index, RelayMetrics metrics) {
        while (streams.size() <= index) {
            streams.add(new MediaStream(this, streams.size(), metrics));
        }
        return streams.get(index);
    }
}
