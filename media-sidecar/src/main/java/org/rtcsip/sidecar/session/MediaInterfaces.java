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

    /** True if some configured interface is called {@code name}. */
    public boolean has(String name) {
        return all.stream().anyMatch(a -> name.equals(a.name()));
    }

    /**
     * The interface called {@code name} (null = any) in the wanted family (null = any), preferring the first
     * configured. rtpengine 10.5's rule: an unknown name falls back to the default (the caller warns, with the
     * call's id: Kamailio configs still send rtpproxy's {@code internal}/{@code external} to single-interface
     * setups), a missing family falls back too.
     */
    public MediaInterfaceAddress pick(String name, Boolean ipv6) {
        if (name != null && !has(name)) {
            return pick(null, ipv6);
        }
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
        return byName;
    }
}
