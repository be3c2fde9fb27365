package org.rtcsip.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rtcsip.bench.media.Scenario;
import org.rtcsip.bench.stats.Spread;

/**
 * The one table a run prints: each row a metric, the reference server's value, the sidecar's, and the ratio
 * sidecar/reference written {@code 2.10x}. Higher is better for calls and handshakes; lower is better for CPU,
 * latency, handshake time and memory.
 */
public final class ComparisonTable {
    /** The label of scenario {@code dtls-handshakes} (bench.webrtc.DtlsHandshakeLoad), the prefix of its keys. */
    static final String DTLS = "dtls-handshakes";

    private final ResultSheet reference;
    private final ResultSheet sidecar;
    private final String referenceName;
    private final List<String[]> rows = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    public ComparisonTable(String referenceName, ResultSheet reference, ResultSheet sidecar) {
        this.referenceName = referenceName;
        this.reference = reference;
        this.sidecar = sidecar;
        build();
    }

    /** {@code sidecar / reference} as {@code 2.10x}; "-" when either side is missing or the reference is 0. */
    public static String ratio(double sidecarValue, double referenceValue) {
        if (Double.isNaN(sidecarValue) || Double.isNaN(referenceValue) || referenceValue == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", sidecarValue / referenceValue);
    }

    /** A value with the decimals that suit its size. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    private void build() {
        for (Scenario s : Scenario.values()) {
            String k = s.label();
            String rs = reference.text(k + ".status");
            String ss = sidecar.text(k + ".status");
            note(referenceName, k, rs);
            note("sidecar", k, ss);
            rows.add(new String[] {k + ": knee, calls (loss<=0.1%, p99<=5ms)", knee(reference, k), knee(sidecar, k),
                    measured(rs, ss) ? kneeRatio(k) : "-"});
            row(k + ":   server CPU at knee, cores", k + ".knee.server-cores", true);
            row(k + ":   calls per core", k + ".knee.calls-per-core", true);
            row(k + ":   CPU-s per call-minute", k + ".knee.cpu-s-per-call-minute", true);
            row(k + ":   added latency p99 at knee, ms", k + ".knee.p99-ms", true);
            row(k + ":   generator CPU at knee, cores", k + ".knee.generator-cores", false);
            for (ResultSheet sheet : List.of(reference, sidecar)) {
                double others = sheet.number(k + ".first-failure.other-cores");
                if (others >= 0.2) {
                    notes.add((sheet == reference ? referenceName : "sidecar") + " " + k + ": other processes used "
                            + number(others) + " cores while the first failing step ran; the knee may be noise.");
                }
                if ("true".equals(sheet.text(k + ".knee.generator-behind"))) {
                    notes.add((sheet == reference ? referenceName : "sidecar") + " " + k
                            + ": the generator's pacer ran late at the knee; the knee may be the generator's.");
                }
            }
        }
        equalLoadRows(sidecar, "");
        bareCodecRows(sidecar, "");
        latencyRows("latency", 50);
        latencyRows("latency80", 80);
        row("ng offer+answer round trip p50, ms (" + count("ngrtt.calls") + " calls)", "ngrtt.p50-ms", true);
        row("ng offer+answer round trip p99, ms", "ngrtt.p99-ms", true);
        if (!Double.isNaN(sidecar.number("ngrtt.inside.offer.total-p99-ms"))) {
            // the server's own histogram: a bucket's upper bound, not an exact quantile; rtpengine has none
            for (String command : List.of("offer", "answer")) {
                insideRow("  " + command + " p99 inside the server, ms (at most)",
                        "ngrtt.inside." + command + ".total-p99-ms");
                insideRow("  " + command + " p99 of that waiting for its media loop, ms (at most)",
                        "ngrtt.inside." + command + ".queued-p99-ms");
            }
        }
        row("RSS per session, KiB (VmRSS, 0 -> " + count("memory.sessions") + " sessions)",
                "memory.rss-per-session-kib", true);
        row("PSS per session, KiB (heap mapped once)", "memory.pss-per-session-kib", true);
        row("heap per session, KiB", "memory.heap-per-session-kib", true);
        dtlsRows();
        for (ResultSheet sheet : List.of(reference, sidecar)) {
            double kbps = sheet.number("transcode-opus-pcmu.server-opus-kbps");
            if (!Double.isNaN(kbps)) {
                String modes = sheet.text("transcode-opus-pcmu.server-opus-modes");
                notes.add((sheet == reference ? referenceName : "sidecar") + "'s Opus encoder sent "
                        + number(kbps) + " kbit/s on average" + (modes == null ? "" : ": " + modes) + ".");
            }
        }
        notes.add("memory: a JVM commits its initial heap (-Xms) at start, so the sidecar's RSS barely moves with"
                + " sessions; its heap per session is the figure to compare with the 64 KiB target.");
        String heapSource = sidecar.text("memory.heap-source");
        if (heapSource != null) {
            notes.add("sidecar heap from " + heapSource + "; " + referenceName + " has no heap figure (not a JVM).");
        }
        String opus = sidecar.text("opus.settings") != null ? sidecar.text("opus.settings")
                : reference.text("opus.settings");
        if (opus != null) {
            notes.add("transcoding input: " + opus + ".");
        }
    }

    /**
     * Rows for the sidecar run another way ({@code name}: its Concentus Opus backend, its JDK transport): for each
     * scenario that run measured, its knee, cost and equal-load rows against the same reference, after that
     * scenario's own rows.
     */
    public void addVariant(String name, ResultSheet variant) {
        for (Scenario s : Scenario.values()) {
            String k = s.label();
            String status = variant.text(k + ".status");
            if (status == null && Double.isNaN(variant.number("equal50." + k + ".calls"))) {
                continue;
            }
            String head = k + ":   " + name + ":";
            int at = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i)[0].startsWith(k + ":")) {
                    at = i + 1;
                }
            }
            note("sidecar (" + name + ")", k, status);
            int before = rows.size();
            if (status != null) {
                rows.add(new String[] {head + " knee, calls", knee(reference, k), knee(variant, k),
                        measured(reference.text(k + ".status"), status) ? ratio(variant.number(k + ".knee.calls"),
                                reference.number(k + ".knee.calls")) : "-"});
                for (String[] r : new String[][] {{"calls per core", ".knee.calls-per-core"},
                        {"CPU-s per call-minute", ".knee.cpu-s-per-call-minute"},
                        {"added latency p99 at knee, ms", ".knee.p99-ms"}}) {
                    double ref = reference.number(k + r[1]);
                    double v = variant.number(k + r[1]);
                    rows.add(new String[] {head + " " + r[0], number(ref), number(v), ratio(v, ref)});
                }
            }
            equalLoadRows(variant, name + ": ", s);
            if (s.transcodes()) {
                bareCodecRows(variant, name + ": ");
            }
            List<String[]> added = new ArrayList<>(rows.subList(before, rows.size()));
            rows.subList(before, rows.size()).clear();
            rows.addAll(at, added);
            double kbps = variant.number(k + ".server-opus-kbps");
            if (!Double.isNaN(kbps)) {
                String modes = variant.text(k + ".server-opus-modes");
                notes.add("sidecar (" + name + ")'s Opus encoder sent " + number(kbps) + " kbit/s on average"
                        + (modes == null ? "" : ": " + modes) + ".");
            }
        }
    }

    /** A line for the notes under the table. */
    public void addNote(String line) {
        notes.add(line);
    }

    /** Shares of the smaller knee at which both servers hold the same calls (run.sh: equal25, equal50, equal75). */
    static final int[] EQUAL_LOAD_PERCENTS = HeldLoads.EQUAL_LOAD_PERCENTS;

    /**
     * The headline: both servers holding the same calls, CPU-seconds per call-minute (median of the windows, their
     * range in brackets) and, as {@code advantage}, the reference's CPU over the sidecar's: the factor by which the
     * sidecar does the same work cheaper. Unlike calls per core at the knee, it does not depend on where either
     * ramp's knee fell.
     */
    private void equalLoadRows(ResultSheet side, String variant) {
        for (Scenario s : Scenario.values()) {
            equalLoadRows(side, variant, s);
        }
    }

    private void equalLoadRows(ResultSheet side, String variant, Scenario s) {
        {
            List<Double> advantages = new ArrayList<>();
            for (int percent : EQUAL_LOAD_PERCENTS) {
                String k = "equal" + percent + "." + s.label();
                double calls = side.number(k + ".calls");
                if (Double.isNaN(calls)) {
                    continue;
                }
                String label = s.label() + ":   " + variant + "equal load " + percent + "% of the smaller knee ("
                        + (long) calls + " calls):";
                spreadRow(label + " CPU-s per call-minute", reference, side, k + ".cpu-s-per-call-minute");
                double r = reference.number(k + ".cpu-s-per-call-minute");
                double v = side.number(k + ".cpu-s-per-call-minute");
                if (!Double.isNaN(r) && !Double.isNaN(v) && v > 0) {
                    advantages.add(r / v);
                }
                if (s.transcodes()) {
                    spreadRow(label + " server CPU per call per frame pair, us", reference, side,
                            k + ".us-per-frame-pair");
                }
                spreadRow(label + " added latency p99, ms", reference, side, k + ".p99-ms");
            }
            if (!advantages.isEmpty()) {
                double median = Spread.of(advantages.stream().mapToDouble(Double::doubleValue).toArray()).median();
                rows.add(new String[] {s.label() + ":   " + variant + "EQUAL-LOAD ADVANTAGE, " + referenceName
                        + " CPU / sidecar CPU (median over the loads)", "", "",
                        String.format(Locale.ROOT, "%.2fx", median)});
            }
        }
    }

    /**
     * The transcoding floor: the same Opus backend decoding and encoding one frame pair in the generator's process
     * with nothing around it, against what a call cost the sidecar per frame pair at each equal load.
     */
    private void bareCodecRows(ResultSheet side, String variant) {
        double bare = side.number("codec.bare-us-per-frame-pair");
        if (Double.isNaN(bare)) {
            return;
        }
        String k = Scenario.TRANSCODE_OPUS_PCMU.label();
        Spread spread = new Spread(bare, side.number("codec.bare-us-per-frame-pair.min"),
                side.number("codec.bare-us-per-frame-pair.max"), 3);
        rows.add(new String[] {k + ":   " + variant + "bare " + side.text("codec.bare-backend")
                + " decode+encode per frame pair, us", "-", spread.describe(format(bare)), "-"});
        for (int percent : EQUAL_LOAD_PERCENTS) {
            double perCall = side.number("equal" + percent + "." + k + ".us-per-frame-pair");
            if (!Double.isNaN(perCall)) {
                rows.add(new String[] {k + ":   " + variant + "per-call cost / bare codec at " + percent
                        + "% (target <= 1.2x)", "-", number(perCall) + " / " + number(bare),
                        String.format(Locale.ROOT, "%.2fx", perCall / bare)});
            }
        }
        notes.add("bare codec" + (variant.isEmpty() ? "" : " (" + variant.replace(":", "").trim() + ")") + ": "
                + side.text("codec.bare-settings") + "; timed on the generator's thread CPU clock, median of 3"
                + " runs [range].");
    }

    /**
     * Latency rows at a fixed share of the sidecar's knee, both servers holding the same number of calls: medians
     * of the held windows with their range.
     */
    private void latencyRows(String prefix, int percent) {
        for (Scenario s : Scenario.values()) {
            String k = prefix + "." + s.label();
            double calls = sidecar.number(k + ".calls");
            if (Double.isNaN(calls)) {
                continue;
            }
            String label = s.label() + " at " + percent + "% of sidecar capacity (" + (long) calls + " calls)";
            spreadRow(label + ": added latency p50, ms", reference, sidecar, k + ".p50-ms");
            spreadRow(label + ": added latency p99, ms", reference, sidecar, k + ".p99-ms");
            spreadRow(label + ": jitter, ms", reference, sidecar, k + ".jitter-ms");
            row(label + ": loss, %", k + ".loss", true, 100);
            spreadRow(label + ": server CPU, cores", reference, sidecar, k + ".server-cores");
        }
    }

    /** A row of medians with their range in brackets; the ratio is of the medians. */
    private void spreadRow(String label, ResultSheet ref, ResultSheet side, String key) {
        rows.add(new String[] {label, spreadCell(ref, key), spreadCell(side, key),
                ratio(side.number(key), ref.number(key))});
    }

    private static String spreadCell(ResultSheet sheet, String key) {
        double median = sheet.number(key);
        if (Double.isNaN(median)) {
            return "-";
        }
        double min = sheet.number(key + ".min");
        double max = sheet.number(key + ".max");
        if (Double.isNaN(min) || Double.isNaN(max) || (min == median && max == median)) {
            return number(median);
        }
        return number(median) + " [" + number(min) + "-" + number(max) + "]";
    }

    private static String format(double v) {
        double a = Math.abs(v);
        return a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    }

    /** Scenario dtls-handshakes: browser calls set up to their SRTP keys and deleted, K at a time. */
    private void dtlsRows() {
        String k = DTLS;
        String rs = reference.text(k + ".status");
        String ss = sidecar.text(k + ".status");
        if (rs == null && ss == null) {
            rows.add(new String[] {"DTLS handshakes per second per core", "-", "-", "-"});
            notes.add("DTLS handshakes: not measured in this run (scenario " + k + " not run).");
            return;
        }
        note(referenceName, k, rs);
        note("sidecar", k, ss);
        rows.add(new String[] {"DTLS handshakes per second per core (" + count(k + ".calls-in-flight")
                + " calls in flight)", measuredNumber(reference, k, ".per-core"),
                measuredNumber(sidecar, k, ".per-core"),
                measured(rs, ss) ? ratio(sidecar.number(k + ".per-core"), reference.number(k + ".per-core")) : "-"});
        row(k + ":   handshakes per second", k + ".per-second", true);
        row(k + ":   server CPU, cores", k + ".server-cores", true);
        row(k + ":   handshake time p50, ms (answer -> SRTP keys)", k + ".p50-ms", true);
        row(k + ":   handshake time p99, ms", k + ".p99-ms", true);
        rows.add(new String[] {k + ":   failed / attempted calls", failedOfAttempted(reference, k),
                failedOfAttempted(sidecar, k), "-"});
        row(k + ":   generator CPU, cores", k + ".generator-cores", false);
        for (ResultSheet sheet : List.of(reference, sidecar)) {
            String server = sheet == reference ? referenceName : "sidecar";
            if (sheet.number(k + ".failed") > 0 && sheet.text(k + ".failures") != null) {
                notes.add(server + " " + k + ": " + (long) sheet.number(k + ".failed") + " of "
                        + (long) sheet.number(k + ".attempted") + " calls failed: " + sheet.text(k + ".failures"));
            }
            if (sheet.number(k + ".other-cores") >= 0.2) {
                notes.add(server + " " + k + ": other processes used " + number(sheet.number(k + ".other-cores"))
                        + " cores during the window; handshakes per second may be noise, per core less so.");
            }
        }
        notes.add("DTLS handshakes: each call is offer, answer, the browser's ICE check (and the server's own, if it"
                + " is a full ICE agent), DTLS 1.2 to the SRTP keys (ECDSA P-256 certificates everywhere), close_notify"
                + " and delete; per core = handshakes/s over the server's CPU in the window, ng and ICE work"
                + " included.");
    }

    /** The number under {@code k + suffix} if the scenario was measured, else what became of it. */
    private static String measuredNumber(ResultSheet sheet, String k, String suffix) {
        String status = sheet.text(k + ".status");
        if (status == null) {
            return "-";
        }
        if (!status.equals("measured")) {
            return status.startsWith("skipped") ? "skipped" : "failed";
        }
        return number(sheet.number(k + suffix));
    }

    private static String failedOfAttempted(ResultSheet sheet, String k) {
        double attempted = sheet.number(k + ".attempted");
        double failed = sheet.number(k + ".failed");
        return Double.isNaN(attempted) || Double.isNaN(failed) ? "-" : (long) failed + "/" + (long) attempted;
    }

    private String count(String key) {
        double n = !Double.isNaN(sidecar.number(key)) ? sidecar.number(key) : reference.number(key);
        return Double.isNaN(n) ? "?" : Long.toString((long) n);
    }

    /** A sidecar-only row of its ng histogram: a bound, or "inf" when the quantile fell in the unbounded bucket. */
    private void insideRow(String label, String key) {
        String text = sidecar.text(key);
        rows.add(new String[] {label, "-", "inf".equals(text) ? text : number(sidecar.number(key)), "-"});
    }

    private void row(String label, String key, boolean withRatio) {
        row(label, key, withRatio, 1);
    }

    private void row(String label, String key, boolean withRatio, double scale) {
        double r = reference.number(key) * scale;
        double s = sidecar.number(key) * scale;
        rows.add(new String[] {label, number(r), number(s), withRatio ? ratio(s, r) : "-"});
    }

    /**
     * The knee ratio, with the bound it carries: a sidecar that never failed is at least as good as its last step
     * ({@code >=}); one that failed its first step is below that step ({@code <}).
     */
    private String kneeRatio(String k) {
        String rb = String.valueOf(reference.text(k + ".knee.bound"));
        String sb = String.valueOf(sidecar.text(k + ".knee.bound"));
        double r = reference.number(k + ".knee.calls");
        double s = sidecar.number(k + ".knee.calls");
        if (rb.equals("below") || (rb.equals("at-least") && !sb.equals("below"))) {
            return "-"; // the reference's own knee is unknown, so the ratio has no bound worth printing
        }
        if (sb.equals("below")) {
            return "<" + ratio(sidecar.number(k + ".first-failure.calls"), r);
        }
        return (sb.equals("at-least") ? ">=" : "") + ratio(s, r);
    }

    private static boolean measured(String a, String b) {
        return "measured".equals(a) && "measured".equals(b);
    }

    private static String knee(ResultSheet sheet, String k) {
        String status = sheet.text(k + ".status");
        if (status == null) {
            return "-";
        }
        if (!status.equals("measured")) {
            return status.startsWith("skipped") ? "skipped" : "failed";
        }
        long calls = (long) sheet.number(k + ".knee.calls");
        return switch (String.valueOf(sheet.text(k + ".knee.bound"))) {
            case "at-least" -> ">=" + calls;
            case "below" -> "<" + (long) sheet.number(k + ".first-failure.calls");
            default -> Long.toString(calls);
        };
    }

    private void note(String server, String scenario, String status) {
        if (status != null && !status.equals("measured")) {
            notes.add(server + " " + scenario + ": " + status);
        }
    }

    /** The table, then its notes. */
    public String render() {
        String[] header = {"metric", referenceName, "sidecar", "sidecar/" + referenceName};
        int[] width = new int[4];
        for (String[] r : withHeader(header)) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : withHeader(header)) {
            sb.append(String.format(Locale.ROOT, "%-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %"
                    + width[3] + "s%n", (Object[]) r));
            if (r == header) {
                sb.append("-".repeat(width[0] + width[1] + width[2] + width[3] + 6)).append(System.lineSeparator());
            }
        }
        sb.append(System.lineSeparator()).append("ratio = sidecar/").append(referenceName)
                .append(": higher is better for calls and handshakes, lower for CPU, latency, handshake time, jitter,")
                .append(" loss and memory.")
                .append(System.lineSeparator());
        for (String n : notes) {
            sb.append("- ").append(n).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private List<String[]> withHeader(String[] header) {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
