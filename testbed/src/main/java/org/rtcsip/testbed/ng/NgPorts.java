package org.rtcsip.testbed.ng;

import org.rtcsip.testbed.ports.FreePorts;

/** An ng server's ports on 127.0.0.1: its ng control port and its media port range. */
public record NgPorts(int ng, int mediaMin, int mediaMax) {

    /** A free ng port and a free block of {@code mediaPorts} media ports, the first even (RTP). */
    public static NgPorts pick(int mediaPorts) {
        int min = FreePorts.udpBlock(mediaPorts);
        return new NgPorts(FreePorts.udp(), min, min + mediaPorts - 1);
    }

    /** Gives the ports of {@link #pick} back to {@link FreePorts}: the server that had them has exited. */
    public void release() {
        FreePorts.release(ng, 1);
        FreePorts.release(mediaMin, mediaMax - mediaMin + 1);
    }
}
