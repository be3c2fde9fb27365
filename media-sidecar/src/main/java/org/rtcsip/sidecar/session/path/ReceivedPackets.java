package org.rtcsip.sidecar.session.path;

/** A stream's receive statistics, fed by the {@link ReceiveStats} stage once a packet proved good. */
public interface ReceivedPackets {
    void onRtp(byte[] buf, int off, int len, long now);

    void onRtcp(byte[] buf, int off, int len, long now);
}
