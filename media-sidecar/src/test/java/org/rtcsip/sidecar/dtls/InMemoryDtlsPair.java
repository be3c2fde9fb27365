package org.rtcsip.sidecar.dtls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two {@link DtlsSrtpEndpoint}s wired back to back in memory and driven on virtual time: datagrams are
 * delivered in order, and when none is in flight the clock jumps to the earliest timer. A loss rule can drop
 * any datagram a side sends.
 */
final class InMemoryDtlsPair {

    /** Decides whether the n-th datagram (0-based) a side sends is lost. */
    interface Loss {
        boolean drops(Side from, int index, byte[] datagram);
    }

    static final Loss NO_LOSS = (from, index, datagram) -> false;
    static final long START = TimeUnit.SECONDS.toNanos(1000);

    final class Side implements DatagramSink, DtlsEvents {
        final String name;
        final DtlsCertificate certificate;
        DtlsSrtpEndpoint endpoint;
        final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
        final List<byte[]> sent = new ArrayList<>();
        int dropped;
        DtlsSrtpKeys keys;
        DtlsFailure failure;
        String closedReason;
        long completedAt = -1;
        long failedAt = -1;
        int events;

        Side(String name, DtlsCertificate certificate) {
            this.name = name;
            this.certificate = certificate;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            byte[] d = java.util.Arrays.copyOfRange(buf, off, off + len);
            int index = sent.size();
            sent.add(d);
            if (loss.drops(this, index, d)) {
                dropped++;
            } else {
                inFlight.add(d);
            }
        }

        @Override
        public void handshakeCompleted(DtlsSrtpKeys k) {
            keys = k;
            completedAt = now;
            events++;
        }

        @Override
        public void handshakeFailed(DtlsFailure f) {
            failure = f;
            failedAt = now;
            events++;
        }

        @Override
        public void closedByPeer(String reason) {
            closedReason = reason;
            events++;
        }

        boolean settled() {
            DtlsSrtpEndpoint.State s = endpoint.state();
            return s == DtlsSrtpEndpoint.State.CONNECTED || s == DtlsSrtpEndpoint.State.FAILED
                    || s == DtlsSrtpEndpoint.State.CLOSED;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final DtlsHandshakeThreads threads;
    final Side client;
    final Side server;
    Loss loss = NO_LOSS;
    long now = START;
    /** When set, datagrams of each side also go here (an eavesdropper's copy). */
    boolean duplicateEveryDatagram;

    InMemoryDtlsPair(DtlsHandshakeThreads threads) {
        this(threads, DtlsCertificate.generate(java.time.Instant.now()),
                DtlsCertificate.generate(java.time.Instant.now()));
    }

    InMemoryDtlsPair(DtlsHandshakeThreads threads, DtlsCertificate clientCertificate,
            DtlsCertificate serverCertificate) {
        this.threads = threads;
        this.client = new Side("client", clientCertificate);
        this.server = new Side("server", serverCertificate);
    }

    /** Builds both endpoints, each knowing the other's real fingerprint. */
    InMemoryDtlsPair build(DtlsOptions clientOptions, DtlsOptions serverOptions) {
        return build(clientOptions, List.of(server.certificate.fingerprint()), serverOptions,
                List.of(client.certificate.fingerprint()));
    }

    InMemoryDtlsPair build(DtlsOptions clientOptions, List<Fingerprint> clientExpects, DtlsOptions serverOptions,
            List<Fingerprint> serverExpects) {
        client.endpoint = new DtlsSrtpEndpoint(DtlsRole.CLIENT, client.certificate, clientExpects, clientOptions,
                threads, client, client);
        server.endpoint = new DtlsSrtpEndpoint(DtlsRole.SERVER, server.certificate, serverExpects, serverOptions,
                threads, server, server);
        return this;
    }

    InMemoryDtlsPair build() {
        return build(DtlsOptions.defaults(), DtlsOptions.defaults());
    }

    void start() {
        server.endpoint.start(now);
        client.endpoint.start(now);
    }

    /** Delivers one datagram in flight, client's first; false if none. */
    boolean deliverOne() {
        for (Side from : new Side[] {client, server}) {
            byte[] d = from.inFlight.poll();
            if (d != null) {
                Side to = from == client ? server : client;
                to.endpoint.receive(d, 0, d.length, now);
                if (duplicateEveryDatagram) {
                    to.endpoint.receive(d, 0, d.length, now);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Runs until both sides are settled and nothing is in flight, or no timer is left, or {@code maxVirtual}
     * of virtual time has passed. Bounded in steps.
     */
    void run(long maxVirtualNanos) {
        long end = now + maxVirtualNanos;
        for (int i = 0; i < 100_000; i++) {
            if (deliverOne()) {
                continue;
            }
            if (client.settled() && server.settled()) {
                return;
            }
            long next = Math.min(client.endpoint.nextTimeoutNanos(), server.endpoint.nextTimeoutNanos());
            if (next == DtlsSrtpEndpoint.NO_TIMEOUT || next > end) {
                return;
            }
            now = Math.max(now, next);
            client.endpoint.onTimeout(now);
            server.endpoint.onTimeout(now);
        }
        throw new AssertionError("pair did not settle within the step bound");
    }

    void run() {
        run(TimeUnit.SECONDS.toNanos(300));
    }

    void close() {
        if (client.endpoint != null) {
            client.endpoint.close();
        }
        if (server.endpoint != null) {
            server.endpoint.close();
        }
    }
}
