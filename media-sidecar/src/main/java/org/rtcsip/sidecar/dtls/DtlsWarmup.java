package org.rtcsip.sidecar.dtls;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs DTLS-SRTP handshakes between two {@link DtlsSrtpEndpoint}s in memory before the sidecar takes calls, so
 * that the JIT has compiled Bouncy Castle's handshake, P-256 and X25519 code by the time the first browsers call.
 * Cold, a handshake costs several times its steady CPU and the compiler threads take a third of the process's
 * CPU meanwhile: measured on one in-memory pair (both ends), 7.3 ms of CPU for each of the first 200, 3-4 ms up
 * to ~1400, then 1.4-1.6 ms.
 *
 * <p>Each round is what a call does: our certificate against a throwaway peer certificate, each end checking the
 * other's fingerprint, SRTP keys exported (and compared), then close_notify. Our end alternates between client
 * and server. Virtual time, no socket; the handshakes borrow threads from a small set of their own, never the
 * calls' {@link DtlsHandshakeThreads}. Not thread-safe: one thread runs it.
 */
public final class DtlsWarmup implements AutoCloseable {
    /** Datagrams and timer firings one round may take; a healthy handshake needs about 10. */
    private static final int MAX_STEPS = 1_000;
    private static final long ROUND_VIRTUAL_NANOS = 1_000_000_000L;

    /** What a warm-up did, for the startup log line. */
    public record Result(int handshakes, long elapsedNanos) {
        @Override
        public String toString() {
            return handshakes + " DTLS handshake pairs in " + elapsedNanos / 1_000_000 + " ms";
        }
    }

    private final DtlsCertificate ours;
    private final DtlsCertificate peer;
    private final DtlsOptions options;
    private final DtlsHandshakeThreads threads = new DtlsHandshakeThreads(4);
    private long now;

    /** Generates the peer's certificate (a few milliseconds). */
    public DtlsWarmup(DtlsCertificate ours, DtlsOptions options) {
        this.ours = ours;
        this.peer = DtlsCertificate.generate(Instant.now());
        this.options = options;
    }

    /**
     * Handshakes, our end alternating client and server, until {@code maxHandshakes} are done,
     * {@code budgetNanos} have passed on {@code clock}, or {@code cancelled} says so.
     *
     * @throws IllegalStateException if a handshake fails: the DTLS code is broken, calls would fail too
     */
    public Result run(int maxHandshakes, long budgetNanos, LongSupplier clock, BooleanSupplier cancelled) {
        long start = clock.getAsLong();
        int done = 0;
        while (done < maxHandshakes && clock.getAsLong() - start < budgetNanos && !cancelled.getAsBoolean()) {
            handshake(done % 2 == 0 ? DtlsRole.CLIENT : DtlsRole.SERVER);
            done++;
        }
        return new Result(done, clock.getAsLong() - start);
    }

    /**
     * One handshake to SRTP keys and close_notify, our end in {@code ourRole}.
     *
     * @throws IllegalStateException with the failure of either end, or if their keys differ
     */
    public void handshake(DtlsRole ourRole) {
        DtlsRole peerRole = ourRole == DtlsRole.CLIENT ? DtlsRole.SERVER : DtlsRole.CLIENT;
        End a = new End(ourRole, ours, peer);
        End b = new End(peerRole, peer, ours);
        a.peer = b;
        b.peer = a;
        try {
            // RFC 5763 §5: the passive end listens first
            (ourRole == DtlsRole.SERVER ? a : b).endpoint.start(now);
            (ourRole == DtlsRole.SERVER ? b : a).endpoint.start(now);
            drive(a, b);
            if (a.keys == null || b.keys == null) {
                throw new IllegalStateException("DTLS warm-up handshake failed: " + a.outcome() + " / " + b.outcome());
            }
            if (!MessageDigest.isEqual(a.keys.localMasterKey(), b.keys.remoteMasterKey())
                    || !MessageDigest.isEqual(a.keys.remoteMasterKey(), b.keys.localMasterKey())) {
                throw new IllegalStateException("DTLS warm-up: the two ends exported different SRTP keys");
            }
            a.endpoint.close(); // close_notify to b
            drive(a, b);
            if (!"close_notify".equals(b.closedReason)) {
                throw new IllegalStateException("DTLS warm-up: the peer did not see close_notify (" + b.outcome()
                        + ")");
            }
        } finally {
            a.endpoint.close();
            b.endpoint.close();
            now += ROUND_VIRTUAL_NANOS;
        }
    }

    /** Delivers datagrams in order and fires due timers until nothing is in flight and no timer is pending. */
    private void drive(End a, End b) {
        for (int step = 0; step < MAX_STEPS; step++) {
            End from = !a.inFlight.isEmpty() ? a : !b.inFlight.isEmpty() ? b : null;
            if (from != null) {
                byte[] d = from.inFlight.poll();
                from.peer.endpoint.receive(d, 0, d.length, now);
                continue;
            }
            if (a.settled() && b.settled()) {
                return;
            }
            long next = Math.min(a.endpoint.nextTimeoutNanos(), b.endpoint.nextTimeoutNanos());
            if (next == DtlsSrtpEndpoint.NO_TIMEOUT) {
                return;
            }
            now = Math.max(now, next);
            a.endpoint.onTimeout(now);
            b.endpoint.onTimeout(now);
        }
    }

    /** Ends the warm-up's handshake threads. */
    @Override
    public void close() {
        threads.close();
    }

    /** One end of a round: its endpoint, what it sent and what it was told. */
    private final class End implements DatagramSink, DtlsEvents {
        final DtlsSrtpEndpoint endpoint;
        final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
        End peer;
        DtlsSrtpKeys keys;
        DtlsFailure failure;
        String closedReason;

        End(DtlsRole role, DtlsCertificate own, DtlsCertificate other) {
            endpoint = new DtlsSrtpEndpoint(role, own, List.of(other.fingerprint()), options, threads, this, this);
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            byte[] d = new byte[len];
            System.arraycopy(buf, off, d, 0, len);
            inFlight.add(d);
        }

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
            closedReason = reason;
        }

        boolean settled() {
            DtlsSrtpEndpoint.State s = endpoint.state();
            return s == DtlsSrtpEndpoint.State.CONNECTED || s == DtlsSrtpEndpoint.State.FAILED
                    || s == DtlsSrtpEndpoint.State.CLOSED;
        }

        String outcome() {
            return endpoint.role() + " " + endpoint.state() + (failure == null ? "" : " (" + failure + ")");
        }
    }
}
