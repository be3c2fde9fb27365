package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Address text into and out of SDP: RFC 5952 output, no DNS on input. */
class IpLiteralTest {
    private static String canonical(String text) throws Exception {
        return IpLiteral.format(IpLiteral.parse(text));
    }

    @Test
    void writesIpv6AsRfc5952Section4Requires() throws Exception {
        assertEquals("::1", canonical("0:0:0:0:0:0:0:1"));
        assertEquals("::", canonical("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8:4321::1", canonical("2001:0db8:4321:0000:0000:0000:0000:0001"));
        // §4.1 leading zeros dropped, §4.3 lower case
        assertEquals("2001:db8::aaaa", canonical("2001:DB8:0:0:0:0:0:AAAA"));
        // §4.2.2: one zero group is not shortened
        assertEquals("2001:db8:0:1:1:1:1:1", canonical("2001:db8:0:1:1:1:1:1"));
        // §4.2.3: the longest run, the first of equal runs
        assertEquals("2001:0:0:1::1", canonical("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", canonical("2001:db8:0:0:1:0:0:1"));
        assertEquals("1::", canonical("1:0:0:0:0:0:0:0"));
        assertEquals("fe80::1", canonical("[fe80::1]"));
    }

    @Test
    void leavesIpv4AsDottedQuad() throws Exception {
        assertEquals("203.0.113.1", canonical("203.0.113.1"));
        assertEquals("0.0.0.0", canonical("0.0.0.0"));
    }

    @Test
    void refusesHostNamesWithTheReasonAnOperatorSees() {
        SignallingException e = assertThrows(SignallingException.class, () -> IpLiteral.parse("pbx.example.com"));
        assertEquals("Media address 'pbx.example.com' is not an IP address", e.getMessage());
        assertThrows(SignallingException.class, () -> IpLiteral.parse(""));
        assertThrows(SignallingException.class, () -> IpLiteral.parse("1.2.3"));
    }

    /** Any 16 bytes written and read back are the same address, and the text never has ":::" or leading zeros. */
    @Test
    void randomIpv6AddressesRoundTrip() throws Exception {
        Random random = new Random(5952);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[16];
            for (int j = 0; j < 16; j++) {
                b[j] = random.nextInt(3) == 0 ? 0 : (byte) random.nextInt(256); // zero runs are common
            }
            InetAddress a = InetAddress.getByAddress(b);
            if (a instanceof java.net.Inet4Address) {
                continue; // IPv4-mapped bytes come back as IPv4 from the JDK
            }
            String text = IpLiteral.format(a);
            assertEquals(a, IpLiteral.parse(text), text);
            assertEquals(-1, text.indexOf(":::"), text);
            assertEquals(false, text.matches(".*(^|:)0[0-9a-f].*"), text);
        }
    }
}
