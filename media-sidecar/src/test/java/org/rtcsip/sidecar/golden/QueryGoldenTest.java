package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.RelayGoldenTest.port;
import static org.rtcsip.sidecar.golden.VirtualSidecar.at;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * The statistics a {@code query} (and a {@code delete}) returns, under rtpengine 10.5's names as Kamailio's
 * $rtpstat and MOS variables read them (ng-protocol.md §2.5), after media and an RTCP receiver report went
 * through; on virtual time every value is known exactly.
 */
class QueryGoldenTest {
    private static final int ALICE_SSRC = 0x11111111;
    private static final int BOB_SSRC = 0x22222222;
    private static final int PAYLOAD = 160;
    private static final long PACKET_BYTES = 12 + PAYLOAD;

    private final VirtualSidecar sc = new VirtualSidecar("203.0.113.1");

    @SuppressWarnings("unchecked")
    private static Object path(Object root, Object... steps) {
        Object o = root;
        for (Object step : steps) {
            o = step instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get(step);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dict(Object root, Object... steps) {
        return (Map<String, Object>) path(root, steps);
    }

    private static Map<String, Object> counters(long packets, long bytes, long errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packets", packets);
        m.put("bytes", bytes);
        m.put("errors", errors);
        return m;
    }

    /**
     * Alice sends sequence 1..10 without 6 every 20 ms, 4 arriving 10 ms late; returns the RFC 3550 §A.8 jitter
     * of that schedule in milliseconds, computed here the way the RFC's code does.
     */
    private double aliceTalks(int aliceFacing) {
        long start = sc.nowNanos();
        double jitter = 0;
        Long lastTransit = null;
        for (int seq = 1; seq <= 10; seq++) {
            if (seq == 6) {
                continue;
            }
            long arrivalMillis = (seq - 1) * 20L + (seq == 4 ? 10 : 0);
            sc.advance(Duration.ofNanos(start + arrivalMillis * 1_000_000 - sc.nowNanos()));
            long timestamp = (seq - 1) * 160L;
            sc.deliver(aliceFacing, at("198.51.100.1", 6000), Packets.rtp(0, seq, timestamp, ALICE_SSRC, PAYLOAD));
            long transit = arrivalMillis * 8 - timestamp;
            if (lastTransit != null) {
                jitter += (Math.abs(transit - lastTransit) - jitter) / 16;
            }
            lastTransit = transit;
        }
        return jitter / 8;
    }

    @Test
    void queryReportsCreationSignallingStreamsSsrcsAndTotalsWithRtpengineNames() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE)
                .flags(SHIPPED + " label=caller")));
        sc.advance(Duration.ofSeconds(2));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB)
                .flags(SHIPPED + " label=callee")));
        sc.advance(Duration.ofSeconds(1));
        double jitterMillis = aliceTalks(aliceFacing);
        for (int seq = 1; seq <= 3; seq++) {
            sc.advance(Duration.ofMillis(20));
            sc.deliver(bobFacing, at("198.51.100.2", 7000), Packets.rtp(0, 1000 + seq, 160L * seq, BOB_SSRC, PAYLOAD));
        }
        byte[] rr = Packets.receiverReport(ALICE_SSRC, BOB_SSRC, 64, 3, 1004, 80);
        sc.deliver(aliceFacing + 1, at("198.51.100.1", 6001), rr);
        sc.advance(Duration.ofSeconds(5));
        long now = sc.epochMillis() / 1000;

        Map<String, Object> q = sc.request(KamailioRequest.query(CALL_ID, "alice"));
        assertEquals("ok", q.get("result"), q.toString());
        assertEquals(1795493838L, q.get("created"));
        assertEquals(187000L, q.get("created_us"));
        assertEquals(1795493840L, q.get("last signal"), "the answer was the last signal");

        assertEquals("caller", path(q, "tags", "alice", "label"));
        assertEquals("callee", path(q, "tags", "bob", "label"));
        assertEquals(List.of(Map.of("tag", "bob", "type", "offer/answer")), path(q, "tags", "alice", "subscriptions"));
        Map<String, Object> aliceRtp = dict(q, "tags", "alice", "medias", 0, "streams", 0);
        assertEquals((long) aliceFacing, aliceRtp.get("local port"));
        assertEquals("203.0.113.1", aliceRtp.get("local address"));
        assertEquals(Map.of("family", "IPv4", "address", "198.51.100.1", "port", 6000L), aliceRtp.get("endpoint"));
        assertEquals(counters(9, 9 * PACKET_BYTES, 0), aliceRtp.get("stats"));
        assertEquals(Integer.toUnsignedLong(ALICE_SSRC), aliceRtp.get("SSRC"));
        assertEquals(now - 5, aliceRtp.get("last packet"));
        assertEquals(List.of("RTP", "filled", "confirmed"), aliceRtp.get("flags"));
        Map<String, Object> aliceRtcp = dict(q, "tags", "alice", "medias", 0, "streams", 1);
        assertEquals((long) aliceFacing + 1, aliceRtcp.get("local port"));
        assertEquals(Map.of("family", "IPv4", "address", "198.51.100.1", "port", 6001L), aliceRtcp.get("endpoint"));
        assertEquals(counters(1, rr.length, 0), aliceRtcp.get("stats"));
        Map<String, Object> bobRtp = dict(q, "tags", "bob", "medias", 0, "streams", 0);
        assertEquals((long) bobFacing, bobRtp.get("local port"));
        assertEquals(counters(3, 3 * PACKET_BYTES, 0), bobRtp.get("stats"));

        assertEquals(counters(12, 12 * PACKET_BYTES, 0), path(q, "totals", "RTP"));
        assertEquals(counters(1, rr.length, 0), path(q, "totals", "RTCP"));

        String alice = Long.toString(Integer.toUnsignedLong(ALICE_SSRC));
        // RFC 3550 §A.1: a new source's first packet is on probation, counting starts with the second
        assertEquals((Object) 8L, path(q, "SSRC", alice, "packets"));
        assertEquals((Object) 1L, path(q, "SSRC", alice, "cumulative loss"), "sequence 6 never came");
        assertEquals((Object) Math.round(jitterMillis), path(q, "SSRC", alice, "jitter"));
        assertEquals(1L, Math.round(jitterMillis), "the late packet left measurable jitter");
        String bob = Long.toString(Integer.toUnsignedLong(BOB_SSRC));
        assertEquals((Object) 2L, path(q, "SSRC", bob, "packets"), "bob's own reception statistics");
        assertEquals(Map.of("fraction lost", 64L, "cumulative loss", 3L, "highest seq", 1004L, "jitter", 80L),
                path(q, "SSRC", bob, "reported by peer"), "what alice's RR said about bob's stream");
    }

    @Test
    void deleteReturnsTheSameStatisticsAsItTearsTheCallDown() {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED)));
        sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED));
        InetSocketAddress bobRtp = at("198.51.100.2", 7000);
        sc.deliver(bobFacing, bobRtp, Packets.rtp(0, 1, 160, BOB_SSRC, PAYLOAD));
        Map<String, Object> d = sc.request(KamailioRequest.delete(CALL_ID, "alice"));
        assertEquals("ok", d.get("result"));
        assertEquals(counters(1, PACKET_BYTES, 0), path(d, "totals", "RTP"));
        assertEquals(1795493838L, d.get("created"));
        assertEquals(0, sc.sockets.portsInUse());
        assertEquals("Unknown call-id", sc.request(KamailioRequest.query(CALL_ID, "alice")).get("error-reason"));
    }
}
