package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.ice.FullIceAgent;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceLiteAgent;
import org.rtcsip.sidecar.ice.IceRole;
import org.rtcsip.sidecar.ice.IceTiming;
import org.rtcsip.sidecar.ice.StunCodec;
import org.rtcsip.sidecar.ice.StunOutcome;

/**
 * The generator's browser side of ICE against media-sidecar's agents, both on the one STUN codec (StunCodec, on
 * ice4j's messages): an ice-lite server (the sidecar) takes our check as a nomination; a full controlled agent (as
 * rtpengine is) accepts our answers to its checks. rtpengine itself is the independent peer in bench/run.sh.
 */
class StunInteropTest {
    private static final InetSocketAddress BROWSER = new InetSocketAddress("127.0.0.1", 40002);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 30000);
    private final Random random = new Random(8445);
    private final IceCredentials browser = IceCredentials.random(random);

    @Test
    void anIceLiteServerTakesOurCheckAsANominationAndSignsItsAnswer() throws Exception {
        IceLiteAgent server = new IceLiteAgent(1, List.of(SERVER), random);
        server.setRemoteCredentials(browser);
        IceCredentials serverCredentials = server.localCredentials();
        byte[] transaction = new byte[12];
        random.nextBytes(transaction);
        byte[] check = BrowserCall.check(new StunCodec("test"), transaction, serverCredentials.ufrag() + ":"
                + browser.ufrag(), random.nextLong(), serverCredentials.key());

        byte[] out = new byte[1500];
        int n = server.handleStun(check, 0, check.length, BROWSER, 1_000L, out, 0);

        assertEquals(StunOutcome.CHECK_NOMINATED, server.lastOutcome());
        assertEquals(BROWSER, server.selectedRemote());
        StunCodec answer = new StunCodec("test");
        assertNull(answer.read(out, 0, n));
        assertEquals(StunCodec.BINDING_SUCCESS, answer.messageType());
        assertEquals(BROWSER, answer.xorMappedAddress());
        assertTrue(answer.integrityMatches(serverCredentials.key()), "signed with the server's ice-pwd");
    }

    @Test
    void anIceLiteServerRefusesACheckSignedWithTheWrongPassword() {
        IceLiteAgent server = new IceLiteAgent(1, List.of(SERVER), random);
        server.setRemoteCredentials(browser);
        byte[] check = BrowserCall.check(new StunCodec("test"), new byte[12], server.localCredentials().ufrag() + ":"
                + browser.ufrag(), 7L, browser.key());

        server.handleStun(check, 0, check.length, BROWSER, 1_000L, new byte[1500], 0);

        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, server.lastOutcome());
        assertEquals(null, server.selectedRemote());
    }

    @Test
    void aFullServerAcceptsOurAnswerToItsCheck() throws Exception {
        FullIceAgent server = new FullIceAgent(IceRole.CONTROLLED, 1, List.of(SERVER), random.nextLong(), random,
                IceTiming.DEFAULT);
        server.setRemoteCredentials(browser);
        server.addRemoteCandidate(IceCandidate.parse("candidate:1758317558 1 udp 2122260223 127.0.0.1 "
                + BROWSER.getPort() + " typ host generation 0"));
        long now = 1_000_000_000L;
        server.handleTimeout(now);
        byte[] out = new byte[1500];
        int n = server.pollTransmit(out, 0);
        assertTrue(n > 0, "the server sends a check");
        assertEquals(BROWSER, server.transmitDestination());

        StunCodec check = new StunCodec("test");
        assertNull(check.read(out, 0, n));
        assertEquals(StunCodec.BINDING_REQUEST, check.messageType());
        assertEquals(browser.ufrag() + ":" + server.localCredentials().ufrag(), check.username());
        assertTrue(check.integrityMatches(browser.key()), "signed with our ice-pwd");
        byte[] answer = BrowserCall.answer(check, SERVER, browser.key());
        server.handleStun(answer, 0, answer.length, BROWSER, SERVER, now + 1_000_000L, new byte[1500], 0);

        assertEquals(StunOutcome.RESPONSE_ACCEPTED, server.lastOutcome());
    }
}
