package org.rtcsip.sidecar.session.path;

/** Takes a party's RTCP where the sidecar is its RTP source (transcoding): its reports feed RTT, loss and MOS. */
public interface RtcpReports {
    void onReports(byte[] buf, int off, int len, long now);
}
