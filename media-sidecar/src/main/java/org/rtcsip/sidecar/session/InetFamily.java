package org.rtcsip.sidecar.session;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** The address family a party uses, or none known yet. */
enum InetFamily {
    IPV4, IPV6, UNKNOWN;

    static InetFamily of(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return UNKNOWN;
        }
        return a.getAddress() instanceof Inet6Address ? IPV6 : IPV4;
    }

    Boolean ipv6() {
        return this == UNKNOWN ? null : this == IPV6;
    }
}
