package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which configured interface a direction name and an address family select. */
class MediaInterfacesTest {
    private static MediaInterfaceAddress iface(String name, String ip) throws Exception {
        InetAddress a = InetAddress.getByName(ip);
        return new MediaInterfaceAddress(name, a, a);
    }

    @Test
    void picksByNameThenByFamilyFallingBackWithinTheName() throws Exception {
        MediaInterfaceAddress int4 = iface("internal", "127.0.0.1");
        MediaInterfaceAddress ext4 = iface("external", "127.0.0.2");
        MediaInterfaceAddress ext6 = iface("external", "::1");
        MediaInterfaces all = new MediaInterfaces(List.of(int4, ext4, ext6));
        assertEquals(ext4, all.pick("external", false));
        assertEquals(ext6, all.pick("external", true));
        assertEquals(int4, all.pick("internal", true), "no IPv6 on internal: its IPv4 address");
        assertEquals(int4, all.pick(null, null), "no name: the first configured");
        assertEquals(ext6, all.pick(null, true));
    }

    /** rtpengine 10.5: "Interface 'x' not found, using default" rather than failing the call. */
    @Test
    void anUnknownNameFallsBackToTheDefaultChoice() throws Exception {
        MediaInterfaceAddress v4 = iface("default", "203.0.113.1");
        MediaInterfaceAddress v6 = iface("default", "2001:db8:4321::1");
        MediaInterfaces all = new MediaInterfaces(List.of(v4, v6));
        assertEquals(v4, all.pick("internal", null));
        assertEquals(v6, all.pick("external", true));
        assertEquals(v4, all.pick("pub", false));
    }
}
