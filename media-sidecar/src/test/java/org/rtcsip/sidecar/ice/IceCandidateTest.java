package org.rtcsip.sidecar.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code a=candidate} parse and format (RFC 8839 §5.1), with lines from the Chromium 156 and rtpengine fixtures. */
class IceCandidateTest {
    /** From shared/fixtures/ng-kamailio-5.6.3-chromium-156.jsonl. */
    static final String CHROMIUM_UDP =
            "candidate:1758317558 1 udp 2122260223 127.0.0.1 42451 typ host generation 0 network-id 1 network-cost 50";
    static final String CHROMIUM_TCP = "candidate:369240430 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active "
            + "generation 0 network-id 1 network-cost 50";
    static final String RTPENGINE = "candidate:dxKZgwmB4VWDhvC6 1 UDP 2130706431 127.0.0.1 30017 typ host";
    static final String SRFLX = "candidate:842163049 1 udp 1677729535 203.0.113.9 61000 typ srflx raddr 10.0.0.5 "
            + "rport 52000 generation 0 ufrag k8pc network-cost 999";
    static final String MDNS = "candidate:2217181172 1 udp 2122260223 4a1d3b4e-3f1c-4d88-9d2b-0d3bd6a3a1f2.local "
            + "41856 typ host generation 0 network-id 1 network-cost 50";

    @Test
    void parsesChromiumUdpHostCandidate() throws Exception {
        IceCandidate candidate = IceCandidate.parse("a=" + CHROMIUM_UDP);
        assertEquals("1758317558", candidate.foundation());
        assertEquals(1, candidate.component());
        assertTrue(candidate.isUdp());
        assertEquals(2122260223L, candidate.priority());
        assertEquals(new InetSocketAddress("127.0.0.1", 42451), candidate.socketAddress());
        assertEquals(IceCandidate.HOST, candidate.type());
        assertEquals(0, candidate.generation());
        assertEquals("1", candidate.networkId());
        assertEquals("50", candidate.extensions().get("network-cost"));
        assertNull(candidate.tcpType());
        assertFalse(candidate.isMdns());
    }

    @Test
    void parsesChromiumTcpCandidateWithTcptype() throws Exception {
        IceCandidate candidate = IceCandidate.parse(CHROMIUM_TCP);
        assertFalse(candidate.isUdp());
        assertEquals("active", candidate.tcpType());
        assertEquals(9, candidate.port());
    }

    @Test
    void parsesServerReflexiveCandidateWithRelatedAddress() throws Exception {
        IceCandidate candidate = IceCandidate.parse(SRFLX);
        assertEquals(IceCandidate.SERVER_REFLEXIVE, candidate.type());
        assertEquals("10.0.0.5", candidate.relatedAddress());
        assertEquals(52000, candidate.relatedPort());
        assertEquals("k8pc", candidate.extensions().get("ufrag"));
        assertEquals(List.of("generation", "ufrag", "network-cost"), List.copyOf(candidate.extensions().keySet()));
    }

    @Test
    void keepsMdnsCandidatesButGivesNoAddressToSendTo() throws Exception {
        IceCandidate candidate = IceCandidate.parse(MDNS);
        assertTrue(candidate.isMdns());
        assertNull(candidate.socketAddress(), "never resolved, never sent to");
        assertEquals(MDNS, candidate.format());
    }

    @Test
    void formatGivesBackEveryLineAsItCame() throws Exception {
        for (String line : List.of(CHROMIUM_UDP, CHROMIUM_TCP, RTPENGINE, SRFLX, MDNS,
                "candidate:1 2 UDP 1 2001:db8::1 9 typ relay raddr 2001:db8::2 rport 0")) {
            assertEquals(line, IceCandidate.parse(line).format());
        }
    }

