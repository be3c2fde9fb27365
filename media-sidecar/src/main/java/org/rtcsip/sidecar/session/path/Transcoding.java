package org.rtcsip.sidecar.session.path;

/** One direction's codec change: takes the sender's RTP and sends its own RTP, in the other codec, to a sink. */
public interface Transcoding {
    void onRtp(byte[] buf, int off, int len, long now, RtpSink sink);

    /** e.g. {@code opus/48000/2 -> PCMU/8000}. */
    String describe();
}
