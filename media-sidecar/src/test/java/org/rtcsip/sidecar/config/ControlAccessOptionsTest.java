package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.config.ParsedOptions.error;
import static org.rtcsip.sidecar.config.ParsedOptions.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ng-allow, --ops-token and --ops-token-file: defaults, spellings, errors. */
class ControlAccessOptionsTest {
    private static final String TOKEN = "0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void byDefaultNgIsTakenFromLoopbackAndTheListenersSubnets() throws Exception {
        NgAllow allow = load().ngAllow();
        assertEquals(new NgAllow(true, false, List.of()), allow);
        List<AddressBlock> resolved = allow.resolve(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                2223)));
        assertTrue(resolved.contains(AddressBlock.LOOPBACK_V4) && resolved.contains(AddressBlock.LOOPBACK_V6),
                resolved.toString());
    }

    @Test
    void blocksAreListedCommaSeparatedOrRepeated() throws Exception {
        NgAllow allow = load("--ng-allow=10.0.0.0/24, 192.0.2.5", "--ng-allow=2001:db8::/32").ngAllow();
        assertEquals("[10.0.0.0/24, 192.0.2.5/32, 2001:db8:0:0:0:0:0:0/32]", allow.blocks().toString());
        assertFalse(allow.auto());
        assertEquals(allow.blocks(), allow.resolve(List.of()), "only the blocks named");
        assertTrue(load("--ng-allow=auto,10.1.0.0/16").ngAllow().auto());
    }

    @Test
    void badBlocksAndAnyWithOthersAreRefused() {
        assertEquals("ng-allow: \"10.0.0.0/33\" has no valid prefix length after '/' (0-32); give auto, any or CIDR"
                + " blocks such as 10.0.0.0/24 (command line)", error("--ng-allow=10.0.0.0/33"));
        assertTrue(error("--ng-allow=kamailio.example").startsWith("ng-allow: \"kamailio.example\" is not an IP"));
        assertEquals("ng-allow: any allows every source; it cannot be combined with auto or address blocks"
                + " (command line)", error("--ng-allow=any,auto"));
    }

    @Test
    void anyWarns() throws Exception {
        SidecarConfig c = load("--ng-allow=any");
        assertTrue(c.ngAllow().any());
        assertTrue(c.warnings().get(0).startsWith("ng-allow: any: ng requests are taken from every source"),
                c.warnings().toString());
    }

    @Test
    void aBlockMatchesItsAddressesAndTheirIpv4MappedForm() throws Exception {
        AddressBlock block = AddressSyntax.addressBlock("10.1.2.3/23");
        assertEquals("10.1.2.0/23", block.toString());
        assertTrue(block.contains(InetAddress.getByName("10.1.3.255")));
        assertFalse(block.contains(InetAddress.getByName("10.1.4.0")));
        assertTrue(block.contains(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
                (byte) 0xff, 10, 1, 2, 9})), "::ffff:10.1.2.9");
        assertFalse(block.contains(InetAddress.getByName("::1")));
        assertTrue(AddressSyntax.addressBlock("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.7")));
    }

    @Test
    void theTokenComesFromTheCommandLineOrAFileAndNeverShows() throws Exception {
        SidecarConfig inline = load("--ops-token=" + TOKEN);
        assertTrue(inline.opsToken().orElseThrow().matches(TOKEN));
        assertFalse(inline.opsToken().orElseThrow().matches(TOKEN + "x"));
        assertFalse(inline.toString().contains(TOKEN), "a logged config does not show it");

        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\nsecond line ignored\n");
        assertTrue(load("--ops-token-file=" + file).opsToken().orElseThrow().matches(TOKEN));
        assertTrue(load().opsToken().isEmpty());
    }

    @Test
    void aShortMissingOrDoubleTokenIsRefused() {
        assertEquals("ops-token: the token must be at least 16 printable characters without spaces (e.g. openssl"
                + " rand -hex 24) (command line)", error("--ops-token=secret"));
        assertEquals("ops-token-file: \"" + dir.resolve("none") + "\" cannot be read: no such file (command line)",
                error("--ops-token-file=" + dir.resolve("none")));
        assertEquals("ops-token: give ops-token or ops-token-file, not both (command line)",
                error("--ops-token=" + TOKEN, "--ops-token-file=" + dir.resolve("none")));
    }
}
