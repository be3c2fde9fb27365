package org.rtcsip.sidecar.session;

/** Binds RTP/RTCP port pairs from the configured range; implemented by the net layer, called on the loop thread. */
public interface SocketAllocator {
    /** @throws SignallingException {@code Ran out of ports} when the range is exhausted */
    SocketPair allocate(MediaInterfaceAddress address) throws SignallingException;

    void release(SocketPair pair);
}
