package org.rtcsip.sidecar.ng;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * ng requests counted by command and result, for /metrics. The labels are a fixed set: the ng commands rtpengine
 * knows (in their normalised spelling) and {@code unknown} for every other name, so a client sending made-up
 * command names cannot grow the registry (each distinct name used to become a permanent series).
 */
public final class NgMetrics {
    /** Label for any command name outside {@link #KNOWN_COMMANDS}. */
    public static final String UNKNOWN_COMMAND = "unknown";

    /**
     * rtpengine's ng commands (ng-protocol.md §2.1), normalised as {@link NgRequest#normalize} does. The ones the
     * sidecar does not serve are counted under their own name too, so an operator sees what Kamailio asks for.
     */
    static final List<String> KNOWN_COMMANDS = List.of("ping", "offer", "answer", "delete", "query", "list",
            "external-media", "statistics", "start-recording", "stop-recording", "pause-recording",
            "block-dtmf", "unblock-dtmf", "block-media", "unblock-media", "silence-media", "unsilence-media",
            "start-forwarding", "stop-forwarding", "play-media", "stop-media", "play-dtmf", "publish",
            "subscribe-request", "subscribe-answer", "unsubscribe", "connect", "transform");

    /** What a request ended with. */
    public enum Result {
        OK("ok"), PONG("pong"), ERROR("error"),
        /** Over max-sessions toward a client that supports rtpengine's overload answer. */
        LOAD_LIMIT("load limit");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Where an ng request's time goes, as rtpengine keeps per-command timings: {@code QUEUED} from the datagram's
     * hand-over to the call's media loop starting it (offer, answer, delete, query, external-media: time spent behind
     * the loop's media work), {@code TOTAL} from the hand-over to the reply's (every command answered).
     */
    public enum Stage {
        QUEUED("queued"), TOTAL("total");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Upper bounds of the timing buckets, in microseconds (the last bucket, unbounded, is not listed): fine from 0.1
     * to 3 ms, where a p99 is compared with rtpengine's, then coarse up to 5 s.
     */
    public static final long[] BUCKET_BOUNDS_MICROS = {100, 250, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000,
            25_000, 50_000, 100_000, 250_000, 1_000_000, 5_000_000};

    /** One command's and stage's timings: counts per bucket (not cumulative) and the sum. */
    public record Timing(String command, String stage, long[] bucketCounts, double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : bucketCounts) {
                n += c;
            }
            return n;
        }
    }

    private static final class Buckets {
        final LongAdder[] counts = new LongAdder[BUCKET_BOUNDS_MICROS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Buckets() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }
    }

    /** [command index, or KNOWN_COMMANDS.size() for unknown][stage]. */
    private final Buckets[][] timings = new Buckets[KNOWN_COMMANDS.size() + 1][Stage.values().length];

    /** [command index, or KNOWN_COMMANDS.size() for unknown][result]. */
    private final LongAdder[][] counts = new LongAdder[KNOWN_COMMANDS.size() + 1][Result.values().length];
    final LongAdder undecodable = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder trimmedReplies = new LongAdder();
    final LongAdder oversizedReplies = new LongAdder();
    final LongAdder internalErrors = new LongAdder();

    NgMetrics() {
        for (LongAdder[] row : counts) {
            for (int r = 0; r < row.length; r++) {
                row[r] = new LongAdder();
            }
        }
        for (Buckets[] row : timings) {
            for (int s = 0; s < row.length; s++) {
                row[s] = new Buckets();
            }
        }
    }

    /** The label a command name is counted under: itself if rtpengine knows it, else {@value #UNKNOWN_COMMAND}. */
    static String label(String normalizedCommand) {
        return KNOWN_COMMANDS.contains(normalizedCommand) ? normalizedCommand : UNKNOWN_COMMAND;
    }

    void count(String normalizedCommand, Result result) {
        int index = KNOWN_COMMANDS.indexOf(normalizedCommand);
        counts[index < 0 ? KNOWN_COMMANDS.size() : index][result.ordinal()].increment();
    }

    /** Counts {@code nanos} (negative: 0) as one request's {@code stage} of {@code normalizedCommand}. */
    void time(String normalizedCommand, Stage stage, long nanos) {
        int index = KNOWN_COMMANDS.indexOf(normalizedCommand);
        Buckets b = timings[index < 0 ? KNOWN_COMMANDS.size() : index][stage.ordinal()];
        long counted = Math.max(0, nanos);
        long micros = counted / 1_000;
        int bucket = 0;
        while (bucket < BUCKET_BOUNDS_MICROS.length && micros > BUCKET_BOUNDS_MICROS[bucket]) {
            bucket++;
        }
        b.counts[bucket].increment();
        b.sumNanos.add(counted);
    }

    /** The timings of the commands and stages that happened. */
    public List<Timing> timings() {
        List<Timing> out = new ArrayList<>();
        for (int c = 0; c < timings.length; c++) {
            for (Stage stage : Stage.values()) {
                Buckets b = timings[c][stage.ordinal()];
                long[] counts = new long[b.counts.length];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = b.counts[i].sum();
                }
                Timing t = new Timing(c < KNOWN_COMMANDS.size() ? KNOWN_COMMANDS.get(c) : UNKNOWN_COMMAND,
                        stage.label(), counts, b.sumNanos.sum() / 1e9);
                if (t.count() > 0) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** command -> result -> count, only the pairs that happened. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int c = 0; c < counts.length; c++) {
            String command = c < KNOWN_COMMANDS.size() ? KNOWN_COMMANDS.get(c) : UNKNOWN_COMMAND;
            for (Result r : Result.values()) {
                long n = counts[c][r.ordinal()].sum();
                if (n > 0) {
                    out.computeIfAbsent(command, k -> new TreeMap<>()).put(r.label(), n);
                }
            }
        }
        return out;
    }

    /** Datagrams without a cookie: nothing could be answered. */
    public long undecodable() {
        return undecodable.sum();
    }

    public long retransmissions() {
        return retransmissions.sum();
    }

    /** Statistics or list replies cut down to fit a UDP datagram (the reply's warning says what was left out). */
    public long trimmedReplies() {
        return trimmedReplies.sum();
    }

    /** Requests that failed on an unexpected exception, answered {@code Internal error}. */
    public long internalErrors() {
        return internalErrors.sum();
    }

    /** Replies that could not fit a UDP datagram even trimmed, answered with an error instead. */
    public long oversizedReplies() {
        return oversizedReplies.sum();
    }
}
