package org.rtcsip.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the sidecar's CPU goes per unit of work (a transcoded frame pair, a relayed packet), from a JDK Flight
 * Recorder file of the sidecar under a held load and the CPU times /proc gave beside it. From /proc: the media
 * loop threads' kernel time (system calls: receive, send, wait) and user time, and the other threads' time (GC,
 * JIT, JFR, ng control, ops). How the loops' Java time divides: JFR's Java samples of the {@code media-loop-*}
 * threads, each put in the category of the innermost frame that names one (JDK frames defer to the code that called
 * them). libopus runs in native code, which these samples do not see (and JFR's native samples take one thread in
 * native per period among all the idle ones: they cannot be weighed against the Java samples), so its part of the
 * loops' user time is not split out; the bare codec's cost timed alone is printed beside it for scale. Issue 13's
 * "profile, written down".
 */
public final class LoopProfile {
    /** Innermost-first: the first prefix a frame's class starts with names the category. */
    static final List<Map.Entry<String, String>> CATEGORIES = List.of(
            Map.entry("io.github.jaredmdobson.concentus", "Opus codec (Concentus)"),
            Map.entry("org.rtcsip.sidecar.codec.FirDecimator", "resampling 48 -> 8 kHz"),
            Map.entry("org.rtcsip.sidecar.codec.G711", "G.711"),
            Map.entry("org.rtcsip.sidecar.codec.", "codec glue (repacketize, packet checks, events)"),
            Map.entry("org.rtcsip.sidecar.net.UringDatagrams", "io_uring rings (submit, complete)"),
            Map.entry("sun.nio.ch.DatagramChannelImpl", "JDK datagram channel"),
            Map.entry("sun.nio.ch.SelectorImpl", "JDK selector"),
            Map.entry("org.jitsi.srtp", "SRTP (jitsi-srtp)"),
            Map.entry("org.rtcsip.sidecar.srtp", "SRTP (jitsi-srtp)"),
            Map.entry("org.rtcsip.sidecar.session.Transcoder", "transcoder (sequence, timing, RTP out)"),
            Map.entry("org.rtcsip.sidecar.session.path", "packet path stages (gates, checks, stats, send)"),
            Map.entry("org.rtcsip.sidecar.session", "session (other)"),
            Map.entry("org.rtcsip.sidecar.rtp", "RTP/RTCP parsing"),
            Map.entry("org.rtcsip.sidecar.rtcp", "RTP/RTCP parsing"),
            Map.entry("org.rtcsip.sidecar.net", "media loop, sockets"),
            Map.entry("org.rtcsip.sidecar.ng", "ng control"));
    static final String OTHER = "other Java (JDK)";

    private final Map<String, Long> byCategory = new LinkedHashMap<>();
    private final Map<String, Long> byLeaf = new TreeMap<>();
    private long samples;

    /** Reads the loop threads' samples of {@code jfr}. */
    public static LoopProfile of(Path jfr) throws IOException {
        LoopProfile p = new LoopProfile();
        for (Map.Entry<String, String> c : CATEGORIES) {
            p.byCategory.putIfAbsent(c.getValue(), 0L);
        }
        p.byCategory.put(OTHER, 0L);
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = e.getThread("sampledThread");
                if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith("media-loop")) {
                    continue;
                }
                p.add(e.getStackTrace());
            }
        }
        return p;
    }

    void add(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
        samples++;
        byCategory.merge(categoryOf(frames), 1L, Long::sum);
        if (!frames.isEmpty()) {
            RecordedFrame leaf = frames.get(0);
            byLeaf.merge(leaf.getMethod().getType().getName() + "." + leaf.getMethod().getName(), 1L, Long::sum);
        }
    }

    static String categoryOf(List<RecordedFrame> innermostFirst) {
        List<String> classes = new ArrayList<>();
        for (RecordedFrame f : innermostFirst) {
            classes.add(f.getMethod().getType().getName());
        }
        return categoryOfClasses(classes);
    }

    static String categoryOfClasses(List<String> innermostFirst) {
        for (String cls : innermostFirst) {
            for (Map.Entry<String, String> c : CATEGORIES) {
                if (cls.startsWith(c.getKey())) {
                    return c.getValue();
                }
            }
        }
        return OTHER;
    }

    public long samples() {
        return samples;
    }

    /**
     * The table: the process's CPU per unit split into the loops' user time (Java and libopus), their kernel time
     * and the other threads (from /proc); then how the loops' Java time divides by category and the
     * {@code topLeaves} hottest innermost methods (shares of JFR's Java samples: a share, not a time, because JFR
     * samples only the threads running Java, so libopus's part of the user time does not show in them).
     *
     * @param serverMicrosPerUnit the whole process's CPU per unit in the held windows
     * @param loopUser            the loop threads' user time as a fraction of the process's CPU (from /proc)
     * @param loopSystem          the loop threads' kernel time, likewise
     * @param codecMicrosPerUnit  libopus's bare cost per unit, timed alone by the generator (0: not transcoding)
     */
    public void print(PrintStream out, String unit, double serverMicrosPerUnit, double loopUser, double loopSystem,
                      double codecMicrosPerUnit, int topLeaves) {
        out.printf(Locale.ROOT, "%-62s %12s %7s%n", "where the sidecar's CPU goes", "us per " + unit, "share");
        row(out, "media loops, user (Java" + (codecMicrosPerUnit > 0 ? " and libopus)" : ")"),
                loopUser * serverMicrosPerUnit, serverMicrosPerUnit);
        if (codecMicrosPerUnit > 0) {
            out.printf(Locale.ROOT, "%-62s %12.1f%n", "  for scale: libopus decode + encode timed alone (bare)",
                    codecMicrosPerUnit);
        }
        row(out, "media loops, kernel (receive, send, wait: system calls)", loopSystem * serverMicrosPerUnit,
                serverMicrosPerUnit);
        row(out, "other threads (JIT, JFR, GC, ng control, ops)",
                Math.max(0, 1 - loopUser - loopSystem) * serverMicrosPerUnit, serverMicrosPerUnit);
        row(out, "total", serverMicrosPerUnit, serverMicrosPerUnit);
        out.println();
        out.printf(Locale.ROOT, "the media loops' Java time by category (%d samples):%n", samples);
        byCategory.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
        out.println("hottest innermost methods:");
        byLeaf.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(topLeaves)
                .forEach(e -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }

    private static void row(PrintStream out, String what, double micros, double serverMicrosPerUnit) {
        out.printf(Locale.ROOT, "%-62s %12.1f %6.1f%%%n", what, micros, 100 * micros / serverMicrosPerUnit);
    }
}
