package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcsip.sidecar.srtp.SrtpSuite;

class DtlsSrtpEndpointTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = InMemoryDtlsPair.START;
    private static DtlsHandshakeThreads threads;
    private InMemoryDtlsPair pair;

    @BeforeAll
    static void startThreads() {
        threads = new DtlsHandshakeThreads(8);
    }

    @AfterAll
    static void stopThreads() {
        threads.close();
    }

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.close();
        }
    }

    private InMemoryDtlsPair newPair() {
        pair = new InMemoryDtlsPair(threads);
        return pair;
    }

    private static void assertConnected(InMemoryDtlsPair p) {
        assertNull(p.client.failure, () -> "client: " + p.client.failure + ", server: " + p.server.failure);
        assertNull(p.server.failure, () -> "server: " + p.server.failure);
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.client.endpoint.state());
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.server.endpoint.state());
    }

    @Test
    void clientAndServerCompleteOnChromiumsPreferredProfileWithoutATimer() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        assertConnected(p);
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_80, p.client.keys.suite());
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_80, p.server.keys.suite());
        assertEquals(START, p.client.completedAt, "no timer needed without loss");
        assertEquals(0, p.client.endpoint.retransmissions() + p.server.endpoint.retransmissions());
        assertEquals(1, p.client.events);
        assertEquals(1, p.server.events);
        assertEquals(DtlsSrtpEndpoint.NO_TIMEOUT, p.client.endpoint.nextTimeoutNanos());
        assertEquals(DtlsSrtpEndpoint.NO_TIMEOUT, p.server.endpoint.nextTimeoutNanos());
    }

    @Test
    void eachSidesLocalKeyIsThePeersRemoteKey() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        assertConnected(p);
        assertArrayEquals(p.client.keys.localMasterKey(), p.server.keys.remoteMasterKey());
        assertArrayEquals(p.client.keys.localMasterSalt(), p.server.keys.remoteMasterSalt());
        assertArrayEquals(p.server.keys.localMasterKey(), p.client.keys.remoteMasterKey());
        assertArrayEquals(p.server.keys.localMasterSalt(), p.client.keys.remoteMasterSalt());
        assertFalse(java.util.Arrays.equals(p.client.keys.localMasterKey(), p.client.keys.remoteMasterKey()),
                "RFC 5764 §4.2: each direction has its own key");
        // Each side knows which certificate the other presented.
        assertEquals(p.server.certificate.fingerprint(), p.client.keys.peerFingerprint());
        assertEquals(p.client.certificate.fingerprint(), p.server.keys.peerFingerprint());
    }

    @Test
    void srtpProtectedByEitherSideIsUnprotectedByTheOther() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        assertConnected(p);
        // client (a=setup:active) -> server (a=setup:passive), and back
        SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 0x11111111);
        SrtpCheck.rtpAndRtcpPass(p.server.keys.newLocalTransform(), p.client.keys.newRemoteTransform(), 0x22222222);
        // and a side's own key is not the peer's
        SrtpCheck.rtpIsRefused(p.client.keys.newLocalTransform(), p.client.keys.newRemoteTransform());
    }

    @Test
    void twoHandshakesNeverShareKeys() {
        InMemoryDtlsPair first = newPair().build();
        first.start();
        first.run();
        byte[] firstKey = first.client.keys.localMasterKey();
        first.close();
        InMemoryDtlsPair second = newPair().build();
        second.start();
        second.run();
        assertConnected(second);
        assertFalse(java.util.Arrays.equals(firstKey, second.client.keys.localMasterKey()));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void eachProfileIsNegotiatedWhenItIsTheOnlyOneOfferedAndItsKeysWork(SrtpSuite suite) {
        InMemoryDtlsPair p = newPair().build(DtlsOptions.defaults().withSrtpSuites(List.of(suite)),
                DtlsOptions.defaults());
        p.start();
        p.run();
        assertConnected(p);
        assertSame(suite, p.client.keys.suite());
        assertSame(suite, p.server.keys.suite());
        assertEquals(suite.masterKeyLength(), p.client.keys.localMasterKey().length);
        assertEquals(suite.masterSaltLength(), p.client.keys.localMasterSalt().length);
        SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 0x0A0B0C0D);
        SrtpCheck.rtpAndRtcpPass(p.server.keys.newLocalTransform(), p.client.keys.newRemoteTransform(), 0x01020304);
    }

    @Test
    void theServerPicksItsMostPreferredProfileAmongThoseOffered() {
        DtlsOptions gcmFirst = DtlsOptions.defaults().withSrtpSuites(
                List.of(SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        InMemoryDtlsPair p = newPair().build(DtlsOptions.defaults(), gcmFirst);
        p.start();
        p.run();
        assertConnected(p);
        assertSame(SrtpSuite.AEAD_AES_128_GCM, p.client.keys.suite());
    }

    @Test
    void noCommonProfileFailsBothSidesWithoutKeys() {
        InMemoryDtlsPair p = newPair().build(
                DtlsOptions.defaults().withSrtpSuites(List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32)),
                DtlsOptions.defaults().withSrtpSuites(List.of(SrtpSuite.AEAD_AES_256_GCM)));
        p.start();
        p.run();
        assertSame(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, p.server.failure.reason());
        assertEquals("client offered SRTP profiles [0x0002], none of [0x0008]", p.server.failure.detail());
        // The ServerHello carries no use_srtp (RFC 5764 §4.1.1), so the client names the cause itself.
        assertSame(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, p.client.failure.reason());
        assertEquals("server answered without use_srtp", p.client.failure.detail());
        assertEquals(START, p.client.failedAt, "at once, not by a timeout");
        assertNull(p.client.keys);
        assertNull(p.server.keys);
    }

    @Test
    void theClientRefusesAServerWhoseCertificateIsNotTheDeclaredOne() {
        InMemoryDtlsPair p = newPair();
        Fingerprint declared = DtlsCertificate.generate(Instant.now()).fingerprint();
        p.build(DtlsOptions.defaults(), List.of(declared), DtlsOptions.defaults(),
                List.of(p.client.certificate.fingerprint()));
        p.start();
        p.run();
        assertSame(DtlsSrtpEndpoint.State.FAILED, p.client.endpoint.state());
        assertSame(DtlsFailure.Reason.FINGERPRINT_MISMATCH, p.client.failure.reason());
        assertEquals("peer certificate " + p.server.certificate.fingerprint() + " does not match a=fingerprint "
                + declared, p.client.failure.detail());
        assertSame(DtlsFailure.Reason.ALERT_RECEIVED, p.server.failure.reason());
        assertEquals("peer sent fatal alert bad_certificate(42)", p.server.failure.detail());
        assertNull(p.client.keys);
        assertNull(p.server.keys);
    }

    @Test
    void theServerRefusesAClientWhoseCertificateIsNotTheDeclaredOne() {
        InMemoryDtlsPair p = newPair();
        Fingerprint declared = DtlsCertificate.generate(Instant.now()).fingerprint();
        p.build(DtlsOptions.defaults(), List.of(p.server.certificate.fingerprint()), DtlsOptions.defaults(),
                List.of(declared));
        p.start();
        p.run();
        assertSame(DtlsFailure.Reason.FINGERPRINT_MISMATCH, p.server.failure.reason());
        assertTrue(p.server.failure.detail().endsWith("does not match a=fingerprint " + declared));
        assertSame(DtlsFailure.Reason.ALERT_RECEIVED, p.client.failure.reason());
        assertNull(p.client.keys);
        assertNull(p.server.keys);
        assertEquals("fingerprint_mismatch", p.server.failure.reason().label());
    }

    @Test
    void aCertificateArrivingBeforeTheFingerprintWaitsForIt() {
        InMemoryDtlsPair p = newPair();
        p.build(DtlsOptions.defaults(), List.of(p.server.certificate.fingerprint()), DtlsOptions.defaults(),
                List.of());
        p.start();
        p.run(SECOND / 2);
        assertSame(DtlsSrtpEndpoint.State.AWAITING_FINGERPRINT, p.server.endpoint.state());
        assertEquals(START + 10 * SECOND, p.server.endpoint.nextTimeoutNanos());
        p.server.endpoint.setPeerFingerprints(List.of(p.client.certificate.fingerprint()), p.now);
        p.run();
        assertConnected(p);
        SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 7);
    }

    @Test
    void aLateFingerprintThatDoesNotMatchStillFails() {
        InMemoryDtlsPair p = newPair();
        p.build(DtlsOptions.defaults(), List.of(), DtlsOptions.defaults(), List.of(p.client.certificate.fingerprint()));
        p.start();
        p.run(SECOND / 2);
        assertSame(DtlsSrtpEndpoint.State.AWAITING_FINGERPRINT, p.client.endpoint.state());
        p.client.endpoint.setPeerFingerprints(List.of(DtlsCertificate.generate(Instant.now()).fingerprint()), p.now);
        p.run();
        assertSame(DtlsFailure.Reason.FINGERPRINT_MISMATCH, p.client.failure.reason());
        assertNull(p.client.keys);
    }

    @Test
    void aFingerprintThatNeverArrivesFailsTheHandshakeAfterTheWait() {
        InMemoryDtlsPair p = newPair();
        p.build(DtlsOptions.defaults(), List.of(p.server.certificate.fingerprint()),
                DtlsOptions.defaults().withFingerprintWait(java.time.Duration.ofSeconds(3)), List.of());
        p.start();
        p.run();
        assertSame(DtlsFailure.Reason.NO_FINGERPRINT, p.server.failure.reason());
        assertEquals("the peer's a=fingerprint did not arrive within 3000 ms", p.server.failure.detail());
        assertEquals(START + 3 * SECOND, p.server.failedAt);
        assertNotNull(p.client.failure, "the client learns of it by an alert");
        assertNull(p.server.keys);
    }

    @Test
    void aLostClientHelloIsResentWhenTheTimerFires() {
        InMemoryDtlsPair p = newPair().build();
        p.loss = (from, index, d) -> from == p.client && index == 0;
        p.start();
        assertEquals(START + SECOND, p.client.endpoint.nextTimeoutNanos(), "RFC 6347 §4.2.4.1: 1 s");
        p.run();
        assertConnected(p);
        assertEquals(1, p.client.endpoint.retransmissions());
        assertEquals(START + SECOND, p.client.completedAt);
    }

    @Test
    void aLostServerFlightIsResentByTheServersTimer() {
        InMemoryDtlsPair p = newPair().build();
        p.loss = (from, index, d) -> from == p.server && p.server.endpoint.retransmissions() == 0
                && p.server.endpoint.state() == DtlsSrtpEndpoint.State.HANDSHAKING;
        p.start();
        p.run();
        assertConnected(p);
        assertEquals(1, p.server.dropped, "ServerHello..ServerHelloDone, packed in one datagram, was lost");
        assertEquals(1, p.server.endpoint.retransmissions());
    }

    @Test
    void aLostFinalServerFlightIsResentWhenTheClientResendsItsFlight() {
        InMemoryDtlsPair p = newPair().build();
        int[] droppedAfterConnect = {0};
        p.loss = (from, index, d) -> from == p.server && p.server.endpoint.state() == DtlsSrtpEndpoint.State.CONNECTED
                && droppedAfterConnect[0]++ < 1; // ChangeCipherSpec and Finished, in one datagram
        p.start();
        p.run();
        assertConnected(p);
        assertEquals(1, p.server.dropped);
        assertEquals(1, p.client.endpoint.retransmissions());
        assertEquals(0, p.server.endpoint.retransmissions(), "RFC 6347 §4.2.4: the server answers the resend");
        assertEquals(START + SECOND, p.client.completedAt);
        SrtpCheck.rtpAndRtcpPass(p.server.keys.newLocalTransform(), p.client.keys.newRemoteTransform(), 3);
    }

    @Test
    void handshakesSurviveRandomLossOnFixedSeeds() {
        for (long seed = 1; seed <= 8; seed++) {
            java.util.Random random = new java.util.Random(seed);
            InMemoryDtlsPair p = newPair().build();
            p.loss = (from, index, d) -> random.nextInt(100) < 20;
            p.start();
            p.run();
            assertConnected(p);
            SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 5);
            p.close();
        }
    }

    @Test
    void givesUpAfterTheRetransmissionBudgetOnTheCallersClock() {
        InMemoryDtlsPair p = newPair().build();
        p.loss = (from, index, d) -> from == p.client;
        long realStart = System.nanoTime();
        p.start();
        p.run();
        // RFC 6347 §4.2.4.1: 1 s doubling; 5 resends at 1, 3, 7, 15, 31 s; the budget ends at 63 s.
        assertSame(DtlsFailure.Reason.TIMEOUT, p.client.failure.reason());
        assertEquals("no answer from the peer after 5 retransmissions", p.client.failure.detail());
        assertEquals(5, p.client.endpoint.retransmissions());
        assertEquals(6, p.client.sent.size(), "ClientHello and 5 resends; no alert counts as one");
        assertEquals(START + 63 * SECOND, p.client.failedAt);
        assertSame(DtlsSrtpEndpoint.State.AWAITING_CLIENT_HELLO, p.server.endpoint.state());
        assertTrue(System.nanoTime() - realStart < 5 * SECOND, "virtual time: 63 s pass in far less real time");
    }

    @Test
    void theRetransmissionTimerDoublesUpToItsCap() {
        InMemoryDtlsPair p = newPair().build(DtlsOptions.defaults().withRetransmission(
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), 3), DtlsOptions.defaults());
        p.loss = (from, index, d) -> true;
        p.start();
        List<Long> timers = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && p.client.failure == null; i++) {
            long at = p.client.endpoint.nextTimeoutNanos();
            timers.add(at - START);
            p.now = at;
            p.client.endpoint.onTimeout(at - 1); // early: nothing happens
            assertEquals(at, p.client.endpoint.nextTimeoutNanos());
            p.client.endpoint.onTimeout(at);
        }
        assertEquals(List.of(SECOND, 3 * SECOND, 5 * SECOND, 7 * SECOND), timers);
        assertSame(DtlsFailure.Reason.TIMEOUT, p.client.failure.reason());
        assertEquals(3, p.client.endpoint.retransmissions());
    }

    @Test
    void anEncryptedRecordTooShortForItsCipherIsDiscardedNotFatal() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        // An alert in epoch 1 with 21 body bytes: less than GCM's nonce and tag (RFC 5288 §3: 8 + 16).
        byte[] forged = java.util.HexFormat.of().parseHex(
                "15fefd00013381fe4b509a0015bc21c319b8bb3f38da85e2de5a1cca442ce91ef36d");
        p.client.endpoint.receive(forged, 0, forged.length, p.now);
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.client.endpoint.state());
        assertEquals(1, p.client.endpoint.malformedDatagrams());
        assertNull(p.client.closedReason);
    }

    @Test
    void applicationDataAfterTheHandshakeIsCountedAndDropped() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        byte[] record = new byte[DtlsRecords.HEADER + 40];
        record[0] = DtlsRecords.APPLICATION_DATA;
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFD;
        record[4] = 1;
        record[12] = 40;
        p.server.endpoint.receive(record, 0, record.length, p.now);
        assertEquals(1, p.server.endpoint.applicationRecords());
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.server.endpoint.state());
        assertEquals(0, p.server.endpoint.malformedDatagrams());
    }

    @Test
    void garbageIsCountedInEveryStateAndTheHandshakeStillCompletes() {
        InMemoryDtlsPair p = newPair().build();
        byte[][] garbage = {
            {}, {0x16}, new byte[12], {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, // empty, short, RTP
            java.util.HexFormat.of().parseHex("16fefd0000000000000000ffff01"), // length past the end
            java.util.HexFormat.of().parseHex("16030300000000000000000001ff"), // TLS, not DTLS
        };
        long expected = 0;
        for (byte[] g : garbage) {
            p.server.endpoint.receive(g, 0, g.length, START); // NEW
            expected++;
        }
        p.start();
        for (byte[] g : garbage) {
            p.server.endpoint.receive(g, 0, g.length, START); // AWAITING_CLIENT_HELLO
            p.client.endpoint.receive(g, 0, g.length, START); // HANDSHAKING
            expected++;
        }
        assertEquals(expected, p.server.endpoint.malformedDatagrams());
        assertEquals(garbage.length, p.client.endpoint.malformedDatagrams());
        // A good datagram with a broken tail: the good part is used, the datagram counted.
        byte[] hello = p.client.inFlight.poll();
        byte[] withTail = java.util.Arrays.copyOf(hello, hello.length + 3);
        p.server.endpoint.receive(withTail, 0, withTail.length, START);
        assertEquals(expected + 1, p.server.endpoint.malformedDatagrams());
        p.run();
        assertConnected(p);
        for (byte[] g : garbage) {
            p.server.endpoint.receive(g, 0, g.length, p.now); // CONNECTED
        }
        assertEquals(expected + 1 + garbage.length, p.server.endpoint.malformedDatagrams());
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.server.endpoint.state());
    }

    @Test
    void aServerWithoutAClientHelloHoldsNoTimer() {
        InMemoryDtlsPair p = newPair().build();
        p.server.endpoint.start(START);
        assertSame(DtlsSrtpEndpoint.State.AWAITING_CLIENT_HELLO, p.server.endpoint.state());
        assertEquals(DtlsSrtpEndpoint.NO_TIMEOUT, p.server.endpoint.nextTimeoutNanos());
        p.server.endpoint.onTimeout(START + 1000 * SECOND);
        assertSame(DtlsSrtpEndpoint.State.AWAITING_CLIENT_HELLO, p.server.endpoint.state());
        assertEquals(0, p.server.sent.size());
    }

    @Test
    void duplicatedDatagramsDoNotDisturbTheHandshake() {
        InMemoryDtlsPair p = newPair().build();
        p.duplicateEveryDatagram = true;
        p.start();
        p.run();
        assertConnected(p);
        assertEquals(0, p.client.endpoint.retransmissions() + p.server.endpoint.retransmissions());
        SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 1);
    }

    @Test
    void closeSendsCloseNotifyThatThePeerReports() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        assertConnected(p);
        p.client.endpoint.close();
        assertSame(DtlsSrtpEndpoint.State.CLOSED, p.client.endpoint.state());
        assertEquals(1, p.client.inFlight.size(), "one close_notify alert");
        assertEquals(DtlsRecords.ALERT, DtlsRecords.contentType(p.client.inFlight.peek()));
        p.run();
        assertEquals("close_notify", p.server.closedReason);
        assertSame(DtlsSrtpEndpoint.State.CLOSED, p.server.endpoint.state());
        assertNull(p.client.closedReason, "closing yourself is not reported");
        assertEquals(1, p.client.events);
        p.client.endpoint.close(); // idempotent
        assertEquals(1, p.client.sent.size() - sentBeforeClose(p.client));
    }

    private static int sentBeforeClose(InMemoryDtlsPair.Side side) {
        int n = 0;
        for (byte[] d : side.sent) {
            if (DtlsRecords.contentType(d) != DtlsRecords.ALERT) {
                n++;
            }
        }
        return n;
    }

    @Test
    void theServerClosingIsReportedToTheClient() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        p.run();
        p.server.endpoint.close();
        p.run();
        assertEquals("close_notify", p.client.closedReason);
    }

    @Test
    void closingDuringTheHandshakeTellsThePeerAndReleasesTheThread() throws Exception {
        try (DtlsHandshakeThreads own = new DtlsHandshakeThreads(2)) {
            InMemoryDtlsPair p = new InMemoryDtlsPair(own).build();
            pair = p;
            p.start();
            p.deliverOne(); // ClientHello: the server answers with its flight and waits
            assertSame(DtlsSrtpEndpoint.State.HANDSHAKING, p.server.endpoint.state());
            int before = p.server.sent.size();
            p.server.endpoint.close();
            assertSame(DtlsSrtpEndpoint.State.CLOSED, p.server.endpoint.state());
            List<byte[]> alerts = p.server.sent.subList(before, p.server.sent.size());
            assertEquals(1, alerts.size());
            byte[] a = alerts.get(0);
            assertEquals(2 * (DtlsRecords.HEADER + 2), a.length, "user_canceled and close_notify, one datagram");
            assertEquals(DtlsRecords.ALERT, DtlsRecords.contentType(a));
            assertEquals(DtlsRecords.ALERT, a[DtlsRecords.HEADER + 2] & 0xFF);
            assertEquals(DtlsSrtpEndpoint.NO_TIMEOUT, p.server.endpoint.nextTimeoutNanos());
            p.run();
            assertSame(DtlsFailure.Reason.ALERT_RECEIVED, p.client.failure.reason());
            assertNull(p.server.failure, "no event after a local close");
            assertEquals(0, p.server.events);
            awaitIdle(own);
        }
    }

    @Test
    void waitsForAFreeHandshakeThreadInsteadOfFailing() throws Exception {
        try (DtlsHandshakeThreads two = new DtlsHandshakeThreads(2)) {
            InMemoryDtlsPair first = new InMemoryDtlsPair(two).build();
            InMemoryDtlsPair second = new InMemoryDtlsPair(two).build();
            try {
                first.start();
                first.deliverOne(); // both ends of the first pair now hold a thread
                assertEquals(2, two.busyThreads());
                second.client.endpoint.start(START);
                assertSame(DtlsSrtpEndpoint.State.WAITING_FOR_THREAD, second.client.endpoint.state());
                assertEquals(START + DtlsSrtpEndpoint.THREAD_RETRY_NANOS, second.client.endpoint.nextTimeoutNanos());
                assertEquals(0, second.client.sent.size());
                first.run();
                assertConnected(first);
                awaitIdle(two);
                second.server.endpoint.start(START);
                second.run();
                assertConnected(second);
                assertEquals(START + DtlsSrtpEndpoint.THREAD_RETRY_NANOS, second.client.completedAt);
            } finally {
                first.close();
                second.close();
            }
        }
    }

    @Test
    void anEndpointKeepsTheCertificateItWasBuiltWithAcrossARotation() {
        DtlsCertificate original = DtlsCertificate.generate(Instant.now());
        CertificateRotation rotation = new CertificateRotation(original);
        InMemoryDtlsPair p = new InMemoryDtlsPair(threads, DtlsCertificate.generate(Instant.now()), rotation.current());
        pair = p;
        p.build();
        rotation.rotate(DtlsCertificate.generate(Instant.now()));
        p.start();
        p.run();
        assertConnected(p);
        assertEquals(original.fingerprint(), p.client.keys.peerFingerprint());
    }

    @Test
    void startingTwiceIsAProgrammingError() {
        InMemoryDtlsPair p = newPair().build();
        p.start();
        assertThrows(IllegalStateException.class, () -> p.client.endpoint.start(START));
    }

    @Test
    void anActpassSetupIsNotARole() {
        assertSame(DtlsRole.CLIENT, DtlsRole.forLocalSetup("active"));
        assertSame(DtlsRole.SERVER, DtlsRole.forLocalSetup("PASSIVE"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsRole.forLocalSetup("actpass"));
        assertEquals("a=setup:actpass is not a DTLS role (need active or passive)", e.getMessage());
    }

    static void awaitIdle(DtlsHandshakeThreads pool) throws InterruptedException {
        long deadline = System.nanoTime() + 5 * SECOND;
        while (pool.busyThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.busyThreads(), "handshake thread released");
    }
}
