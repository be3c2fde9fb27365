package org.rtcsip.bench.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.rtcsip.sidecar.ice.StunOutcome;

/**
 * The generator's browser-side STUN against another implementation (media-sidecar's agents, on ice4j's codec):
 * an ice-lite server (the sidecar) takes our check as a nomination; a full controlled agent (as rtpengine is)
 * accepts our answers to its checks.
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
        byte[] check = StunWriter.bindingRequest(transaction, serverCredentials.ufrag() + ":" + browser.ufrag(),
                1853824767L, random.nextLong(), true, serverCredentials.key());

        byte[] out = new byte[1500];
        int n = server.handleStun(check, 0, check.length, BROWSER, 1_000L, out, 0);

        assertEquals(StunOutcome.CHECK_NOMINATED, server.lastOutcome());
        assertEquals(BROWSER, server.selectedRemote());
        StunMessage answer = StunMessage.parse(out, 0, n);
        assertEquals(StunWriter.BINDING_SUCCESS, answer.type());
        assertEquals(BROWSER, answer.xorMappedAddress());
        assertTrue(answer.integrityMatches(serverCredentials.key()), "signed with the server's ice-pwd");
    }

    @Test
    void anIceLiteServerRefusesACheckSignedWithTheWrongPassword() {
        IceLiteAgent server = new IceLiteAgent(1, List.of(SERVER), random);
        server.setRemoteCredentials(browser);
        byte[] check = StunWriter.bindingRequest(new byte[12], server.localCredentials().ufrag() + ":"
                + browser.ufrag(), 1853824767L, 7L, true, browser.key());

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

        StunMessage check = StunMessage.parse(out, 0, n);
        assertEquals(StunWriter.BINDING_REQUEST, check.type());
        assertEquals(browser.ufrag() + ":" + server.localCredentials().ufrag(), check.username());
        assertTrue(check.integrityMatches(browser.key()), "signed with our ice-pwd");
        byte[] answer = StunWriter.bindingSuccess(check.transactionId(), SERVER, browser.key());
        server.handleStun(answer, 0, answer.length, BROWSER, SERVER, now + 1_000_000L, new byte[1500], 0);

        assertEquals(StunOutcome.RESPONSE_ACCEPTED, server.lastOutcome());
    }
}
