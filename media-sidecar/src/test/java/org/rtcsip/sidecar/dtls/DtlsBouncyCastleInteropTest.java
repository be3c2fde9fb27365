package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * Our endpoint against an independent DTLS-SRTP peer written on Bouncy Castle's blocking API, running on its
 * own thread in real time (it owns its clock), so these tests drive our endpoint with System.nanoTime(),
 * bounded by {@link #DEADLINE_SECONDS}.
 */
class DtlsBouncyCastleInteropTest {
    private static final long DEADLINE_SECONDS = 20;
    private static DtlsHandshakeThreads threads;
    private final ExecutorService peerThread = Executors.newSingleThreadExecutor();
    private final PlainBcPeers.QueueTransport wire = new PlainBcPeers.QueueTransport();
    private final DtlsCertificate ours = DtlsCertificate.generate(Instant.now());
    private final DtlsCertificate theirs = DtlsCertificate.generate(Instant.now());
    private DtlsSrtpEndpoint endpoint;
    private DtlsSrtpKeys keys;
    private DtlsFailure failure;
    private String closedByPeer;

    @BeforeAll
    static void startThreads() {
        threads = new DtlsHandshakeThreads(4);
    }

    @AfterAll
    static void stopThreads() {
        threads.close();
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        peerThread.shutdownNow();
    }

    private DtlsSrtpEndpoint endpoint(DtlsRole role, Fingerprint expected) {
        return endpoint(role, expected, DtlsOptions.defaults());
    }

    private DtlsSrtpEndpoint endpoint(DtlsRole role, Fingerprint expected, DtlsOptions options) {
        endpoint = new DtlsSrtpEndpoint(role, ours, List.of(expected), options, threads,
                (buf, off, len) -> wire.incoming.add(java.util.Arrays.copyOfRange(buf, off, off + len)),
                new DtlsEvents() {
                    @Override
                    public void handshakeCompleted(DtlsSrtpKeys k) {
                        keys = k;
                    }

                    @Override
                    public void handshakeFailed(DtlsFailure f) {
                        failure = f;
                    }

                    @Override
                    public void closedByPeer(String reason) {
                        closedByPeer = reason;
                    }
                });
        endpoint.start(System.nanoTime());
        return endpoint;
    }

    /** Pumps the peer's datagrams into our endpoint and fires its timer until {@code done} or the deadline. */
    private void pump(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            assertTrue(now < deadline, "did not finish within " + DEADLINE_SECONDS + " s");
            long wait = Math.min(endpoint.nextTimeoutNanos() - now, TimeUnit.MILLISECONDS.toNanos(20));
            byte[] d = wire.outgoing.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
            now = System.nanoTime();
            if (d != null) {
                endpoint.receive(d, 0, d.length, now);
            }
            if (now - endpoint.nextTimeoutNanos() >= 0) {
                endpoint.onTimeout(now);
            }
        }
    }

    @Test
    void aPlainBouncyCastleClientCompletesWithOurServerAndOurKeysAreItsKeys() throws Exception {
        endpoint(DtlsRole.SERVER, theirs.fingerprint());
        PlainBcPeers.Client client = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Future<DTLSTransport> connected = peerThread.submit(() -> new DTLSClientProtocol().connect(client, wire));
        pump(() -> keys != null && connected.isDone() || failure != null);
        assertNull(failure);
        assertNotNull(connected.get());
        // Our order is Chromium's: HMAC_SHA1_80 before GCM, whatever the client's order.
        assertEquals(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, client.outcome.profile);
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_80, keys.suite());
        assertArrayEquals(ours.fingerprint().value(), client.outcome.peerCertificateSha256);
        assertEquals(theirs.fingerprint(), keys.peerFingerprint());
        // RFC 5764 §4.2, from each side's own export: the client writes with the client key.
        SrtpSuite suite = keys.suite();
        SrtpTransform clientSends = new SrtpTransform(suite, client.outcome.clientKey, client.outcome.clientSalt);
        SrtpTransform clientReceives = new SrtpTransform(suite, client.outcome.serverKey, client.outcome.serverSalt);
        SrtpCheck.rtpAndRtcpPass(clientSends, keys.newRemoteTransform(), 0x12345678);
        SrtpCheck.rtpAndRtcpPass(keys.newLocalTransform(), clientReceives, 0x9ABCDEF0);
    }

    @ParameterizedTest(name = "HelloVerifyRequest first: {0}")
    @ValueSource(booleans = {false, true})
    void ourClientCompletesWithAPlainBouncyCastleServer(boolean helloVerifyRequest) throws Exception {
        PlainBcPeers.Server server = new PlainBcPeers.Server(theirs, ours.fingerprint().value());
        Future<DTLSTransport> accepted = peerThread.submit(() -> {
            DTLSRequest request = null;
            if (helloVerifyRequest) {
                // RFC 6347 §4.2.1 cookie exchange, as OpenSSL-based servers do it.
                DTLSVerifier verifier = new DTLSVerifier(PlainBcPeers.CRYPTO);
                while (request == null) {
                    byte[] d = wire.incoming.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
                    request = verifier.verifyRequest("peer".getBytes(), d, 0, d.length, wire);
                }
            }
            return new DTLSServerProtocol().accept(server, wire, request);
        });
        endpoint(DtlsRole.CLIENT, theirs.fingerprint());
        pump(() -> keys != null && accepted.isDone() || failure != null);
        if (failure != null) {
            try {
                accepted.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("ours: " + failure + "; plain server: " + e.getCause(), e.getCause());
            }
        }
        assertNull(failure);
        assertNotNull(accepted.get());
        // Ours offers Chromium's order; a first-choice server takes HMAC_SHA1_80.
        assertEquals(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, server.outcome.profile);
        SrtpSuite suite = keys.suite();
        SrtpTransform serverSends = new SrtpTransform(suite, server.outcome.serverKey, server.outcome.serverSalt);
        SrtpTransform serverReceives = new SrtpTransform(suite, server.outcome.clientKey, server.outcome.clientSalt);
        SrtpCheck.rtpAndRtcpPass(serverSends, keys.newRemoteTransform(), 1);
        SrtpCheck.rtpAndRtcpPass(keys.newLocalTransform(), serverReceives, 2);
    }

    @Test
    void ourServerRefusesAPlainClientWhoseCertificateIsNotTheDeclaredOne() throws Exception {
        endpoint(DtlsRole.SERVER, DtlsCertificate.generate(Instant.now()).fingerprint());
        PlainBcPeers.Client client = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Future<DTLSTransport> connected = peerThread.submit(() -> new DTLSClientProtocol().connect(client, wire));
        pump(() -> failure != null && connected.isDone());
        assertSame(DtlsFailure.Reason.FINGERPRINT_MISMATCH, failure.reason());
        assertNull(keys);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                connected::get);
        TlsFatalAlert alert = assertInstanceOf(TlsFatalAlert.class, e.getCause());
        assertEquals(AlertDescription.bad_certificate, alert.getAlertDescription(), "the client hears why");
    }

    @Test
    void ourClientRefusesAPlainServerWhoseCertificateIsNotTheDeclaredOne() throws Exception {
        PlainBcPeers.Server server = new PlainBcPeers.Server(theirs, ours.fingerprint().value());
        Future<DTLSTransport> accepted = peerThread.submit(() -> new DTLSServerProtocol().accept(server, wire));
        endpoint(DtlsRole.CLIENT, DtlsCertificate.generate(Instant.now()).fingerprint());
        pump(() -> failure != null && accepted.isDone());
        assertSame(DtlsFailure.Reason.FINGERPRINT_MISMATCH, failure.reason());
        assertTrue(failure.detail().startsWith("peer certificate " + theirs.fingerprint()), failure.detail());
        assertNull(keys);
    }

    /**
     * RFC 5763 §5 rests on the signature: a peer that copies the declared certificate (its fingerprint matches)
     * but lacks its private key must fail at the ServerKeyExchange signature (RFC 8422 §5.4). Both
     * implementations of our public-key operations.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DtlsOptions.PublicKeyCrypto.class)
    void ourClientRefusesAServerThatPresentsTheDeclaredCertificateWithoutItsKey(DtlsOptions.PublicKeyCrypto crypto)
            throws Exception {
        PlainBcPeers.Server impostor = new PlainBcPeers.Server(theirs, ours.fingerprint().value());
        impostor.signingKeyOf = DtlsCertificate.generate(Instant.now());
        Future<DTLSTransport> accepted = peerThread.submit(() -> new DTLSServerProtocol().accept(impostor, wire));
        endpoint(DtlsRole.CLIENT, theirs.fingerprint(), DtlsOptions.defaults().withPublicKeyCrypto(crypto));
        pump(() -> failure != null && accepted.isDone());
        assertSame(DtlsFailure.Reason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.detail().contains("decrypt_error"), failure.detail()); // RFC 5246 §7.2.2
        assertNull(keys);
    }

    /** The same for the client's CertificateVerify (RFC 5246 §7.4.8), which our server checks. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DtlsOptions.PublicKeyCrypto.class)
    void ourServerRefusesAClientThatPresentsTheDeclaredCertificateWithoutItsKey(DtlsOptions.PublicKeyCrypto crypto)
            throws Exception {
        endpoint(DtlsRole.SERVER, theirs.fingerprint(), DtlsOptions.defaults().withPublicKeyCrypto(crypto));
        PlainBcPeers.Client impostor = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        impostor.signingKeyOf = DtlsCertificate.generate(Instant.now());
        Future<DTLSTransport> connected = peerThread.submit(() -> new DTLSClientProtocol().connect(impostor, wire));
        pump(() -> failure != null && connected.isDone());
        assertSame(DtlsFailure.Reason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.detail().contains("decrypt_error"), failure.detail());
        assertNull(keys);
    }

    /** Bouncy Castle's pure-Java public-key operations still complete a handshake in both roles. */
    @ParameterizedTest(name = "our role {0}")
    @EnumSource(DtlsRole.class)
    void bouncyCastlePublicKeyCryptoCompletesWithAPlainPeer(DtlsRole role) throws Exception {
        DtlsOptions options = DtlsOptions.defaults().withPublicKeyCrypto(DtlsOptions.PublicKeyCrypto.BOUNCY_CASTLE);
        Future<DTLSTransport> peer;
        PlainBcPeers.Outcome outcome;
        if (role == DtlsRole.CLIENT) {
            PlainBcPeers.Server server = new PlainBcPeers.Server(theirs, ours.fingerprint().value());
            outcome = server.outcome;
            peer = peerThread.submit(() -> new DTLSServerProtocol().accept(server, wire));
            endpoint(DtlsRole.CLIENT, theirs.fingerprint(), options);
        } else {
            endpoint(DtlsRole.SERVER, theirs.fingerprint(), options);
            PlainBcPeers.Client client = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                    SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            outcome = client.outcome;
            peer = peerThread.submit(() -> new DTLSClientProtocol().connect(client, wire));
        }
        pump(() -> keys != null && peer.isDone() || failure != null);
        assertNull(failure);
        assertNotNull(peer.get());
        byte[] ourWriteKey = role == DtlsRole.CLIENT ? outcome.clientKey : outcome.serverKey;
        assertArrayEquals(ourWriteKey, keys.localMasterKey());
    }

    @Test
    void closeNotifyTravelsBothWaysWithAPlainPeer() throws Exception {
        endpoint(DtlsRole.SERVER, theirs.fingerprint());
        CountDownLatch heardCloseNotify = new CountDownLatch(1);
        PlainBcPeers.Client client = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80) {
            @Override
            public void notifyAlertReceived(short level, short description) {
                if (description == AlertDescription.close_notify) {
                    heardCloseNotify.countDown();
                }
            }
        };
        Future<DTLSTransport> connected = peerThread.submit(() -> new DTLSClientProtocol().connect(client, wire));
        pump(() -> keys != null && connected.isDone());
        DTLSTransport plain = connected.get();
        // Ours closes: the plain client reads it.
        endpoint.close();
        Future<?> reading = peerThread.submit(() -> {
            byte[] buf = new byte[2048];
            for (int i = 0; i < 50 && heardCloseNotify.getCount() > 0; i++) {
                plain.receive(buf, 0, buf.length, 100);
            }
            return null;
        });
        assertTrue(heardCloseNotify.await(DEADLINE_SECONDS, TimeUnit.SECONDS));
        reading.get();
    }

    @Test
    void aPlainPeersCloseNotifyIsReported() throws Exception {
        endpoint(DtlsRole.SERVER, theirs.fingerprint());
        PlainBcPeers.Client client = new PlainBcPeers.Client(theirs, ours.fingerprint().value(),
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Future<DTLSTransport> connected = peerThread.submit(() -> new DTLSClientProtocol().connect(client, wire));
        pump(() -> keys != null && connected.isDone());
        connected.get().close();
        pump(() -> closedByPeer != null);
        assertEquals("close_notify", closedByPeer);
        assertSame(DtlsSrtpEndpoint.State.CLOSED, endpoint.state());
    }
}
