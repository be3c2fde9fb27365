package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.testing.IgnoredDtlsEvents;

/**
 * Random and mutated datagrams into endpoints in every state: receive never throws, and nothing a stranger can
 * forge tears down an established association. Bounded iterations, fixed seeds.
 */
class DtlsEndpointFuzzTest {
    /** Raise for a long run by hand: -Ddtls.fuzz.iterations=30000 -Ddtls.fuzz.seed=N (argLine). */
    private static final int ITERATIONS = Integer.getInteger("dtls.fuzz.iterations", 3000);
    private static final int ROUNDS = ITERATIONS / 100;
    private static DtlsHandshakeThreads threads;
    private static List<byte[]> realDatagrams;

    @BeforeAll
    static void captureARealHandshake() {
        threads = new DtlsHandshakeThreads(4);
        InMemoryDtlsPair p = new InMemoryDtlsPair(threads).build();
        p.start();
        p.run();
        realDatagrams = new ArrayList<>(p.client.sent);
        realDatagrams.addAll(p.server.sent);
        p.close();
        assertTrue(realDatagrams.size() >= 4);
    }

    @AfterAll
    static void stopThreads() {
        threads.close();
    }

    private static byte[] fuzzed(Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                byte[] b = new byte[random.nextInt(200)];
                random.nextBytes(b);
                return b;
            }
            case 1 -> {
                // A plausible record header around random content.
                int body = random.nextInt(300);
                byte[] b = new byte[DtlsRecords.HEADER + body];
                random.nextBytes(b);
                b[0] = (byte) (20 + random.nextInt(5));
                b[1] = (byte) 0xFE;
                b[2] = (byte) (random.nextBoolean() ? 0xFD : 0xFF);
                b[3] = 0;
                b[4] = (byte) random.nextInt(3);
                b[11] = (byte) (body >> 8);
                b[12] = (byte) body;
                if (random.nextBoolean() && body > 0) {
                    b[13] = (byte) random.nextInt(25); // a handshake type
                }
                return b;
            }
            default -> {
                byte[] b = realDatagrams.get(random.nextInt(realDatagrams.size())).clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return random.nextInt(4) == 0 ? Arrays.copyOf(b, random.nextInt(b.length + 20)) : b;
            }
        }
    }

    @Test
    void aListeningServerSurvivesAnything() {
        Random random = new Random(Long.getLong("dtls.fuzz.seed", 0xD715));
        DtlsCertificate cert = DtlsCertificate.generate(java.time.Instant.now());
        DtlsSrtpEndpoint server = null;
        int endpoints = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            if (server == null || server.state() == DtlsSrtpEndpoint.State.FAILED || i % 200 == 0) {
                if (server != null) {
                    server.close();
                }
                server = new DtlsSrtpEndpoint(DtlsRole.SERVER, cert, List.of(cert.fingerprint()),
                        DtlsOptions.defaults(), threads, (b, o, l) -> { }, new IgnoredDtlsEvents());
                server.start(0);
                endpoints++;
            }
            byte[] d = fuzzed(random);
            server.receive(d, 0, d.length, i * 1_000_000L);
            server.onTimeout(i * 1_000_000L);
        }
        server.close();
        assertTrue(endpoints >= ITERATIONS / 200);
    }

    @Test
    void aClientMidHandshakeSurvivesAnythingAndFailsOnlyWithAReason() {
        Random random = new Random(Long.getLong("dtls.fuzz.seed", 0xC11E));
        int failures = 0;
        for (int round = 0; round < ROUNDS; round++) {
            InMemoryDtlsPair p = new InMemoryDtlsPair(threads).build();
            p.client.endpoint.start(0);
            for (int i = 0; i < 50 && p.client.endpoint.state() == DtlsSrtpEndpoint.State.HANDSHAKING; i++) {
                byte[] d = fuzzed(random);
                p.client.endpoint.receive(d, 0, d.length, i);
            }
            if (p.client.failure != null) {
                failures++;
                assertNotSame(DtlsFailure.Reason.INTERNAL_ERROR, p.client.failure.reason(), p.client.failure::toString);
            }
            p.close();
        }
        assertTrue(failures < ROUNDS, "most forgeries are silently dropped");
    }

    @Test
    void nothingForgedEndsAnEstablishedAssociation() {
        Random random = new Random(Long.getLong("dtls.fuzz.seed", 0xE57));
        InMemoryDtlsPair p = new InMemoryDtlsPair(threads).build();
        p.start();
        p.run();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] d = fuzzed(random);
            int off = random.nextInt(3);
            byte[] framed = new byte[off + d.length];
            System.arraycopy(d, 0, framed, off, d.length);
            InMemoryDtlsPair.Side target = random.nextBoolean() ? p.client : p.server;
            target.endpoint.receive(framed, off, d.length, p.now);
            if (target.closedReason != null) {
                throw new AssertionError("forged datagram " + i + " closed the " + target + ": "
                        + target.closedReason + ", " + java.util.HexFormat.of().formatHex(d));
            }
        }
        // Out-of-range windows are refused, not thrown.
        p.client.endpoint.receive(new byte[10], 5, 10, p.now);
        p.client.endpoint.receive(null, 0, 0, p.now);
        p.client.endpoint.receive(new byte[10], -1, 5, p.now);
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.client.endpoint.state());
        assertSame(DtlsSrtpEndpoint.State.CONNECTED, p.server.endpoint.state());
        assertEquals(1, p.client.events);
        assertEquals(1, p.server.events);
        assertTrue(p.client.endpoint.malformedDatagrams() >= 3);
        SrtpCheck.rtpAndRtcpPass(p.client.keys.newLocalTransform(), p.server.keys.newRemoteTransform(), 99);
        p.close();
    }
}
