package org.rtcsip.sidecar.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which source addresses may send ng requests ({@code ng-allow}). The ng protocol has no authentication, so the
 * source address is all there is: anything else is dropped unanswered. rtpengine has no such list.
 *
 * @param auto   loopback, plus the subnets of the host interfaces the ng listeners are bound to (every attached
 *               subnet for a wildcard listener): Kamailio on the same host or the same segment needs no setting,
 *               anything routed from further away must be named
 * @param any    no check at all ({@code ng-allow = any})
 * @param blocks the blocks named ({@code ng-allow = 10.0.0.0/24}), in addition to {@code auto} if both are given
 */
public record NgAllow(boolean auto, boolean any, List<AddressBlock> blocks) {
    public NgAllow {
        blocks = List.copyOf(blocks);
    }

    /**
     * The blocks to let through, with {@code auto} worked out against the host's interfaces now; empty for
     * {@code any} (check {@link #any()} first).
     */
    public List<AddressBlock> resolve(List<InetSocketAddress> listeners) throws SocketException {
        Set<AddressBlock> out = new LinkedHashSet<>();
        if (auto) {
            out.add(AddressBlock.LOOPBACK_V4);
            out.add(AddressBlock.LOOPBACK_V6);
            for (InetSocketAddress listener : listeners) {
                InetAddress address = listener.getAddress();
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                        if (address.isAnyLocalAddress() || ia.getAddress().equals(address)) {
                            out.add(new AddressBlock(ia.getAddress(), ia.getNetworkPrefixLength()));
                        }
                    }
                }
            }
        }
        out.addAll(blocks);
        return new ArrayList<>(out);
    }
}
