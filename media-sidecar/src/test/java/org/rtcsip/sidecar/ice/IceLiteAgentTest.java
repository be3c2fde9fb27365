package org.rtcsip.sidecar.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE-lite against checks laid out as Chromium sends them (USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING,
 * USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT), built by {@link RawStun} and answers checked from
 * the browser's side: ice4j decodes them, the independent checker verifies integrity with our password.
 * Time is virtual (nanoseconds from 0).
 */
class IceLiteAgentTest {
    static final long SECOND = 1_000_000_000L;
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);
    static final InetSocketAddress BROWSER = new InetSocketAddress("192.0.2.10", 54321);
    static final InetSocketAddress BROWSER_OTHER_NIC = new InetSocketAddress("198.51.100.7", 40000);
    static final InetSocketAddress STRANGER = new InetSocketAddress("203.0.113.66", 6666);
    static final IceCredentials BROWSER_CREDENTIALS = new IceCredentials("k8pc", "t4qrjhU1rYpuqe70rhtgPtr7fw");
    static final long BROWSER_TIE_BREAKER = 0x1234_5678_9ABC_DEF0L;

    private final Random random = new Random(42);
    private IceLiteAgent agent;
    private final byte[] out = new byte[1500];
    private int transaction;

    @BeforeEach
    void setUp() {
        agent = new IceLiteAgent(1, List.of(LOCAL), random);
        agent.setRemoteCredentials(BROWSER_CREDENTIALS);
    }

    /** A check as Chromium sends it to us, signed with the password it read from our SDP. */
    RawStun chromiumCheck(IceCredentials ours, boolean useCandidate) {
        byte[] tid = new byte[12];
        tid[0] = (byte) ++transaction;
        tid[11] = 0x5A;
        RawStun check = RawStun.bindingRequest(tid).username(ours.ufrag() + ":" + BROWSER_CREDENTIALS.ufrag())
                .googNetworkInfo().controlling(BROWSER_TIE_BREAKER);
        if (useCandidate) {
            check.useCandidate();
        }
        return check.priority(1853824767L);
    }

    byte[] check(boolean useCandidate) {
        return chromiumCheck(agent.localCredentials(), useCandidate).build(agent.localCredentials().key());
    }

    int send(byte[] datagram, InetSocketAddress from, long now) {
        return agent.handleStun(datagram, 0, datagram.length, from, now, out, 0);
    }

    byte[] answer(int length) {
        return java.util.Arrays.copyOf(out, length);
    }

    static Message decodeWithIce4j(byte[] response) throws Exception {
        return Message.decode(response, 0, response.length);
    }

    @Test
    void answersAChromiumCheckWithASuccessTheBrowserCanVerify() throws Exception {
        byte[] request = check(false);
        int length = send(request, BROWSER, 0);

        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
        byte[] response = answer(length);
        Message decoded = decodeWithIce4j(response);
        assertEquals(Message.BINDING_SUCCESS_RESPONSE, decoded.getMessageType());
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(request, 8, 20)),
                java.util.Arrays.toString(decoded.getTransactionID()));
        XorMappedAddressAttribute mapped =
                (XorMappedAddressAttribute) decoded.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        assertEquals(BROWSER.getAddress(), mapped.getAddress(decoded.getTransactionID()).getAddress());
        assertEquals(BROWSER.getPort(), mapped.getAddress(decoded.getTransactionID()).getPort());
        // The browser checks our answer with our ice-pwd (RFC 8445 §7.2.5.2.4), and the FINGERPRINT.
        assertTrue(RawStun.integrityValid(response, agent.localCredentials().key()));
        assertFalse(RawStun.integrityValid(response, BROWSER_CREDENTIALS.key()));
        assertTrue(RawStun.fingerprintValid(response));
        assertNull(decoded.getAttribute(Attribute.USERNAME), "RFC 5389 §10.1.2: no USERNAME in the response");
        assertTrue(agent.acceptsFrom(BROWSER), "a valid check makes the pair valid");
        assertNull(agent.selectedRemote(), "but only USE-CANDIDATE nominates it");
    }

    @Test
    void nominationSelectsTheSourceAddressOfTheCheck() throws Exception {
        send(check(false), BROWSER, 0);
        int length = send(check(true), BROWSER, SECOND);

        assertEquals(StunOutcome.CHECK_NOMINATED, agent.lastOutcome());
        assertEquals(Message.BINDING_SUCCESS_RESPONSE, decodeWithIce4j(answer(length)).getMessageType());
        assertEquals(BROWSER, agent.selectedRemote());
        assertTrue(agent.maySend(SECOND));
    }

    @Test
    void aWrongPasswordGets401WithoutIntegrityAndChangesNothing() throws Exception {
        byte[] forged = chromiumCheck(agent.localCredentials(), true)
                .build("WrongPasswordWrongPassword".getBytes(StandardCharsets.US_ASCII));
        int length = send(forged, BROWSER, 0);

        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome());
        byte[] response = answer(length);
        Message decoded = decodeWithIce4j(response);
        assertEquals(Message.BINDING_ERROR_RESPONSE, decoded.getMessageType());
        assertEquals(401, ((ErrorCodeAttribute) decoded.getAttribute(Attribute.ERROR_CODE)).getErrorCode());
        assertEquals(-1, RawStun.find(response, 0x0008), "RFC 5389 §10.1.2: no MESSAGE-INTEGRITY on a 401");
        assertTrue(RawStun.fingerprintValid(response));
        assertNull(agent.selectedRemote());
        assertFalse(agent.acceptsFrom(BROWSER));
    }

    @Test
    void anUnknownUfragOrAnotherPeersUfragGets401() throws Exception {
        IceCredentials notOurs = new IceCredentials("zzzz", agent.localCredentials().pwd());
        send(chromiumCheck(notOurs, false).build(notOurs.key()), BROWSER, 0);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome());

        byte[] otherPeer = RawStun.bindingRequest(new byte[12])
                .username(agent.localCredentials().ufrag() + ":abcd").controlling(1).priority(1)
                .build(agent.localCredentials().key());
        send(otherPeer, BROWSER, 0);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome());
        assertFalse(agent.acceptsFrom(BROWSER));
    }

    @Test
    void aCheckArrivingBeforeThePeersSdpIsAnsweredWithAnyPeerUfrag() {
        IceLiteAgent early = new IceLiteAgent(1, List.of(LOCAL), random);
        byte[] request = RawStun.bindingRequest(new byte[12])
                .username(early.localCredentials().ufrag() + ":whoever").controlling(1).useCandidate().priority(1)
                .build(early.localCredentials().key());
        early.handleStun(request, 0, request.length, BROWSER, 0, out, 0);
        assertEquals(StunOutcome.CHECK_NOMINATED, early.lastOutcome());
    }

    @Test
    void missingUsernameOrIntegrityGets400() throws Exception {
        byte[] noUsername = RawStun.bindingRequest(new byte[12]).controlling(1).priority(1)
                .build(agent.localCredentials().key());
        int length = send(noUsername, BROWSER, 0);
        assertEquals(StunOutcome.REJECTED_BAD_REQUEST, agent.lastOutcome());
        assertEquals(400, ((ErrorCodeAttribute) decodeWithIce4j(answer(length)).getAttribute(Attribute.ERROR_CODE))
                .getErrorCode());

        byte[] unsigned = chromiumCheck(agent.localCredentials(), true).build(null);
        send(unsigned, BROWSER, 0);
        assertEquals(StunOutcome.REJECTED_BAD_REQUEST, agent.lastOutcome());
        assertNull(agent.selectedRemote());
    }

    @Test
    void aMissingOrWrongFingerprintIsDroppedSilently() {
        byte[] noFingerprint = chromiumCheck(agent.localCredentials(), true).build(agent.localCredentials().key(),
                false);
        assertEquals(0, send(noFingerprint, BROWSER, 0));
        assertEquals(StunOutcome.DROPPED_NO_FINGERPRINT, agent.lastOutcome());

        byte[] wrongFingerprint = check(true);
        wrongFingerprint[wrongFingerprint.length - 2] ^= 0x10;
        assertEquals(0, send(wrongFingerprint, BROWSER, 0));
        assertEquals(StunOutcome.DROPPED_BAD_FINGERPRINT, agent.lastOutcome());
        assertNull(agent.selectedRemote());
    }

    @Test
    void aPeerClaimingTheControlledRoleGets487SignedWithOurPassword() throws Exception {
        byte[] request = RawStun.bindingRequest(new byte[12])
                .username(agent.localCredentials().ufrag() + ":" + BROWSER_CREDENTIALS.ufrag())
                .controlled(Long.MAX_VALUE).useCandidate().priority(1).build(agent.localCredentials().key());
        int length = send(request, BROWSER, 0);

        assertEquals(StunOutcome.REJECTED_ROLE_CONFLICT, agent.lastOutcome());
        byte[] response = answer(length);
        assertEquals(487, ((ErrorCodeAttribute) decodeWithIce4j(response).getAttribute(Attribute.ERROR_CODE))
                .getErrorCode());
        assertTrue(RawStun.integrityValid(response, agent.localCredentials().key()));
        assertNull(agent.selectedRemote());
    }

    @Test
    void anUnknownComprehensionRequiredAttributeGets420ListingIt() throws Exception {
        byte[] request = chromiumCheck(agent.localCredentials(), true).attribute(0x7001, new byte[4])
                .build(agent.localCredentials().key());
        int length = send(request, BROWSER, 0);

        assertEquals(StunOutcome.REJECTED_UNKNOWN_ATTRIBUTE, agent.lastOutcome());
        Message decoded = decodeWithIce4j(answer(length));
        assertEquals(420, ((ErrorCodeAttribute) decoded.getAttribute(Attribute.ERROR_CODE)).getErrorCode());
        assertTrue(((UnknownAttributesAttribute) decoded.getAttribute(Attribute.UNKNOWN_ATTRIBUTES)).contains(
                (char) 0x7001));
        assertNull(agent.selectedRemote());
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastCheckFromTheSelectedAddress() {
        send(check(true), BROWSER, 0);
        assertFalse(agent.consentExpired(29 * SECOND));

        send(check(false), BROWSER, 20 * SECOND); // the browser's consent check (RFC 7675 §5.1)
        assertFalse(agent.consentExpired(49 * SECOND));
        assertTrue(agent.consentExpired(50 * SECOND));
        assertFalse(agent.maySend(50 * SECOND));
        assertEquals(50 * SECOND, agent.consentDeadlineNanos());
    }

    @Test
    void checksFromAnotherAddressDoNotKeepConsentForTheSelectedOne() {
        send(check(true), BROWSER, 0);
        send(check(false), BROWSER_OTHER_NIC, 25 * SECOND);
        assertTrue(agent.consentExpired(30 * SECOND));
    }

    @Test
    void consentReturnsWithTheNextValidCheckFromTheSelectedAddress() {
        send(check(true), BROWSER, 0);
        assertTrue(agent.consentExpired(31 * SECOND));
        send(check(false), BROWSER, 40 * SECOND);
        assertFalse(agent.consentExpired(41 * SECOND));
    }

    @Test
    void noConsentQuestionBeforeNomination() {
        assertFalse(agent.consentExpired(100 * SECOND));
        assertFalse(agent.maySend(0), "nothing selected, nothing to send to");
    }

    @Test
    void strangersCannotMoveTheSelectedAddress() {
        send(check(true), BROWSER, 0);

        byte[] forged = chromiumCheck(agent.localCredentials(), true)
                .build("GuessedPasswordGuessedPass".getBytes(StandardCharsets.US_ASCII));
        send(forged, STRANGER, SECOND);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome());

        // A valid check without USE-CANDIDATE (a peer's other interface, or a replayed check) makes its source
        // a valid address, but never moves the selection.
        send(check(false), STRANGER, 2 * SECOND);
        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
        assertTrue(agent.consentExpired(30 * SECOND), "nor does it keep consent for the selected address");

        assertEquals(BROWSER, agent.selectedRemote());
        assertTrue(agent.acceptsFrom(BROWSER));
        assertFalse(agent.acceptsFrom(new InetSocketAddress("203.0.113.67", 6666)));
    }

    @Test
    void aValidNominatingCheckFromANewAddressMovesTheSelection() {
        send(check(true), BROWSER, 0);
        send(check(true), BROWSER_OTHER_NIC, SECOND); // the browser switched networks and nominated again
        assertEquals(BROWSER_OTHER_NIC, agent.selectedRemote());
        assertFalse(agent.consentExpired(30 * SECOND));
    }

    @Test
    void iceRestartKeepsTheOldCredentialsUntilTheNewOnesAreUsed() {
        IceCredentials old = agent.localCredentials();
        send(check(true), BROWSER, 0);

        IceCredentials fresh = agent.restart();
        assertNotEquals(old.ufrag(), fresh.ufrag());
        assertNotEquals(old.pwd(), fresh.pwd());
        assertEquals(fresh, agent.localCredentials());
        assertTrue(agent.restartPending());
        assertTrue(agent.mediaAttributes().contains("ice-ufrag:" + fresh.ufrag()));

        // Consent checks on the old session go on until the browser has our answer.
        send(chromiumCheck(old, false).build(old.key()), BROWSER, 10 * SECOND);
        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
        assertFalse(agent.consentExpired(35 * SECOND), "the old session still refreshes consent");

        agent.setRemoteCredentials(BROWSER_CREDENTIALS);
        send(chromiumCheck(fresh, false).build(fresh.key()), BROWSER_OTHER_NIC, 11 * SECOND);
        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
        assertFalse(agent.restartPending());
        assertEquals(BROWSER, agent.selectedRemote(), "media stays on the old pair until the new one is nominated");

        send(chromiumCheck(old, false).build(old.key()), BROWSER, 12 * SECOND);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome(), "the swap retired the old password");

        send(chromiumCheck(fresh, true).build(fresh.key()), BROWSER_OTHER_NIC, 13 * SECOND);
        assertEquals(BROWSER_OTHER_NIC, agent.selectedRemote());
    }

    @Test
    void aSecondRestartBeforeConfirmationKeepsTheLastWorkingCredentials() {
        IceCredentials working = agent.localCredentials();
        send(check(true), BROWSER, 0);
        IceCredentials abandoned = agent.restart();
        IceCredentials newest = agent.restart();

        send(chromiumCheck(working, false).build(working.key()), BROWSER, SECOND);
        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
        send(chromiumCheck(abandoned, false).build(abandoned.key()), BROWSER, SECOND);
        assertEquals(StunOutcome.REJECTED_UNAUTHORIZED, agent.lastOutcome());
        send(chromiumCheck(newest, false).build(newest.key()), BROWSER, SECOND);
        assertEquals(StunOutcome.CHECK_ANSWERED, agent.lastOutcome());
    }

    @Test
    void responsesIndicationsAndNonStunAreDropped() {
        assertEquals(0, send(StunCodecTest.SAMPLE_IPV4_RESPONSE, BROWSER, 0));
        assertEquals(StunOutcome.DROPPED_UNKNOWN_TRANSACTION, agent.lastOutcome());

        byte[] indication = new RawStun(0x0011, new byte[12]).build(null);
        assertEquals(0, send(indication, BROWSER, 0));
        assertEquals(StunOutcome.DROPPED_UNSUPPORTED, agent.lastOutcome());

        byte[] rtp = RawStun.hex("80e0698fd9c293da1c642782" + "00010001" + "ffffffff");
        assertEquals(0, send(rtp, BROWSER, 0));
        assertEquals(StunOutcome.DROPPED_NOT_STUN, agent.lastOutcome());
    }

    @Test
    void aFullOutputBufferDropsTheCheckWithoutChangingState() {
        byte[] request = check(true);
        int length = agent.handleStun(request, 0, request.length, BROWSER, 0, new byte[40], 0);
        assertEquals(0, length);
        assertEquals(StunOutcome.DROPPED_NO_ROOM, agent.lastOutcome());
        assertNull(agent.selectedRemote());
    }

    @Test
    void writesTheAnswerAtTheCallersOffset() {
        byte[] request = check(false);
        byte[] shifted = new byte[request.length + 16];
        System.arraycopy(request, 0, shifted, 16, request.length);
        byte[] buffer = new byte[600];
        int length = agent.handleStun(shifted, 16, request.length, BROWSER, 0, buffer, 100);
        byte[] response = java.util.Arrays.copyOfRange(buffer, 100, 100 + length);
        assertTrue(RawStun.fingerprintValid(response));
        assertTrue(RawStun.integrityValid(response, agent.localCredentials().key()));
    }

    @Test
    void sdpCarriesLiteCredentialsAndHostCandidates() {
        IceLiteAgent twoAddresses = new IceLiteAgent(1,
                List.of(new InetSocketAddress("203.0.113.5", 30000), new InetSocketAddress("2001:db8::5", 30000)),
                random);
        IceCredentials credentials = twoAddresses.localCredentials();
        assertEquals(List.of("ice-lite"), twoAddresses.sessionAttributes());
        List<String> attributes = twoAddresses.mediaAttributes();
        assertEquals("ice-ufrag:" + credentials.ufrag(), attributes.get(0));
        assertEquals("ice-pwd:" + credentials.pwd(), attributes.get(1));
        assertTrue(attributes.get(2).matches("candidate:\\d+ 1 UDP 2130706431 203\\.0\\.113\\.5 30000 typ host"),
                attributes.get(2));
        assertTrue(attributes.get(3).matches("candidate:\\d+ 1 UDP 2130706175 2001:db8:0:0:0:0:0:5 30000 typ host"),
                attributes.get(3));
        assertEquals("end-of-candidates", attributes.get(4));
        assertTrue(credentials.ufrag().length() >= 4 && credentials.pwd().length() >= 22);
        assertNotEquals(agent.localCredentials(), credentials);
    }
}
