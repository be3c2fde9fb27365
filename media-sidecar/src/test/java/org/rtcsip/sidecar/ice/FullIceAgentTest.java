package org.rtcsip.sidecar.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Full ICE between agents wired together in memory on virtual time: every datagram one agent sends is handed to
 * the agent owning the destination address at the same instant, unless the test cuts that address off.
 */
class FullIceAgentTest {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 10000);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 20000);
    static final InetSocketAddress B_UNREACHABLE = new InetSocketAddress("10.9.9.9", 20002);
    static final InetSocketAddress B_ALSO_UNREACHABLE = new InetSocketAddress("10.9.9.8", 20004);

    /** One datagram seen on the virtual wire. */
    record Sent(long at, InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        String transaction() {
            return java.util.Arrays.toString(java.util.Arrays.copyOfRange(bytes, 8, 20));
        }

        boolean isRequest() {
            return bytes[0] == 0 && bytes[1] == 1;
        }
    }

    final Map<InetSocketAddress, FullIceAgent> full = new HashMap<>();
    final Map<InetSocketAddress, IceLiteAgent> lite = new HashMap<>();
    final Set<InetSocketAddress> cutOff = new HashSet<>();
    final List<Sent> wire = new ArrayList<>();
    final byte[] buffer = new byte[1500];
    long now;

    FullIceAgent agent(IceRole role, InetSocketAddress address, long tieBreaker, long seed) {
        FullIceAgent agent = new FullIceAgent(role, 1, List.of(address), tieBreaker, new Random(seed),
                IceTiming.DEFAULT);
        full.put(address, agent);
        return agent;
    }

    static void introduce(FullIceAgent from, FullIceAgent to) throws IceCandidateException {
        to.setRemoteCredentials(from.localCredentials());
        for (IceCandidate candidate : from.candidates()) {
            to.addRemoteCandidate(IceCandidate.parse(candidate.format()));
        }
    }

    /** Runs the loop in 10 ms steps until {@code end}. */
    void runUntil(long end) {
        for (; now < end; now += 10 * MS) {
            for (FullIceAgent agent : List.copyOf(full.values())) {
                agent.handleTimeout(now);
                int length;
                while ((length = agent.pollTransmit(buffer, 0)) > 0) {
                    deliver(agent.transmitSource(), agent.transmitDestination(),
                            java.util.Arrays.copyOf(buffer, length));
                }
                assertTrue(agent.nextTimeoutNanos(now) - now >= 0);
            }
        }
    }

    void deliver(InetSocketAddress from, InetSocketAddress to, byte[] datagram) {
        wire.add(new Sent(now, from, to, datagram));
        if (cutOff.contains(to) || cutOff.contains(from)) {
            return;
        }
        byte[] out = new byte[1500];
        int answer;
        if (full.containsKey(to)) {
            answer = full.get(to).handleStun(datagram, 0, datagram.length, from, to, now, out, 0);
        } else if (lite.containsKey(to)) {
            answer = lite.get(to).handleStun(datagram, 0, datagram.length, from, now, out, 0);
        } else {
            return;
        }
        if (answer > 0) {
            deliver(to, from, java.util.Arrays.copyOf(out, answer));
        }
    }

    List<Sent> requestsFrom(InetSocketAddress from) {
        return wire.stream().filter(s -> s.from().equals(from) && s.isRequest()).toList();
    }

    @Test
    void controllingAndControlledAgentsConnectAndAgreeOnThePair() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(a, b);
        introduce(b, a);
        assertEquals(IceState.CHECKING, a.state());

        runUntil(3 * SECOND);

        assertEquals(IceState.CONNECTED, a.state());
        assertEquals(IceState.CONNECTED, b.state());
        assertEquals(B, a.selectedRemote());
        assertEquals(A, b.selectedRemote());
        assertEquals(A, a.selectedLocal());
        assertTrue(a.maySend(now) && b.maySend(now));
        // Only the controlling agent nominates (RFC 8445 §8.1.1), exactly once.
        long nominations = requestsFrom(A).stream().filter(s -> RawStun.find(s.bytes(), 0x0025) >= 0)
                .map(Sent::transaction).distinct().count();
        assertEquals(1, nominations);
        assertTrue(requestsFrom(B).stream().noneMatch(s -> RawStun.find(s.bytes(), 0x0025) >= 0));
    }

    @Test
    void checksAreSignedWithThePeersPasswordAndNameBothUfrags() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(100 * MS);

        Sent first = requestsFrom(A).get(0);
        assertTrue(RawStun.integrityValid(first.bytes(), b.localCredentials().key()));
        assertTrue(RawStun.fingerprintValid(first.bytes()));
        StunCodec codec = new StunCodec("t");
        assertNull(codec.read(first.bytes(), 0, first.bytes().length));
        assertEquals(b.localCredentials().ufrag() + ":" + a.localCredentials().ufrag(), codec.username());
        assertTrue(codec.hasControlling());
        assertEquals(9, codec.tieBreaker());
        // RFC 8445 §7.1.1: the priority a peer-reflexive candidate of A would get.
        assertEquals(CandidatePriority.of(CandidatePriority.PEER_REFLEXIVE, 65535, 1), codec.priority());
    }

    @Test
    void newChecksArePacedByTa() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        a.setRemoteCredentials(IceCredentials.random(new Random(7)));
        for (InetSocketAddress remote : List.of(B, B_UNREACHABLE, B_ALSO_UNREACHABLE)) {
            a.addRemoteCandidate(IceCandidate.parse("candidate:" + remote.getPort() + " 1 udp 2122260223 "
                    + remote.getAddress().getHostAddress() + " " + remote.getPort() + " typ host"));
        }
        runUntil(400 * MS);

        List<Long> firstSends = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Sent sent : requestsFrom(A)) {
            if (seen.add(sent.transaction())) {
                firstSends.add(sent.at());
            }
        }
        assertEquals(3, firstSends.size(), "one check per pair, nobody answers");
        for (int i = 1; i < firstSends.size(); i++) {
            assertTrue(firstSends.get(i) - firstSends.get(i - 1) >= IceTiming.DEFAULT.paceNanos(),
                    "RFC 8445 §14.2: new checks at least Ta apart: " + firstSends);
        }
    }

    @Test
    void anUnansweredCheckIsRetransmittedOnRfc5389TimesAndThenFails() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        a.setRemoteCredentials(IceCredentials.random(new Random(7)));
        a.addRemoteCandidate(IceCandidate.parse("candidate:1 1 udp 2122260223 10.9.9.9 20002 typ host"));
        runUntil(39_400 * MS);
        assertEquals(IceState.CHECKING, a.state());
        runUntil(39_600 * MS);

        List<Long> times = requestsFrom(A).stream().map(Sent::at).toList();
        assertEquals(List.of(0L, 500 * MS, 1_500 * MS, 3_500 * MS, 7_500 * MS, 15_500 * MS, 31_500 * MS), times);
        assertEquals(1, requestsFrom(A).stream().map(Sent::transaction).distinct().count(), "same transaction");
        assertEquals(IceState.FAILED, a.state(), "Rc = 7, then Rm x RTO = 8 s without an answer");
    }

    @Test
    void aCheckFromAnUnsignalledAddressJumpsTheQueueAsATriggeredCheck() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(b, a);
        // B knows A's credentials, but A's real address only shows up as the source of A's checks (NAT);
        // the candidates A "signalled" are unreachable and rank above any peer-reflexive one.
        b.setRemoteCredentials(a.localCredentials());
        List<InetSocketAddress> unreachable = List.of(new InetSocketAddress("10.8.0.1", 1),
                new InetSocketAddress("10.8.0.2", 2), new InetSocketAddress("10.8.0.3", 3));
        for (InetSocketAddress address : unreachable) {
            b.addRemoteCandidate(IceCandidate.parse("candidate:" + address.getPort() + " 1 udp 2122260223 "
                    + address.getAddress().getHostAddress() + " " + address.getPort() + " typ host"));
        }
        runUntil(300 * MS);

        long checkToA = requestsFrom(B).stream().filter(s -> s.to().equals(A)).mapToLong(Sent::at).min()
                .orElseThrow();
        long unreachableTriedFirst = requestsFrom(B).stream()
                .filter(s -> unreachable.contains(s.to()) && s.at() < checkToA).map(Sent::to).distinct().count();
        assertTrue(unreachableTriedFirst < unreachable.size(),
                "RFC 8445 §7.3.1.4: the triggered check goes before ordinary checks of better-ranked pairs");
        runUntil(3 * SECOND);
        assertEquals(A, b.selectedRemote());
        assertEquals(B, a.selectedRemote());
    }

    @Test
    void aControllingAgentRepairsARoleConflictInAnIncomingCheck() {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 5, 1);
        IceCredentials peer = IceCredentials.random(new Random(8));
        a.setRemoteCredentials(peer);
        String username = a.localCredentials().ufrag() + ":" + peer.ufrag();

        byte[] weaker = RawStun.bindingRequest(new byte[12]).username(username).controlling(3).priority(1)
                .build(a.localCredentials().key());
        a.handleStun(weaker, 0, weaker.length, B, A, 0, buffer, 0);
        assertEquals(StunOutcome.REJECTED_ROLE_CONFLICT, a.lastOutcome(), "our tie-breaker wins: 487");
        assertEquals(IceRole.CONTROLLING, a.role());

        byte[] stronger = RawStun.bindingRequest(new byte[12]).username(username).controlling(9).priority(1)
                .build(a.localCredentials().key());
        a.handleStun(stronger, 0, stronger.length, B, A, 0, buffer, 0);
        assertEquals(StunOutcome.CHECK_ANSWERED, a.lastOutcome(), "theirs wins: we yield and answer");
        assertEquals(IceRole.CONTROLLED, a.role());
    }

    @Test
    void aControlledAgentRepairsARoleConflictInAnIncomingCheck() {
        FullIceAgent a = agent(IceRole.CONTROLLED, A, 5, 1);
        IceCredentials peer = IceCredentials.random(new Random(8));
        a.setRemoteCredentials(peer);
        String username = a.localCredentials().ufrag() + ":" + peer.ufrag();

        byte[] stronger = RawStun.bindingRequest(new byte[12]).username(username).controlled(9).priority(1)
                .build(a.localCredentials().key());
        a.handleStun(stronger, 0, stronger.length, B, A, 0, buffer, 0);
        assertEquals(StunOutcome.REJECTED_ROLE_CONFLICT, a.lastOutcome());
        assertEquals(IceRole.CONTROLLED, a.role());

        byte[] weaker = RawStun.bindingRequest(new byte[12]).username(username).controlled(3).priority(1)
                .build(a.localCredentials().key());
        a.handleStun(weaker, 0, weaker.length, B, A, 0, buffer, 0);
        assertEquals(StunOutcome.CHECK_ANSWERED, a.lastOutcome());
        assertEquals(IceRole.CONTROLLING, a.role());
    }

    @Test
    void aCheckWithoutPriorityGets400() {
        FullIceAgent a = agent(IceRole.CONTROLLED, A, 5, 1);
        byte[] request = RawStun.bindingRequest(new byte[12]).username(a.localCredentials().ufrag() + ":peer")
                .controlling(3).build(a.localCredentials().key());
        a.handleStun(request, 0, request.length, B, A, 0, buffer, 0);
        assertEquals(StunOutcome.REJECTED_BAD_REQUEST, a.lastOutcome());
    }

    @Test
    void twoControllingAgentsResolveTheConflictByTieBreaker() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 5, 1);
        FullIceAgent b = agent(IceRole.CONTROLLING, B, 9, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(3 * SECOND);

        assertEquals(IceRole.CONTROLLED, a.role(), "the smaller tie-breaker yields (RFC 8445 §7.3.1.1)");
        assertEquals(IceRole.CONTROLLING, b.role());
        assertEquals(B, a.selectedRemote());
        assertEquals(A, b.selectedRemote());
    }

    @Test
    void twoControlledAgentsResolveTheConflictByTieBreaker() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLED, A, 5, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 9, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(3 * SECOND);

        assertEquals(IceRole.CONTROLLING, b.role(), "the larger tie-breaker takes control");
        assertEquals(IceRole.CONTROLLED, a.role());
        assertEquals(IceState.CONNECTED, a.state());
        assertEquals(IceState.CONNECTED, b.state());
    }

    @Test
    void aFullAgentNominatesAgainstOurLiteAgent() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        IceLiteAgent l = new IceLiteAgent(1, List.of(B), new Random(3));
        lite.put(B, l);
        a.setRemoteCredentials(l.localCredentials());
        l.setRemoteCredentials(a.localCredentials());
        for (IceCandidate candidate : l.candidates()) {
            a.addRemoteCandidate(IceCandidate.parse(candidate.format()));
        }
        runUntil(3 * SECOND);

        assertEquals(B, a.selectedRemote());
        assertEquals(A, l.selectedRemote());
        runUntil(60 * SECOND);
        assertFalse(a.consentExpired(now), "the lite agent answers consent checks");
        assertFalse(l.consentExpired(now), "and counts them as the full agent's consent");
    }

    @Test
    void consentChecksRunEveryFiveSecondsAndExpireThirtySecondsAfterTheLastAnswer() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(3 * SECOND);
        int before = requestsFrom(A).size();
        runUntil(33 * SECOND);
        int consentChecks = requestsFrom(A).size() - before;
        assertTrue(consentChecks >= 5 && consentChecks <= 8, "30 s / (5 s +-20 %): " + consentChecks);

        cutOff.add(B);
        long lastAnswer = wire.stream().filter(s -> s.from().equals(B)).mapToLong(Sent::at).max().orElseThrow();
        runUntil(lastAnswer + 30 * SECOND - 10 * MS);
        assertFalse(a.consentExpired(now));
        runUntil(lastAnswer + 30 * SECOND + 10 * MS);
        assertTrue(a.consentExpired(now), "RFC 7675 §5.1");
        assertFalse(a.maySend(now));
    }

    @Test
    void mdnsAndTcpCandidatesAreNeverChecked() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        a.setRemoteCredentials(IceCredentials.random(new Random(7)));
        assertFalse(a.addRemoteCandidate(IceCandidate.parse(IceCandidateTest.MDNS)));
        assertFalse(a.addRemoteCandidate(IceCandidate.parse(IceCandidateTest.CHROMIUM_TCP)));
        assertFalse(a.addRemoteCandidate(IceCandidate.parse("candidate:1 2 udp 1 10.0.0.2 9 typ host")));
        assertFalse(a.addRemoteCandidate(IceCandidate.parse("candidate:1 1 udp 1 2001:db8::1 9 typ host")),
                "no IPv6 host address to pair with");
        runUntil(SECOND);
        assertTrue(requestsFrom(A).isEmpty());
        assertEquals(IceState.NEW, a.state());
    }

    @Test
    void iceRestartKeepsMediaOnTheOldPairUntilTheNewGenerationNominates() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(3 * SECOND);
        IceCredentials oldA = a.localCredentials();
        IceCredentials oldB = b.localCredentials();

        IceCredentials newA = a.restart();
        IceCredentials newB = b.restart();
        assertNotEquals(oldA, newA);
        assertEquals(B, a.selectedRemote(), "media continues during the restart");
        runUntil(8 * SECOND);
        assertFalse(a.consentExpired(now));

        introduce(a, b);
        introduce(b, a);
        runUntil(12 * SECOND);
        assertEquals(B, a.selectedRemote());
        assertEquals(A, b.selectedRemote());
        String expectedUsername = newB.ufrag() + ":" + newA.ufrag();
        StunCodec codec = new StunCodec("t");
        Sent last = requestsFrom(A).get(requestsFrom(A).size() - 1);
        assertNull(codec.read(last.bytes(), 0, last.bytes().length));
        assertEquals(expectedUsername, codec.username(), "checks now use the new credentials");

        byte[] stale = RawStun.bindingRequest(new byte[12]).username(oldA.ufrag() + ":" + oldB.ufrag()).controlled(1)
                .priority(1).build(oldA.key());
        a.handleStun(stale, 0, stale.length, B, A, now, buffer, 0);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, a.lastOutcome(), "the old generation is retired");
    }

    @Test
    void anUnauthenticatedNominationFromAStrangerChangesNothing() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLED, A, 5, 1);
        FullIceAgent b = agent(IceRole.CONTROLLING, B, 9, 2);
        introduce(a, b);
        introduce(b, a);
        runUntil(3 * SECOND);
        assertEquals(B, a.selectedRemote());

        InetSocketAddress stranger = new InetSocketAddress("203.0.113.66", 6666);
        byte[] forged = RawStun.bindingRequest(new byte[12]).username(a.localCredentials().ufrag() + ":"
                + b.localCredentials().ufrag()).controlling(Long.MAX_VALUE).useCandidate().priority(1)
                .build("GuessedPasswordGuessedPass".getBytes(StandardCharsets.US_ASCII));
        a.handleStun(forged, 0, forged.length, stranger, A, now, buffer, 0);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, a.lastOutcome());
        assertEquals(B, a.selectedRemote());
        assertFalse(a.acceptsFrom(stranger));
        assertEquals(IceRole.CONTROLLED, a.role(), "a forged tie-breaker flips no role");
    }

    @Test
    void responsesThatAreNotOursAreDropped() throws Exception {
        FullIceAgent a = agent(IceRole.CONTROLLING, A, 9, 1);
        FullIceAgent b = agent(IceRole.CONTROLLED, B, 5, 2);
        introduce(a, b);
        introduce(b, a);
        cutOff.add(B);
        runUntil(100 * MS);
        Sent check = requestsFrom(A).get(0);

        a.handleStun(StunCodecTest.SAMPLE_IPV4_RESPONSE, 0, StunCodecTest.SAMPLE_IPV4_RESPONSE.length, B, A, now,
                buffer, 0);
        assertEquals(StunOutcome.DROPPED_UNKNOWN_TRANSACTION, a.lastOutcome());

        // B's genuine answer, but with a password A does not expect, then from the wrong address.
        byte[] out = new byte[1500];
        int length = b.handleStun(check.bytes(), 0, check.bytes().length, A, B, now, out, 0);
        byte[] answer = java.util.Arrays.copyOf(out, length);
        byte[] tampered = answer.clone();
        tampered[RawStun.find(tampered, 0x0008) + 10] ^= 1;
        tampered = RawStun.appendFingerprint(java.util.Arrays.copyOf(tampered, tampered.length - 8));
        a.handleStun(tampered, 0, tampered.length, B, A, now, buffer, 0);
        assertEquals(StunOutcome.DROPPED_BAD_INTEGRITY, a.lastOutcome());

        a.handleStun(answer, 0, answer.length, new InetSocketAddress("10.0.0.3", 20000), A, now, buffer, 0);
        assertEquals(StunOutcome.DROPPED_NON_SYMMETRIC, a.lastOutcome(), "RFC 8445 §7.2.5.2.1");
        assertNull(a.selectedRemote());
    }
}
