package org.rtcsip.sidecar.session;

/** Where a transcoder's output packets go: the other party's stream (which encrypts and sends them). */
interface RtpSink {
    /** {@code buf} has room after {@code off + len} for an SRTP tag. */
    void sendRtp(byte[] buf, int off, int len);

    void sendRtcp(byte[] buf, int off, int len);
}
