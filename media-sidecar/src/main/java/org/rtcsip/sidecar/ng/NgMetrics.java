package org.rtcsip.sidecar.ng;

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
    }

    /** The label a command name is counted under: itself if rtpengine knows it, else {@value #UNKNOWN_COMMAND}. */
    static String label(String normalizedCommand) {
        return KNOWN_COMMANDS.contains(normalizedCommand) ? normalizedCommand : UNKNOWN_COMMAND;
    }

    void count(String normalizedCommand, Result result) {
        int index = KNOWN_COMMANDS.indexOf(normalizedCommand);
        counts[index < 0 ? KNOWN_COMMANDS.size() : index][result.ordinal()].increment();
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
