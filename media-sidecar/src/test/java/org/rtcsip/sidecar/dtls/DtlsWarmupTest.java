package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DtlsWarmupTest {
    private static final DtlsCertificate OURS = DtlsCertificate.generate(Instant.now());
    private static final long NO_BUDGET_LIMIT = Long.MAX_VALUE;

    @Test
    void completesAHandshakeToSrtpKeysAndCloseNotifyInEitherRole() {
        try (DtlsWarmup warmup = new DtlsWarmup(OURS, DtlsOptions.defaults())) {
            // each call throws unless both ends got keys, the keys agree and the peer saw close_notify
            warmup.handshake(DtlsRole.CLIENT);
            warmup.handshake(DtlsRole.SERVER);
        }
    }

    @Test
    void stopsAtTheHandshakeCount() {
        try (DtlsWarmup warmup = new DtlsWarmup(OURS, DtlsOptions.defaults())) {
            DtlsWarmup.Result r = warmup.run(3, NO_BUDGET_LIMIT, System::nanoTime, () -> false);
            assertEquals(3, r.handshakes());
            assertTrue(r.elapsedNanos() > 0);
        }
    }

    @Test
    void stopsWhenTheBudgetIsSpent() {
        AtomicLong clock = new AtomicLong();
        try (DtlsWarmup warmup = new DtlsWarmup(OURS, DtlsOptions.defaults())) {
            // the budget is checked before each handshake: 10 ns per reading, a 25 ns budget allows two
            DtlsWarmup.Result r = warmup.run(100, 25, () -> clock.getAndAdd(10), () -> false);
            assertEquals(2, r.handshakes());
        }
    }

    @Test
    void doesNothingOnceCancelled() {
        try (DtlsWarmup warmup = new DtlsWarmup(OURS, DtlsOptions.defaults())) {
            assertEquals(0, warmup.run(100, NO_BUDGET_LIMIT, System::nanoTime, () -> true).handshakes());
        }
    }

    @Test
    void describesWhatItDidForTheStartupLog() {
        assertEquals("12 DTLS handshake pairs in 34 ms", new DtlsWarmup.Result(12, 34_500_000).toString());
    }
}
