package org.rtcsip.kamailio.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ws.dump connection lines, as the websocket module of Kamailio 5.6 prints them (ws_conn.c). */
class WsConnectionTest {

    /** Captured from Kamailio 5.6.3 with a JDK WebSocket client registered over it. */
    private static final String CAPTURED =
            "1: ws:127.0.0.1:42274 -> ws:127.0.0.1:25080 (state: OPEN,  last used 5s ago, sub-protocol: sip)";

    @Test
    void parsesTheLineKamailio563PrintsForABrowser() {
        WsConnection connection = WsConnection.parse(CAPTURED);
        assertEquals(new WsConnection(1, "ws", new HostPort("127.0.0.1", 42274), new HostPort("127.0.0.1", 25080),
                "OPEN", false, 5, "sip"), connection);
    }

    @Test
    void readsTheAwaitingPongMarkOfAKeepaliveWithoutAnswer() {
        // ws_conn.c prints "awaiting Pong, " between the state and "last used"
        WsConnection connection = WsConnection.parse(
                "7: wss:192.0.2.7:50000 -> wss:192.0.2.1:4443 (state: OPEN, awaiting Pong,  last used 31s ago, "
                        + "sub-protocol: sip)");
        assertTrue(connection.awaitingPong());
        assertEquals("wss", connection.scheme());
        assertEquals(31, connection.idleSeconds());
        assertEquals(new HostPort("192.0.2.1", 4443), connection.local());
    }

    @Test
    void splitsIpv6AddressesAtTheLastColon() {
        WsConnection connection = WsConnection.parse(
                "2: ws:2001:db8::7:50000 -> ws:::1:8080 (state: CLOSING,  last used 0s ago, sub-protocol: msrp)");
        assertEquals(new HostPort("2001:db8::7", 50000), connection.remote());
        assertEquals(new HostPort("::1", 8080), connection.local());
        assertEquals("[2001:db8::7]:50000", connection.remote().toString());
        assertEquals("CLOSING", connection.state());
        assertEquals("msrp", connection.subProtocol());
    }

    @Test
    void keepsKamailiosMarkForAnUnknownSubProtocol() {
        assertEquals("**UNKNOWN**", WsConnection.parse(
                "4: ws:10.0.0.1:1 -> ws:10.0.0.2:2 (state: CONNECTING,  last used 0s ago, sub-protocol: **UNKNOWN**)")
                .subProtocol());
    }

    @Test
    void refusesEachMalformedLineQuotingIt() {
        List<String> malformed = List.of(
                "",
                "connections: 0",
                "x: ws:127.0.0.1:1 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)",
                "1: tcp:127.0.0.1:1 -> tcp:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)",
                "1: ws:127.0.0.1:1 ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)",
                "1: ws:127.0.0.1 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)",
                "1: ws:127.0.0.1:70000 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)",
                "1: ws:127.0.0.1:1 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago)",
                "1: ws:127.0.0.1:1 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip",
                "99999999999: ws:127.0.0.1:1 -> ws:127.0.0.1:2 (state: OPEN,  last used 5s ago, sub-protocol: sip)");
        for (String line : malformed) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> WsConnection.parse(line), line);
            assertTrue(refused.getMessage().contains("\"" + line + "\""), refused.getMessage());
        }
    }

    @Test
    void neverThrowsAnythingButIllegalArgumentOnMutatedLines() {
        Random random = new Random(0x5EED_0001L);
        String alphabet = "0123456789:-> ()wsWS.abcOPEN,";
        int parsed = 0;
        for (int iteration = 0; iteration < 20_000; iteration++) {
            StringBuilder line = new StringBuilder(CAPTURED);
            int edits = 1 + random.nextInt(4);
            for (int edit = 0; edit < edits && line.length() > 0; edit++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                WsConnection connection = WsConnection.parse(line.toString());
                assertTrue(connection.remote().port() <= 65535 && connection.local().port() <= 65535);
                parsed++;
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
        assertTrue(parsed > 0, "some mutations (digits in numbers) still parse");
    }
}
