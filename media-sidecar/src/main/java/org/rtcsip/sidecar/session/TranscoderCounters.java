package org.rtcsip.sidecar.session;

/** What one transcoder direction did, for query replies and /metrics; loop thread only. */
public final class TranscoderCounters {
    long framesEncoded;
    long silenceFilled;
    long concealed;
    long fecRecovered;
    long pauses;
    long lateOrDuplicate;
    /** Packets that jumped too far from the run to be loss, held back (a stray, or the first of a restart). */
    long sequenceJumps;
    /** A new SSRC or a restarted numbering taken up mid-stream. */
    long sequenceRestarts;
    long comfortNoise;
    long unexpectedPayloadType;
    long undecodable;
    long encodeErrors;
    long eventPacketsSent;
    long eventsDropped;
    long eventsWithoutTelephoneEvent;
    long eventsBeforeAudio;

    /** Frames of silence sent to a clocked receiver while the input paused ({@link Transcoder#fillSilence}). */
    public long silenceFilled() {
        return silenceFilled;
    }

    public long framesEncoded() {
        return framesEncoded;
    }

    public long concealed() {
        return concealed;
    }

    public long fecRecovered() {
        return fecRecovered;
    }

    public long lateOrDuplicate() {
        return lateOrDuplicate;
    }

    public long sequenceJumps() {
        return sequenceJumps;
    }

    public long sequenceRestarts() {
        return sequenceRestarts;
    }

    public long eventPacketsSent() {
        return eventPacketsSent;
    }

    public long eventsWithoutTelephoneEvent() {
        return eventsWithoutTelephoneEvent;
    }
}
