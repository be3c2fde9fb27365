package org.rtcsip.sidecar.ng;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** ng requests counted by command and result ({@code ok}, {@code pong}, {@code error}), for /metrics. */
public final class NgMetrics {
    private final Map<String, LongAdder> byCommandAndResult = new ConcurrentHashMap<>();
    final LongAdder undecodable = new LongAdder();
    final LongAdder retransmissions = new LongAdder();

    void count(String command, String result) {
        byCommandAndResult.computeIfAbsent(command + "\u0000" + result, k -> new LongAdder()).increment();
    }

    /** command -> result -> count. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
        byCommandAndResult.forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            out.computeIfAbsent(k.substring(0, sep), c -> new java.util.TreeMap<>()).put(k.substring(sep + 1),
                    v.sum());
        });
        return out;
    }

    /** Datagrams without a cookie: nothing could be answered. */
    public long undecodable() {
        return undecodable.sum();
    }

    public long retransmissions() {
        return retransmissions.sum();
    }
}
