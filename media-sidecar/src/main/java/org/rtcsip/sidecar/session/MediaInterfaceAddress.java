package org.rtcsip.sidecar.session;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Where the sidecar binds ({@code local}) and what it writes into SDP ({@code advertised}, for 1:1 NAT). */
public record MediaInterfaceAddress(String name, InetAddress local, InetAddress advertised) {
    public boolean isIpv6() {
        return local instanceof Inet6Address;
    }
}
