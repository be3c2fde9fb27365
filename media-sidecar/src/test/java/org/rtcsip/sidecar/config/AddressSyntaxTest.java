package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AddressSyntaxTest {

    @Test
    void ipv4LiteralIsParsedWithoutLookingUpANameAndKeepsNoHostName() throws Exception {
        InetAddress a = AddressSyntax.ipLiteral("192.0.2.10");

        assertInstanceOf(Inet4Address.class, a);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 10}, a.getAddress());
        assertEquals("192.0.2.10", a.getHostAddress());
    }

    @Test
    void ipv6LiteralsWithAndWithoutBrackets() throws Exception {
        assertInstanceOf(Inet6Address.class, AddressSyntax.ipLiteral("2001:db8::1"));
        assertEquals(AddressSyntax.ipLiteral("2001:db8::1"), AddressSyntax.ipLiteral("[2001:db8::1]"));
        assertEquals(AddressSyntax.ipLiteral("::1"), InetAddress.getByName("::1"));
    }

    @Test
    void localhostIsTheOnlyNameAListenAddressTakes() throws Exception {
        InetSocketAddress a = AddressSyntax.listenAddress("localhost:2223");

        assertArrayEquals(new byte[] {127, 0, 0, 1}, a.getAddress().getAddress());
        assertEquals(2223, a.getPort());
        InvalidValue e = assertThrows(InvalidValue.class, () -> AddressSyntax.listenAddress("example.org:2223"));
        assertTrue(e.reason().startsWith("is not an IP address"), e.reason());
    }

    @Test
    void portZeroLetsTheSystemChoose() throws Exception {
        assertEquals(0, AddressSyntax.listenAddress("127.0.0.1:0").getPort());
    }

    @Test
    void wildcardLocalAddressIsAllowedWhenAnAddressIsAdvertised() throws Exception {
        MediaInterface i = AddressSyntax.mediaInterface("nat/0.0.0.0!203.0.113.5");

        assertTrue(i.local().isAnyLocalAddress());
        assertEquals(AddressSyntax.ipLiteral("203.0.113.5"), i.advertised());
    }

    @Test
    void interfaceNamesMayCarryRtpenginesSuffixes() throws Exception {
        assertEquals("pub:1", AddressSyntax.mediaInterface("pub:1/192.0.2.1").name());
        assertEquals("int_a.b-c", AddressSyntax.mediaInterface("int_a.b-c/192.0.2.1").name());
    }

    @Test
    void everyIpv4AddressRoundTrips() throws Exception {
        Random random = new Random(20240611L);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[4];
            random.nextBytes(bytes);
            InetAddress expected = InetAddress.getByAddress(bytes);
            assertEquals(expected, AddressSyntax.ipLiteral(expected.getHostAddress()));
        }
    }

    @Test
    void everyIpv6AddressRoundTrips() throws Exception {
        Random random = new Random(20240612L);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            InetAddress expected = InetAddress.getByAddress(bytes);
            String text = expected.getHostAddress();
            assertEquals(expected, AddressSyntax.ipLiteral(text), text);
            assertEquals(new InetSocketAddress(expected, 4000), AddressSyntax.listenAddress("[" + text + "]:4000"));
        }
    }

    @Test
    void randomTextNeverThrowsAnythingButInvalidValue() {
        String alphabet = "0123456789abcdefgxyz.:[]!/%-_ @#;=\u00e9\t";
        Random random = new Random(7L);
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = b.toString();
            tryParse(() -> AddressSyntax.ipLiteral(text));
            tryParse(() -> AddressSyntax.mediaInterface(text));
            tryParse(() -> AddressSyntax.listenAddress(text));
        }
    }

    private interface Parse {
        Object run() throws InvalidValue;
    }

    private static void tryParse(Parse parse) {
        try {
            parse.run();
        } catch (InvalidValue expected) {
            assertTrue(!expected.reason().isEmpty());
        }
    }
}
