package org.rtcsip.bench.asterisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rtcsip.bench.run.ResultSheet;

/**
 * The Asterisk path's rows, printed under the comparison table next to the Kamailio path's sidecar numbers: calls
 * per core of media-sidecar + ari-bridge with N calls through Asterisk, and the one-way latency the ExternalMedia
 * path adds to a direct PCMU call through the same Asterisk. The keys are {@link AsteriskPathLoad}'s prefixes
 * {@value #DIRECT} (baseline, one call), {@value #ONE} (one call through the sidecar) and {@value #LOAD}.
 */
public final class AsteriskPathTable {
    static final String DIRECT = "direct.1";
    static final String ONE = "sidecar.1";
    static final String LOAD = "sidecar.load";

    private AsteriskPathTable() {
    }

    /** Markdown rows; {@code kamailio} is the sidecar's sheet of the ng ramps (its transcode-opus-pcmu knee). */
    public static String render(ResultSheet asterisk, ResultSheet kamailio) {
        List<String[]> rows = new ArrayList<>();
        double calls = asterisk.number(LOAD + ".calls");
        double sidecar = asterisk.number(LOAD + ".sidecar-cores");
        double bridge = asterisk.number(LOAD + ".bridge-cores");
        double pbx = asterisk.number(LOAD + ".asterisk-cores");
        rows.add(new String[] {"calls per core (Asterisk path: media-sidecar + ari-bridge, " + n(calls) + " calls up;"
                + " Kamailio path: media-sidecar at its transcode-opus-pcmu knee)",
            n(asterisk.number(LOAD + ".calls-per-core")), n(kamailio.number("transcode-opus-pcmu.knee.calls-per-core"))});
        rows.add(new String[] {"  cores with " + n(calls) + " calls up: media-sidecar / ari-bridge / Asterisk / others",
            n(sidecar) + " / " + n(bridge) + " / " + n(pbx) + " / " + n(asterisk.number(LOAD + ".others-cores")),
            n(kamailio.number("transcode-opus-pcmu.knee.server-cores")) + " (media-sidecar, "
                    + n(kamailio.number("transcode-opus-pcmu.knee.calls")) + " calls)"});
        rows.add(new String[] {"  calls per core counting Asterisk's CPU too", n(calls / (sidecar + bridge + pbx)), "-"});
        for (String dir : List.of("forward", "reverse")) {
            String what = dir.equals("forward") ? "phone->trunk (Opus in, PCMU out)" : "trunk->phone (PCMU in, Opus out)";
            rows.add(new String[] {"one-way latency through Asterisk, one call, " + what + ": p50 / p99, ms",
                pair(asterisk, ONE + "." + dir), "-"});
            rows.add(new String[] {"  the same on a direct PCMU call through Asterisk (baseline)",
                pair(asterisk, DIRECT + "." + dir), "-"});
            rows.add(new String[] {"  added by the ExternalMedia path (difference)",
                diff(asterisk, ONE + "." + dir, DIRECT + "." + dir), "-"});
            rows.add(new String[] {"  with " + n(calls) + " calls up", pair(asterisk, LOAD + "." + dir), "-"});
        }
        rows.add(new String[] {"latency growth over one call (its last 5 bursts minus its first 5, phone->trunk), ms",
            n(asterisk.number(ONE + ".drift-ms")) + " (direct: " + n(asterisk.number(DIRECT + ".drift-ms")) + ", "
                    + n(calls) + " calls: " + n(asterisk.number(LOAD + ".drift-ms")) + ")", "-"});
        rows.add(new String[] {"calls measured / placed (one call, direct, load)",
            n(asterisk.number(ONE + ".calls-measured")) + "/1, " + n(asterisk.number(DIRECT + ".calls-measured"))
                    + "/1, " + n(asterisk.number(LOAD + ".calls-measured")) + "/" + n(calls), "-"});
        StringBuilder out = new StringBuilder("| metric | Asterisk path | Kamailio path (sidecar, above) |\n|---|---|---|\n");
        for (String[] r : rows) {
            out.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return out.toString();
    }

    private static String pair(ResultSheet s, String key) {
        return n(s.number(key + ".p50-ms")) + " / " + n(s.number(key + ".p99-ms"));
    }

    private static String diff(ResultSheet s, String key, String base) {
        return n(s.number(key + ".p50-ms") - s.number(base + ".p50-ms")) + " / "
                + n(s.number(key + ".p99-ms") - s.number(base + ".p99-ms"));
    }

    private static String n(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
