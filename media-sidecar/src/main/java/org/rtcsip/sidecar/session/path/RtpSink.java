package org.rtcsip.sidecar.session.path;

/** Where packets toward one party go: that party's send chains (which renumber, encrypt and send them). */
public interface RtpSink {
    /** {@code buf} has room after {@code off + len} for an SRTP tag. */
    void sendRtp(byte[] buf, int off, int len);

    void sendRtcp(byte[] buf, int off, int len);
}
