package org.rtcsip.sidecar.session;

/** packets / bytes / errors of one direction of one stream, as rtpengine reports them; loop thread only. */
public final class PacketCounters {
    long packets;
    long bytes;
    long errors;

    public void count(int length) {
        packets++;
        bytes += length;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long errors() {
        return errors;
    }
}
