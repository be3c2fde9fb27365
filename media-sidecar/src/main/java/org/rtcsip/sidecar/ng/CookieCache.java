package org.rtcsip.sidecar.ng;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * rtpengine's cookie semantics (ng-protocol.md §1.4): each request cookie runs once; a retransmission that arrives
 * while the first is still running gets the same reply when it is ready; later ones get the stored reply. Keyed
 * by (peer, cookie) because Kamailio's cookies repeat after a restart that reuses PIDs. The cookie is raw bytes:
 * a client matches the reply byte for byte, so a cookie that is not UTF-8 must come back (and be found) unchanged.
 * Entries live in two generations rotated every 30 s, so a reply is kept 30 to 60 s.
 */
public final class CookieCache {
    static final long GENERATION_NANOS = 30_000_000_000L;

    private record Key(InetSocketAddress peer, byte[] cookie) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && peer.equals(k.peer) && Arrays.equals(cookie, k.cookie);
        }

        @Override
        public int hashCode() {
            return 31 * peer.hashCode() + Arrays.hashCode(cookie);
        }

        @Override
        public String toString() {
            return peer + " " + HexFormat.of().formatHex(cookie);
        }
    }

    /** A request being executed, and the retransmissions waiting for its reply. */
    private static final class InFlight {
        final List<Consumer<byte[]>> waiters = new ArrayList<>();
    }

    private final LongSupplier nanoTime;
    private volatile Map<Key, byte[]> current = new ConcurrentHashMap<>();
    private volatile Map<Key, byte[]> previous = new ConcurrentHashMap<>();
    private final Map<Key, InFlight> inFlight = new ConcurrentHashMap<>();
    private long rotatedAt;

    public CookieCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.rotatedAt = nanoTime.getAsLong();
    }

    /**
     * Returns true if the caller should execute the request; otherwise the cached reply was sent through
     * {@code reply} already, or will be once the first copy completes.
     */
    public synchronized boolean begin(InetSocketAddress peer, byte[] cookie, Consumer<byte[]> reply) {
        rotateIfDue();
        Key key = new Key(peer, cookie);
        byte[] cached = current.get(key);
        if (cached == null) {
            cached = previous.get(key);
        }
        if (cached != null) {
            reply.accept(cached);
            return false;
        }
        InFlight running = inFlight.get(key);
        if (running != null) {
            running.waiters.add(reply);
            return false;
        }
        inFlight.put(key, new InFlight());
        return true;
    }

    /** Stores the reply and hands it to every retransmission that waited for it. */
    public void complete(InetSocketAddress peer, byte[] cookie, byte[] reply) {
        Key key = new Key(peer, cookie);
        InFlight running;
        synchronized (this) {
            current.put(key, reply);
            running = inFlight.remove(key);
        }
        if (running != null) {
            for (Consumer<byte[]> waiter : running.waiters) {
                waiter.accept(reply);
            }
        }
    }

    public synchronized int size() {
        return current.size() + previous.size();
    }

    private void rotateIfDue() {
        long now = nanoTime.getAsLong();
        if (now - rotatedAt >= GENERATION_NANOS) {
            previous = now - rotatedAt >= 2 * GENERATION_NANOS ? new ConcurrentHashMap<>() : current;
            current = new ConcurrentHashMap<>();
            rotatedAt = now;
        }
    }
}
