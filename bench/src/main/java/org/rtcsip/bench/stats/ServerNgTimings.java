package org.rtcsip.bench.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sidecar's own account of its ng requests ({@code sidecar_ng_request_seconds} in /metrics: per command, the wait
 * for the call's media loop and the time to the reply), read before and after a bench step: the difference says how
 * much of a round trip's tail the server itself spent, and how much of that behind its media loops.
 */
public final class ServerNgTimings {
    private static final Pattern BUCKET = Pattern.compile("(?m)^sidecar_ng_request_seconds_bucket\\{command=\"([^\"]+)\","
            + "stage=\"([^\"]+)\",le=\"([^\"]+)\"\\}\\s+([0-9.eE+]+)");

    /** "command/stage" -> upper bound in seconds -> cumulative count. */
    private final Map<String, TreeMap<Double, Long>> cumulative;

    private ServerNgTimings(Map<String, TreeMap<Double, Long>> cumulative) {
        this.cumulative = cumulative;
    }

    /** Parses a Prometheus text scrape; no such histogram (rtpengine, an older sidecar) gives an empty one. */
    public static ServerNgTimings parse(String metrics) {
        Map<String, TreeMap<Double, Long>> out = new TreeMap<>();
        Matcher m = BUCKET.matcher(metrics == null ? "" : metrics);
        while (m.find()) {
            double le = m.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(3));
            out.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new TreeMap<>())
                    .put(le, (long) Double.parseDouble(m.group(4)));
        }
        return new ServerNgTimings(out);
    }

    public boolean isEmpty() {
        return cumulative.isEmpty();
    }

    /** What happened between {@code before} and this reading. */
    public ServerNgTimings since(ServerNgTimings before) {
        Map<String, TreeMap<Double, Long>> out = new TreeMap<>();
        cumulative.forEach((key, buckets) -> {
            TreeMap<Double, Long> earlier = before.cumulative.getOrDefault(key, new TreeMap<>());
            TreeMap<Double, Long> diff = new TreeMap<>();
            buckets.forEach((le, n) -> diff.put(le, n - earlier.getOrDefault(le, 0L)));
            out.put(key, diff);
        });
        return new ServerNgTimings(out);
    }

    public long count(String command, String stage) {
        TreeMap<Double, Long> b = cumulative.get(command + "/" + stage);
        return b == null || b.isEmpty() ? 0 : b.lastEntry().getValue();
    }

    /**
     * The upper bound, in ms, of the bucket holding quantile {@code q} of {@code command}'s {@code stage}: the
     * quantile is at most this. NaN when nothing was counted, infinite when it lies in the last, unbounded bucket.
     */
    public double quantileBoundMs(String command, String stage, double q) {
        long n = count(command, stage);
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * n);
        for (Map.Entry<Double, Long> e : cumulative.get(command + "/" + stage).entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
