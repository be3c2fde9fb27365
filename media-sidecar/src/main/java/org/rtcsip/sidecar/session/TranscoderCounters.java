package org.rtcsip.sidecar.session;

/** What one transcoder direction did, for query replies and /metrics; loop thread only. */
public final class TranscoderCounters {
    long framesEncoded;
    long concealed;
    long fecRecovered;
    long pauses;
    long lateOrDuplicate;
    long comfortNoise;
    long unexpectedPayloadType;
    long undecodable;
    long encodeErrors;
    long eventPacketsSent;
    long eventsDropped;
    long eventsWithoutTelephoneEvent;
    long eventsBeforeAudio;

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

    public long eventPacketsSent() {
        return eventPacketsSent;
    }

    public long eventsWithoutTelephoneEvent() {
        return eventsWithoutTelephoneEvent;
    }
}
