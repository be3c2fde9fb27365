package org.rtcsip.sidecar.dtls;

/**
 * Where a {@link DtlsSrtpEndpoint} puts the datagrams it wants sent to its peer. Called on the thread that
 * called the endpoint, from inside that call; the bytes are only valid during the call (copy to keep them).
 */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] buf, int off, int len);
}
