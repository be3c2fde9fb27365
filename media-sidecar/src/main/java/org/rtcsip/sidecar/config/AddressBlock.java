package org.rtcsip.sidecar.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block as CIDR writes it ({@code 10.0.0.0/24}, {@code 2001:db8::/32}, a bare address = one host).
 * An IPv4 block also matches IPv4-mapped IPv6 sources ({@code ::ffff:10.0.0.5}), as a dual-stack socket reports
 * them.
 */
public record AddressBlock(InetAddress network, int prefixLength) {

    public AddressBlock {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " for " + network);
        }
        network = masked(network, prefixLength);
    }

    /** The loopback blocks, 127.0.0.0/8 and ::1/128. */
    public static final AddressBlock LOOPBACK_V4 = new AddressBlock(literal(new byte[] {127, 0, 0, 0}), 8);
    public static final AddressBlock LOOPBACK_V6 = new AddressBlock(literal(new byte[] {0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 1}), 128);

    public boolean contains(InetAddress address) {
        byte[] a = unmapped(address.getAddress());
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        return rest == 0 || ((a[whole] ^ n[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    /** {@code ::ffff:a.b.c.d} as its four IPv4 bytes; anything else unchanged. */
    private static byte[] unmapped(byte[] a) {
        if (a.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return a;
                }
            }
            if (a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
                return new byte[] {a[12], a[13], a[14], a[15]};
            }
        }
        return a;
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] a = address.getAddress();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            a[i] &= (byte) (0xff << (8 - keep));
        }
        return literal(a);
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only for a wrong array length
        }
    }
}