    @Test
    void hostCandidatesCarryRfc8445Priorities() {
        List<IceCandidate> hosts = IceCandidate.hosts(1, List.of(new InetSocketAddress("127.0.0.1", 30017),
                new InetSocketAddress("127.0.0.2", 30017)));
        // rtpengine advertises the same priority for its first address (fixture line RTPENGINE).
        assertEquals(2130706431L, hosts.get(0).priority());
        assertEquals(2130706431L - 256, hosts.get(1).priority());
        assertNotEquals(hosts.get(0).foundation(), hosts.get(1).foundation(), "different base address");
        assertEquals(2130706430L, IceCandidate.hosts(2, List.of(new InetSocketAddress("127.0.0.1", 30018))).get(0)
                .priority());
        assertEquals(hosts.get(0).foundation(),
                IceCandidate.hosts(2, List.of(new InetSocketAddress("127.0.0.1", 30018))).get(0).foundation(),
                "RFC 8445 §5.1.1.3: same type, base and transport, same foundation");
        assertTrue(hosts.get(0).format()
                .matches("candidate:\\d{1,10} 1 UDP 2130706431 127\\.0\\.0\\.1 30017 typ host"));
    }

    @Test
    void pairPriorityFollowsRfc8445() {
        long g = 2130706431L;
        long d = 1853824767L;
        assertEquals((d << 32) + 2 * g + 1, CandidatePriority.pair(g, d));
        assertEquals((d << 32) + 2 * g, CandidatePriority.pair(d, g));
    }

    @Test
    void badLinesGetTheirReason() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 typ", "at least 8 fields"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 type host", "must be 'typ'"),
                Map.entry("candidate:1 0 udp 1 1.2.3.4 5 typ host", "component-id must be 1..256"),
                Map.entry("candidate:1 1 udp x 1.2.3.4 5 typ host", "priority is not a number"),
                Map.entry("candidate:1 1 udp 0 1.2.3.4 5 typ host", "priority must be"),
                Map.entry("candidate:1 1 udp 4294967295 1.2.3.4 5 typ host", "priority must be"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 65536 typ host", "port must be 0..65535"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4  5 typ host", "empty field"),
                Map.entry("candidate:f!o 1 udp 1 1.2.3.4 5 typ host", "foundation must be"),
                Map.entry("candidate:1 1 udp 1 999.2.3.4 5 typ host", "not an IP or host name"),
                Map.entry("candidate:1 1 udp 1 1:2:zz::1 5 typ host", "not an IP or host name"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 typ host generation", "has no value"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 typ host generation x", "generation is not a number"),
                Map.entry("candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype both", "tcptype must be"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 typ host a 1 a 2", "appears twice"),
                Map.entry("candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3", "not an IP or host name"));
        cases.forEach((line, reason) -> {
            IceCandidateException e = assertThrows(IceCandidateException.class, () -> IceCandidate.parse(line), line);
            assertTrue(e.getMessage().contains(reason), line + " -> " + e.getMessage());
        });
    }

    @Test
    void parseThrowsOnlyItsOwnExceptionOnRandomInput() {
        Random random = new Random(0x5EED_CA11L);
        String alphabet = "candidte:0123456789 .:abcdefhostypudprelaxsfkgnwk-/+%\t";
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            if (random.nextBoolean()) {
                String seed = List.of(CHROMIUM_UDP, CHROMIUM_TCP, SRFLX, MDNS).get(random.nextInt(4));
                line.append(seed);
                for (int e = 0; e < 1 + random.nextInt(3); e++) {
                    int at = random.nextInt(line.length());
                    line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                for (int c = random.nextInt(80); c > 0; c--) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                IceCandidate candidate = IceCandidate.parse(line.toString());
                parsed++;
                assertEquals(candidate, IceCandidate.parse(candidate.format()), "format/parse round trip");
                candidate.socketAddress();
                candidate.generation();
            } catch (IceCandidateException expected) {
                // the reason is in the message; anything else thrown fails the test
            }
        }
        assertTrue(parsed > 0);
    }

    @Test
    void credentialsRefuseWhatWouldBreakUsername() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("a:b", "t4qrjhU1rYpuqe70rhtgPtr7fw"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "with space xxxxxxxxxxxxxxx"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("", "t4qrjhU1rYpuqe70rhtgPtr7fw"));
        IceCredentials random = IceCredentials.random(new Random(3));
        assertEquals(8, random.ufrag().length());
        assertEquals(24, random.pwd().length());
        assertFalse(random.toString().contains(random.pwd()), "the password stays out of logs");
    }
}
