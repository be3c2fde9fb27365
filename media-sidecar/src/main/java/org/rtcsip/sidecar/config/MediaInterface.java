package org.rtcsip.sidecar.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One local address media is received on, as rtpengine's {@code --interface=NAME/LOCAL!ADVERTISED}.
 * {@code name} is the logical interface ng requests select with {@code direction}/{@code interface};
 * several entries may share a name (one IPv4 and one IPv6 address, say). {@code advertised} is what
 * goes into SDP and ICE candidates; it equals {@code local} unless the sidecar sits behind NAT.
 */
public record MediaInterface(String name, InetAddress local, InetAddress advertised) {

    public static final String DEFAULT_NAME = "default";

    public MediaInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(advertised, "advertised");
    }

    /** True when SDP carries a different address than the socket is bound to (NAT). */
    public boolean isAdvertisedElsewhere() {
        return !local.equals(advertised);
    }
}
