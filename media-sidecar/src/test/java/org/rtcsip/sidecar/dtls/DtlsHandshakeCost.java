package org.rtcsip.sidecar.dtls;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Handshakes per second of two {@link DtlsSrtpEndpoint}s connected in memory (both ends on this machine, so
 * each handshake costs both sides' CPU), sequentially and on 2 caller threads; printed, never asserted. Not a
 * JMH benchmark: run it by hand (with the test class path surefire records in target/surefire-reports) when
 * touching the handshake.
 */
public final class DtlsHandshakeCost {
    private DtlsHandshakeCost() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        DtlsCertificate a = DtlsCertificate.generate(Instant.now());
        DtlsCertificate b = DtlsCertificate.generate(Instant.now());
        try (DtlsHandshakeThreads threads = new DtlsHandshakeThreads(8)) {
            run(threads, a, b, count / 4); // warm-up
            long t0 = System.nanoTime();
            run(threads, a, b, count);
            double sequential = count / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("sequential: %d handshakes, %.0f per second (%.2f ms each)%n", count, sequential,
                    1000 / sequential);
            for (int callers : new int[] {2}) {
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                long t1 = System.nanoTime();
                Future<?>[] f = new Future<?>[callers];
                for (int i = 0; i < callers; i++) {
                    f[i] = pool.submit(() -> run(threads, a, b, count / callers));
                }
                for (Future<?> x : f) {
                    x.get();
                }
                double parallel = (count / callers * callers) / ((System.nanoTime() - t1) / 1e9);
                System.out.printf("%d caller threads: %.0f per second%n", callers, parallel);
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Void run(DtlsHandshakeThreads threads, DtlsCertificate a, DtlsCertificate b, int n) {
        for (int i = 0; i < n; i++) {
            InMemoryDtlsPair p = new InMemoryDtlsPair(threads, a, b).build();
            p.start();
            p.run();
            if (p.client.keys == null || p.server.keys == null) {
                throw new IllegalStateException("handshake failed: " + p.client.failure + " / " + p.server.failure);
            }
            p.close();
        }
        return null;
    }
}
