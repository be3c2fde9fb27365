package org.rtcsip.sidecar.session;

import java.util.List;

/** The configured media interfaces, chosen by ng {@code direction} name and address family. */
public final class MediaInterfaces {
    private final List<MediaInterfaceAddress> all;

    public MediaInterfaces(List<MediaInterfaceAddress> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("at least one media interface is needed");
        }
        this.all = List.copyOf(all);
    }

    public List<MediaInterfaceAddress> all() {
        return all;
    }

    /**
     * The interface called {@code name} (null = any) in the wanted family (null = any), preferring the first
     * configured. rtpengine's rule: an unknown direction name is an error, a missing family falls back.
     */
    public MediaInterfaceAddress pick(String name, Boolean ipv6) throws SignallingException {
        MediaInterfaceAddress byName = null;
        for (MediaInterfaceAddress a : all) {
            if (name != null && !name.equals(a.name())) {
                continue;
            }
            if (byName == null) {
                byName = a;
            }
            if (ipv6 == null || a.isIpv6() == ipv6) {
                return a;
            }
        }
        if (byName == null) {
            throw new SignallingException("Unknown media interface '" + name + "'");
        }
        return byName;
    }
}
