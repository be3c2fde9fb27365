package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.RelayGoldenTest.port;
import static org.rtcsip.sidecar.golden.VirtualSidecar.at;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.sidecar.session.SessionLimits;

/** Media timeout and delete-delay on virtual time: the exact second a call and its ports go. */
class TimersGoldenTest {
    private static VirtualSidecar withLimits(long mediaTimeout, long deleteDelay) {
        return new VirtualSidecar(new SessionLimits(mediaTimeout, 0, deleteDelay, -1, 64), "203.0.113.1");
    }

    private static int[] call(VirtualSidecar sc) {
        int bobFacing = port(sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED)));
        int aliceFacing = port(sc.sdpOf(KamailioRequest.answer(CALL_ID, "alice", "bob").sdp(BOB).flags(SHIPPED)));
        return new int[] {aliceFacing, bobFacing};
    }

    private static void tickAfter(VirtualSidecar sc, Duration d) {
        sc.advance(d);
        sc.tick();
    }

    @Test
    void aSilentCallIsTornDownOneSecondAfterItsLastSignalWithTimeoutOne() {
        VirtualSidecar sc = withLimits(1, 0);
        call(sc);
        tickAfter(sc, Duration.ofMillis(1000));
        assertNotNull(sc.calls.find(CALL_ID), "exactly the timeout is not yet over it");
        tickAfter(sc, Duration.ofMillis(1));
        assertNull(sc.calls.find(CALL_ID));
        assertEquals(0, sc.sockets.portsInUse(), "every port released");
        assertEquals(1, sc.calls.metrics().mediaTimeouts.sum());
        assertEquals("Unknown call-id", sc.request(KamailioRequest.query(CALL_ID, "alice")).get("error-reason"));
        assertEquals(List.of(), sc.request(Map.of("command", "list")).get("calls"));
    }

    @Test
    void mediaKeepsACallAliveAndItsEndStartsTheTimeout() {
        VirtualSidecar sc = withLimits(1, 0);
        int[] ports = call(sc);
        for (int i = 1; i <= 10; i++) {
            sc.advance(Duration.ofMillis(300));
            sc.deliver(ports[0], at("198.51.100.1", 6000), Packets.rtp(0, i, 160L * i, 7, 20));
            sc.tick();
        }
        assertNotNull(sc.calls.find(CALL_ID), "3 s of media, never a silent second");
        tickAfter(sc, Duration.ofMillis(1000));
        assertNotNull(sc.calls.find(CALL_ID));
        tickAfter(sc, Duration.ofMillis(1));
        assertNull(sc.calls.find(CALL_ID));
        assertEquals(1, sc.calls.metrics().mediaTimeouts.sum());
    }

    @Test
    void deleteDelayKeepsRelayingUntilTheDelayIsOver() {
        VirtualSidecar sc = withLimits(0, 30);
        int[] ports = call(sc);
        Map<String, Object> d = sc.request(KamailioRequest.delete(CALL_ID, "alice").flags("delete-delay=5"));
        assertEquals("ok", d.get("result"));
        tickAfter(sc, Duration.ofMillis(4999));
        byte[] late = Packets.rtp(0, 1, 160, 7, 20);
        sc.deliver(ports[0], at("198.51.100.1", 6000), late);
        assertEquals(1, sc.takeSent().size(), "media still flows during the delay");
        assertEquals(4, sc.sockets.portsInUse());
        tickAfter(sc, Duration.ofMillis(1));
        assertNull(sc.calls.find(CALL_ID));
        assertEquals(0, sc.sockets.portsInUse());
        assertEquals(0, sc.calls.metrics().mediaTimeouts.sum(), "a delete is not a timeout");
    }

    @Test
    void deleteWithoutDelayUsesTheConfiguredDefaultAndDelayZeroIsImmediate() {
        VirtualSidecar sc = withLimits(0, 30);
        call(sc);
        sc.request(KamailioRequest.delete(CALL_ID, "alice"));
        tickAfter(sc, Duration.ofSeconds(29));
        assertNotNull(sc.calls.find(CALL_ID), "--delete-delay=30 applies");
        tickAfter(sc, Duration.ofSeconds(1));
        assertNull(sc.calls.find(CALL_ID));

        call(sc);
        sc.request(KamailioRequest.delete(CALL_ID, "alice").flags("delete-delay=0"));
        assertNull(sc.calls.find(CALL_ID), "gone without waiting for a tick");
        assertEquals(0, sc.sockets.portsInUse());
    }

    @Test
    void aNewOfferDuringTheDelayCancelsTheDelete() {
        VirtualSidecar sc = withLimits(0, 0);
        call(sc);
        sc.request(KamailioRequest.delete(CALL_ID, "alice").flags("delete-delay=5"));
        sc.advance(Duration.ofSeconds(2));
        sc.sdpOf(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED));
        tickAfter(sc, Duration.ofSeconds(10));
        assertNotNull(sc.calls.find(CALL_ID));
    }
}
