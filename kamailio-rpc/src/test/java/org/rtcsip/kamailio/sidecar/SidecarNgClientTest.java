package org.rtcsip.kamailio.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.testbed.ng.ScriptedNgServer.cookie;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtcsip.testbed.ng.ScriptedNgServer;

/**
 * sidecarctl's ng client on the wire, against a scripted loopback socket playing the sidecar: framing, re-sending
 * the same cookie, ignoring stale replies, and the one-line failures.
 */
class SidecarNgClientTest {

    @Test
    void pingSendsCookieSpaceBencodeAndReadsThePong() throws Exception {
        try (ScriptedNgServer server = new ScriptedNgServer(d -> List.of(cookie(d) + " d6:result4:ponge"));
             SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(500), 3)) {
            Duration took = ng.ping();
            assertTrue(took.toMillis() < 500, took.toString());
            String sent = server.received().get(0);
            assertTrue(sent.matches("sidecarctl_\\d+_[0-9a-f]+_1 d7:command4:pinge"), sent);
        }
    }

    @Test
    void aLostRequestIsSentAgainWithTheSameCookie() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ScriptedNgServer server = new ScriptedNgServer(d -> {
            seen.add(d);
            return seen.size() == 1 ? null : List.of(cookie(d) + " d6:result2:ok7:createdi5ee");
        }); SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(200), 3)) {
            assertEquals(Map.of("result", "ok", "created", 5L), ng.query("call-1"));
            assertEquals(2, server.received().size());
            assertEquals(server.received().get(0), server.received().get(1), "a retransmission is the same datagram");
        }
    }

    @Test
    void aReplyToAnotherCookieIsIgnored() throws Exception {
        try (ScriptedNgServer server = new ScriptedNgServer(d -> List.of("stale_cookie d6:result4:ponge",
                cookie(d) + " d6:result4:ponge"));
             SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(500), 1)) {
            ng.ping();
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void deleteAsksForTheWholeCallAndFatalSoAnUnknownCallIsAnError() throws Exception {
        try (ScriptedNgServer server = new ScriptedNgServer(d -> List.of(cookie(d)
                + " d6:result5:error12:error-reason38:Call-ID not found or tags didn't matche"));
             SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(500), 1)) {
            SidecarRefusedException refused = assertThrows(SidecarRefusedException.class, () -> ng.delete("gone@x"));
            assertEquals("ng delete: Call-ID not found or tags didn't match", refused.getMessage());
            String sent = server.received().get(0);
            assertEquals("d7:call-id6:gone@x5:flagsl5:fatale7:command6:deletee", sent.substring(sent.indexOf(' ') + 1));
        }
    }

    @Test
    void anUndecodableReplyIsRefusedNamingTheProblem() throws Exception {
        try (ScriptedNgServer server = new ScriptedNgServer(d -> List.of(cookie(d) + " d6:result")); 
             SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(500), 1)) {
            SidecarRefusedException refused = assertThrows(SidecarRefusedException.class, ng::ping);
            assertEquals("ng ping: undecodable reply from " + server.url()
                    + ": bencode: unexpected end of data at byte 9", refused.getMessage());
        }
    }

    @Test
    void aSilentServerIsUnreachableAfterEveryAttemptInOneLine() throws Exception {
        try (ScriptedNgServer server = new ScriptedNgServer(d -> null);
             SidecarNgClient ng = new SidecarNgClient(server.url(), Duration.ofMillis(100), 3)) {
            long start = System.nanoTime();
            SidecarUnreachableException down = assertThrows(SidecarUnreachableException.class, ng::ping);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("sidecar unreachable at " + server.url() + ": no ng reply within 100 ms per attempt (ng ping)"
                    + " (3 attempts)", down.getMessage());
            assertEquals(3, server.received().size());
            assertTrue(millis >= 300 && millis < 2000, millis + " ms");
        }
    }

    @Test
    void aClosedPortIsUnreachableAtOnce() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        try (SidecarNgClient ng = new SidecarNgClient("udp:127.0.0.1:" + port, Duration.ofSeconds(2), 3)) {
            long start = System.nanoTime();
            SidecarUnreachableException down = assertThrows(SidecarUnreachableException.class, () -> ng.delete("x"));
            assertEquals("sidecar unreachable at udp:127.0.0.1:" + port + ": nothing listens there (ICMP port "
                    + "unreachable; ng delete) (1 attempt)", down.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500, "no waiting for a timeout");
        }
    }
}
