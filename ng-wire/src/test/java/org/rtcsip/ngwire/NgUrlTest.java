package org.rtcsip.ngwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** ng URLs as kamailio.cfg's rtpengine_sock writes them. */
class NgUrlTest {

    @Test
    void readsKamailiosUrlFormsAndNamesWhatIsWrongWithOthers() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 2223), NgUrl.address("udp:127.0.0.1:2223"));
        assertEquals(2223, NgUrl.address("udp6:[::1]:2223").getPort());
        assertTrue(NgUrl.address("udp6:[::1]:2223").getAddress().isLoopbackAddress());
        assertEquals(2225, NgUrl.address("127.0.0.1:2225").getPort());
        Map<String, String> bad = Map.of(
                "tcp:127.0.0.1:2223", "ng URL tcp:127.0.0.1:2223: only udp: and udp6: are supported",
                "udp:127.0.0.1", "ng URL udp:127.0.0.1 has no port; expected udp:IP:PORT",
                "udp:127.0.0.1:0", "ng URL udp:127.0.0.1:0: port 0 is out of range 1-65535",
                "udp:127.0.0.1:x", "ng URL udp:127.0.0.1:x: port x is not a number",
                "", "empty ng URL; expected udp:IP:PORT as in kamailio.cfg's rtpengine_sock");
        bad.forEach((url, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> NgUrl.address(url)).getMessage(), url));
    }

    @Test
    void writesAnAddressAsRtpengineSockDoes() {
        assertEquals("udp:127.0.0.1:2223", NgUrl.of(new InetSocketAddress("127.0.0.1", 2223)));
        assertEquals("udp6:[0:0:0:0:0:0:0:1]:2223", NgUrl.of(new InetSocketAddress("::1", 2223)));
        assertEquals(new InetSocketAddress("::1", 2223), NgUrl.address(NgUrl.of(new InetSocketAddress("::1", 2223))));
    }
}
