package org.rtcsip.bench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.bench.audio.OpusFrames;
import org.rtcsip.bench.media.CallFleet;
import org.rtcsip.bench.media.CallSignalling;
import org.rtcsip.bench.media.NgSignalling;
import org.rtcsip.bench.sip.SipSignalling;
import org.rtcsip.bench.media.Scenario;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.bench.stats.LatencyHistogram;
import org.rtcsip.bench.stats.ServerNgTimings;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.bench.stats.ServerProcess.HeapReading;
import org.rtcsip.bench.stats.Spread;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgRefusedException;

/** Every measurement against one ng server, written to a {@link ResultSheet} and narrated on {@code out}. */
public final class LoadRun {
    private static final int FIRST_LOCAL_PORT = 40000;
    private static final int LAST_LOCAL_PORT = 59998;

    private final InetSocketAddress ng;
    private final ServerProcess server;
    private final RunMode mode;
    private final int receiveLoops;
    private final PrintStream out;
    private final FrameSet pcmuCaller = FrameSet.pcmu(5, 1);
    private final FrameSet pcmuCallee = FrameSet.pcmu(5, 2);
    private FrameSet opus;
    private InetSocketAddress kamailio;
    private int splitPort;

    public LoadRun(InetSocketAddress ng, ServerProcess server, RunMode mode, int receiveLoops, PrintStream out) {
        this.ng = ng;
        this.server = server;
        this.mode = mode;
        this.receiveLoops = receiveLoops;
        this.out = out;
    }

    /** CPU that processes other than the server and this generator use now, over one second, in cores. */
    public double otherLoad() throws InterruptedException {
        var before = server.sample();
        Thread.sleep(1000);
        return before.until(server.sample(), server.ticksPerSecond()).otherCores();
    }

    /** Pings until the server answers {@code pong}, as Kamailio's first worker does at start-up. */
    public void awaitPong(int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (NgClient client = new NgClient(ng, Duration.ofMillis(250), 1)) {
            while (true) {
                try {
                    client.request(Map.of("command", "ping"));
                    return;
                } catch (IOException | NgRefusedException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("no pong from " + ng + " within " + seconds + " s: " + e.getMessage());
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /**
     * Ramps {@code scenario} to its knee and records it, with the loads the later holds use: half the knee and
     * 80 % of it (the latency target's load).
     */
    public void ramp(Scenario scenario, ResultSheet sheet) throws InterruptedException {
        String k = scenario.label();
        FrameSet callerFrames = callerFrames(scenario, sheet);
        if (callerFrames == null) {
            return;
        }
        out.println("== " + k + " ramp (offer flags: " + scenario.offerFlags() + " | answer flags: "
                + scenario.answerFlags() + ")");
        Ramp ramp = new Ramp(mode, server, out);
        try (CallFleet fleet = fleet(scenario, callerFrames)) {
            Ramp.Outcome o = ramp.run(fleet, mode.startCalls(scenario));
            out.println("  -> " + o.stopReason());
            sheet.put(k + ".status", "measured");
            sheet.put(k + ".stop-reason", o.stopReason());
            sheet.put(k + ".steps", o.steps().size());
            for (int i = 0; i < o.steps().size(); i++) {
                StepResult step = o.steps().get(i);
                sheet.put(k + ".step." + i + ".calls", step.calls());
                sheet.put(k + ".step." + i + ".server-cores", step.cpu().serverCores());
                sheet.put(k + ".step." + i + ".p99-ms", StepResult.ms(step.media().latency().percentile(0.99)));
                sheet.put(k + ".step." + i + ".passed", Boolean.toString(step.passes()));
            }
            if (o.firstFailure() != null) {
                sheet.put(k + ".first-failure.calls", o.firstFailure().calls());
                sheet.put(k + ".first-failure.other-cores", o.firstFailure().cpu().otherCores());
            }
            StepResult knee = o.knee();
            if (kamailio != null && splitPort > 0) {
                int[] placed = fleet.placement(splitPort);
                sheet.put(k + ".last-step.placed-first", placed[0]);
                sheet.put(k + ".last-step.placed-second", placed[1]);
            }
            sheet.put(k + ".knee.bound", knee == null ? "below" : o.kneeIsLowerBound() ? "at-least" : "exact");
            sheet.put(k + ".knee.calls", knee == null ? 0 : knee.calls());
            if (knee != null) {
                putStep(sheet, k + ".knee", knee);
                sheet.put(k + ".knee.calls-per-core", knee.callsPerCore());
                sheet.put(k + ".knee.cpu-s-per-call-minute", knee.cpuSecondsPerCallMinute());
                sheet.put(k + ".knee.generator-behind", Boolean.toString(knee.generatorBehind()));
                sheet.put(k + ".half-knee", Math.max(1, knee.calls() / 2));
                sheet.put(k + ".knee80", Math.max(1, knee.calls() * 4 / 5));
                if (scenario.transcodes()) {
                    double bytes = knee.media().callerPayloadMean();
                    String modes = fleet.callerOpusModes().describe();
                    sheet.put(k + ".server-opus-kbps", bytes * 8 * 50 / 1000);
                    sheet.put(k + ".server-opus-modes", modes);
                    out.printf(Locale.ROOT, "  the server's Opus frames: %.1f bytes on average, %.1f kbit/s, %s%n",
                            bytes, bytes * 0.4, modes);
                }
            }
        } catch (ScenarioUnsupportedException e) {
            skip(sheet, k, "skipped: " + e.getMessage());
        } catch (IOException e) {
            fail(sheet, k, e);
        }
    }

    /**
     * Holds {@code calls} calls of {@code scenario} for {@link RunMode#windows} windows in a row and records, under
     * {@code prefix.<scenario>}, the median of each figure with the range the windows spanned ({@code .min},
     * {@code .max}): {@code latency} at half the sidecar's knee, {@code latency80} at 80 %, {@code equal25} and so
     * on at a share of the smaller knee of the two servers (the equal-load CPU rows).
     */
    public void hold(Scenario scenario, int calls, ResultSheet sheet, String prefix) throws InterruptedException {
        FrameSet callerFrames = callerFrames(scenario, sheet);
        if (callerFrames == null) {
            return;
        }
        String k = prefix + "." + scenario.label();
        out.println("== " + scenario.label() + " held at " + calls + " calls (" + prefix + "), " + mode.windows
                + " windows of " + mode.measureSeconds + " s");
        try (CallFleet fleet = fleet(scenario, callerFrames)) {
            Ramp ramp = new Ramp(mode, server, out);
            List<StepResult> windows = new ArrayList<>();
            for (int i = 0; i < mode.windows; i++) {
                windows.add(ramp.step(fleet, calls, mode.measureSeconds));
            }
            sheet.put(k + ".status", "measured");
            putHeld(sheet, k, calls, windows);
            if (kamailio != null && splitPort > 0) {
                int[] placed = fleet.placement(splitPort);
                sheet.put(k + ".placed-first", placed[0]);
                sheet.put(k + ".placed-second", placed[1]);
                out.println("  placed by Kamailio: " + placed[0] + " on the first sidecar, " + placed[1]
                        + " on the second");
            }
        } catch (ScenarioUnsupportedException e) {
            sheet.put(k + ".status", "skipped: " + e.getMessage());
            out.println("  skipped: " + e.getMessage());
        } catch (NgRefusedException e) {
            sheet.put(k + ".status", "refused: " + e.getMessage());
            out.println("  refused: " + e.getMessage());
        } catch (IOException e) {
            sheet.put(k + ".status", "failed: " + e.getMessage());
            out.println("  failed: " + e.getMessage());
        }
    }

    /** Quantiles a latency CDF is drawn through (the charts). */
    static final double[] CDF_QUANTILES = {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98,
            0.99, 0.995, 0.999};

    private static void putHeld(ResultSheet sheet, String k, int calls, List<StepResult> windows) {
        sheet.put(k + ".calls", calls);
        sheet.put(k + ".windows", windows.size());
        spread(sheet, k + ".p50-ms", windows, s -> StepResult.ms(s.media().latency().percentile(0.5)));
        spread(sheet, k + ".p99-ms", windows, s -> StepResult.ms(s.media().latency().percentile(0.99)));
        spread(sheet, k + ".p999-ms", windows, s -> StepResult.ms(s.media().latency().percentile(0.999)));
        spread(sheet, k + ".jitter-ms", windows, s -> StepResult.ms(s.media().jitterMeanNanos()));
        spread(sheet, k + ".loss", windows, s -> s.media().lossFraction());
        spread(sheet, k + ".server-cores", windows, s -> s.cpu().serverCores());
        spread(sheet, k + ".generator-cores", windows, s -> s.cpu().generatorCores());
        spread(sheet, k + ".other-cores", windows, s -> s.cpu().otherCores());
        spread(sheet, k + ".cpu-s-per-call-minute", windows, StepResult::cpuSecondsPerCallMinute);
        spread(sheet, k + ".us-per-frame-pair", windows, StepResult::cpuMicrosPerFramePair);
        // the CDF of the window whose p99 is the median one: a real window's shape, not a blend
        List<StepResult> byP99 = new ArrayList<>(windows);
        byP99.sort(java.util.Comparator.comparingLong(s -> s.media().latency().percentile(0.99)));
        LatencyHistogram h = byP99.get(byP99.size() / 2).media().latency();
        StringBuilder cdf = new StringBuilder();
        for (double q : CDF_QUANTILES) {
            cdf.append(cdf.length() == 0 ? "" : ",").append(q).append(':')
                    .append(String.format(Locale.ROOT, "%.4f", StepResult.ms(h.percentile(q))));
        }
        sheet.put(k + ".cdf", cdf.toString());
    }

    private static void spread(ResultSheet sheet, String key, List<StepResult> windows,
                               java.util.function.ToDoubleFunction<StepResult> f) {
        Spread s = Spread.of(windows.stream().mapToDouble(f).toArray());
        sheet.put(key, s.median());
        sheet.put(key + ".min", s.min());
        sheet.put(key + ".max", s.max());
    }

    /**
     * What the sidecar's transcoding would cost with nothing around the codec: libopus (or Concentus) decoding the
     * caller's Opus frames to 8 kHz and encoding the callee's audio with the sidecar's own encoder settings toward
     * this caller, one frame pair after another on this thread, timed by this thread's CPU clock (so other
     * processes on the machine do not count). Recorded as {@code codec.bare-us-per-frame-pair} with its spread.
     */
    public void bareCodec(String backend, int bitrate, int complexity, ResultSheet sheet) {
        FrameSet callerFrames = callerFrames(Scenario.TRANSCODE_OPUS_PCMU, sheet);
        if (callerFrames == null) {
            return;
        }
        try {
            BareCodecCost cost = BareCodecCost.measure(backend, callerFrames, pcmuCallee,
                    Scenario.TRANSCODE_OPUS_PCMU.callerOpusFmtp(), bitrate, complexity, mode.windows);
            sheet.put("codec.bare-backend", cost.backend());
            sheet.put("codec.bare-settings", cost.settings());
            sheet.put("codec.bare-us-per-frame-pair", cost.microsPerFramePair().median());
            sheet.put("codec.bare-us-per-frame-pair.min", cost.microsPerFramePair().min());
            sheet.put("codec.bare-us-per-frame-pair.max", cost.microsPerFramePair().max());
            sheet.put("codec.bare-decode-us", cost.decodeMicros().median());
            sheet.put("codec.bare-encode-us", cost.encodeMicros().median());
            out.printf(Locale.ROOT, "== bare codec (%s, %s): %s us per frame pair (decode %.1f + encode %.1f),"
                    + " median of %d runs of %d frame pairs, this thread's CPU time%n", cost.backend(), cost.settings(),
                    cost.microsPerFramePair().describe("%.1f"), cost.decodeMicros().median(),
                    cost.encodeMicros().median(), mode.windows, BareCodecCost.FRAME_PAIRS);
        } catch (RuntimeException e) {
            sheet.put("codec.bare-status", "failed: " + e.getMessage());
            out.println("== bare codec: failed: " + e.getMessage());
        }
    }

    /**
     * Sets up {@code sessions} calls one after another (the ng offer + answer round trip of each is timed),
     * sends three frames each way on each so the server latches and builds its per-stream state, and weighs
     * the server before and after: RSS, PSS and, for a JVM, live heap.
     */
    public void sessionsAndRoundTrips(int sessions, ResultSheet sheet) throws InterruptedException {
        out.println("== ng offer+answer round trips and memory, 0 -> " + sessions + " sessions (passthrough-pcmu,"
                + " idle after 3 frames each way)");
        try (CallFleet fleet = fleet(Scenario.PASSTHROUGH_PCMU, pcmuCaller)) {
            Thread.sleep(500);
            HeapReading heapBefore = server.heapUsed();
            long rssBefore = server.rssKib();
            long pssBefore = server.pssKib();
            ServerNgTimings ngBefore = ServerNgTimings.parse(server.metricsText());
            fleet.openIdle(sessions);
            ServerNgTimings inside = ServerNgTimings.parse(server.metricsText()).since(ngBefore);
            fleet.primeIdle(3);
            Thread.sleep(1000);
            long rssAfter = server.rssKib();
            long pssAfter = server.pssKib();
            HeapReading heapAfter = server.heapUsed();
            int reached = fleet.idlePartiesReached();
            fleet.closeIdle();

            roundTrips(sheet, "ngrtt", fleet.setupRoundTrips);
            roundTrips(sheet, "ngrtt.offer", fleet.offerRoundTrips);
            roundTrips(sheet, "ngrtt.answer", fleet.answerRoundTrips);
            roundTrips(sheet, "ngrtt.delete", fleet.deleteRoundTrips);
            sheet.put("ngrtt.calls", fleet.setupRoundTrips.count());
            out.printf(Locale.ROOT, "  offer+answer round trip over %d calls: p50 %.3f ms, p99 %.3f ms, max %.3f ms"
                    + " (offer p50 %.3f, answer p50 %.3f, delete p50 %.3f ms)%n", fleet.setupRoundTrips.count(),
                    ms(fleet.setupRoundTrips.percentile(0.5)), ms(fleet.setupRoundTrips.percentile(0.99)),
                    ms(fleet.setupRoundTrips.max()), ms(fleet.offerRoundTrips.percentile(0.5)),
                    ms(fleet.answerRoundTrips.percentile(0.5)), ms(fleet.deleteRoundTrips.percentile(0.5)));
            serverNgTimings(inside, sheet);

            sheet.put("memory.sessions", sessions);
            sheet.put("memory.parties-reached", reached);
            sheet.put("memory.rss-before-kib", rssBefore);
            sheet.put("memory.rss-after-kib", rssAfter);
            sheet.put("memory.rss-per-session-kib", (rssAfter - rssBefore) / (double) sessions);
            sheet.put("memory.pss-before-kib", pssBefore);
            sheet.put("memory.pss-after-kib", pssAfter);
            if (pssBefore >= 0 && pssAfter >= 0) {
                sheet.put("memory.pss-per-session-kib", (pssAfter - pssBefore) / (double) sessions);
            }
            out.printf(Locale.ROOT, "  RSS %d -> %d KiB, PSS %d -> %d KiB; %d of %d parties got media back%n",
                    rssBefore, rssAfter, pssBefore, pssAfter, reached, 2 * sessions);
            if (heapBefore != null && heapAfter != null) {
                sheet.put("memory.heap-per-session-kib", (heapAfter.kib() - heapBefore.kib()) / (double) sessions);
                sheet.put("memory.heap-source", heapAfter.source());
                out.printf(Locale.ROOT, "  live heap %d -> %d KiB (%s)%n", heapBefore.kib(), heapAfter.kib(),
                        heapAfter.source());
            } else {
                sheet.put("memory.heap-source", "not a JVM");
            }
        } catch (ScenarioUnsupportedException | NgRefusedException | IOException e) {
            sheet.put("ngrtt.status", "failed: " + e.getMessage());
            out.println("  failed: " + e.getMessage());
        }
    }

    /**
     * The server's own view of the offers and answers just timed, if it exports one (the sidecar's
     * sidecar_ng_request_seconds): bucket bounds, not exact quantiles. A round-trip p99 well above the server's own
     * is spent outside it (sockets, scheduling, the generator); a large queued p99 is control work waiting behind a
     * media loop.
     */
    private void serverNgTimings(ServerNgTimings inside, ResultSheet sheet) {
        if (inside.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("  inside the server (its sidecar_ng_request_seconds, bucket bounds):");
        for (String command : List.of("offer", "answer")) {
            double total = inside.quantileBoundMs(command, "total", 0.99);
            double queued = inside.quantileBoundMs(command, "queued", 0.99);
            putBound(sheet, "ngrtt.inside." + command + ".total-p99-ms", total);
            putBound(sheet, "ngrtt.inside." + command + ".queued-p99-ms", queued);
            line.append(String.format(Locale.ROOT, " %s p50 <= %s, p99 <= %s ms (waiting for its loop: p99 <= %s ms);",
                    command, bound(inside.quantileBoundMs(command, "total", 0.5)), bound(total), bound(queued)));
        }
        out.println(line.substring(0, line.length() - 1));
    }

    private static void putBound(ResultSheet sheet, String key, double ms) {
        if (Double.isInfinite(ms)) {
            sheet.put(key, "inf");
        } else {
            sheet.put(key, ms);
        }
    }

    private static String bound(double ms) {
        return Double.isInfinite(ms) ? "inf" : String.format(Locale.ROOT, "%.2f", ms);
    }

    private CallFleet fleet(Scenario scenario, FrameSet callerFrames) throws IOException {
        CallSignalling signalling = kamailio != null ? new SipSignalling(kamailio) : new NgSignalling(ng);
        return new CallFleet(signalling, scenario, callerFrames, pcmuCallee, receiveLoops, FIRST_LOCAL_PORT,
                LAST_LOCAL_PORT);
    }

    /**
     * Sets calls up through Kamailio with SIP ({@code address}: its SIP port) instead of straight over ng: the
     * scale-out rows, where Kamailio spreads calls over an rtpengine set of sidecars.
     *
     * @param splitPort with two sidecars, the first port of the second one's range: calls are told apart by it
     */
    public void throughKamailio(InetSocketAddress address, int splitPort) {
        this.kamailio = address;
        this.splitPort = splitPort;
    }

    /**
     * Scale-out under load: holds {@code calls} calls through Kamailio, then ends the sidecar with pid {@code pid}:
     * killed (SIGKILL: its calls lose their media) or drained (SIGTERM: it serves its calls and refuses new ones);
     * counts the calls whose media stopped in the 2 s after, then sets new calls up one after another, at most 20 s:
     * how many failed before one succeeded and when (Kamailio times a dead node out, disables it and sends the
     * offer to the survivor; a draining one answers at once).
     */
    public void oneLostUnderLoad(Scenario scenario, int calls, long pid, boolean kill, ResultSheet sheet)
            throws InterruptedException {
        String how = kill ? "kill" : "drain";
        String k = "scaleout." + how;
        FrameSet callerFrames = callerFrames(scenario, sheet);
        if (callerFrames == null) {
            return;
        }
        out.println("== " + scenario.label() + ": " + calls + " calls through Kamailio, then sidecar pid " + pid
                + (kill ? " is killed (SIGKILL)" : " is drained (SIGTERM)"));
        try (CallFleet fleet = fleet(scenario, callerFrames)) {
            fleet.grow(calls);
            int[] placed = fleet.placement(splitPort);
            Thread.sleep(2000);
            long faultAt = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            // new calls right away, one after another: those Kamailio sends to the lost node wait for its timeout
            // (killed) or come back as refused (draining) before the survivor takes them
            int fresh = Math.max(4, calls / 2);
            int failedNew = 0;
            long slowestSetupNanos = 0;
            long allUpNanos = -1;
            long deadline = faultAt + 20_000_000_000L;
            while (fleet.size() < calls + fresh && System.nanoTime() < deadline) {
                long t = System.nanoTime();
                try {
                    fleet.grow(fleet.size() + 1);
                    slowestSetupNanos = Math.max(slowestSetupNanos, System.nanoTime() - t);
                } catch (IOException | NgRefusedException e) {
                    failedNew++;
                    Thread.sleep(100);
                }
            }
            if (fleet.size() == calls + fresh) {
                allUpNanos = System.nanoTime() - faultAt;
            }
            int[] placedAll = fleet.placement(splitPort);
            // the calls held before the fault whose media stopped: nothing received in a second, 1 s after it
            Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - faultAt) / 1_000_000));
            long[] mid = fleet.receivedPerCall();
            Thread.sleep(1000);
            long[] after = fleet.receivedPerCall();
            int silent = 0;
            for (int i = 0; i < calls; i++) {
                if (after[i] == mid[i]) {
                    silent++;
                }
            }
            sheet.put(k + ".status", "measured");
            sheet.put(k + ".calls", calls);
            sheet.put(k + ".placed-first", placed[0]);
            sheet.put(k + ".placed-second", placed[1]);
            sheet.put(k + ".calls-failed", silent);
            sheet.put(k + ".new-calls", fresh);
            sheet.put(k + ".new-calls-failed", failedNew);
            sheet.put(k + ".new-placed-first", placedAll[0] - placed[0]);
            sheet.put(k + ".new-placed-second", placedAll[1] - placed[1]);
            sheet.put(k + ".new-call-setup-max-ms", slowestSetupNanos / 1e6);
            sheet.put(k + ".recovered-ms", allUpNanos < 0 ? Double.NaN : allUpNanos / 1e6);
            out.printf(Locale.ROOT, "  placed %d / %d; after the %s %d of the held calls lost their media; of %d new calls"
                    + " %d failed, %d / %d placed, slowest set-up %.0f ms, all up %.0f ms after the %s%n", placed[0],
                    placed[1], how, silent, fresh, failedNew, placedAll[0] - placed[0], placedAll[1] - placed[1],
                    slowestSetupNanos / 1e6, allUpNanos < 0 ? Double.NaN : allUpNanos / 1e6, how);
        } catch (ScenarioUnsupportedException | NgRefusedException | IOException e) {
            sheet.put(k + ".status", "failed: " + e.getMessage());
            out.println("  failed: " + e.getMessage());
        }
    }

    /** What the caller sends; null (and the scenario marked skipped) if Opus is needed and Concentus is absent. */
    private FrameSet callerFrames(Scenario scenario, ResultSheet sheet) {
        if (!scenario.transcodes()) {
            return pcmuCaller;
        }
        if (opus == null) {
            if (!OpusFrames.available()) {
                skip(sheet, scenario.label(), "skipped: Concentus (io.github.jaredmdobson:concentus) is not on the"
                        + " class path, so the generator has no Opus frames to send");
                return null;
            }
            long t = System.nanoTime();
            opus = OpusFrames.encode(OpusFrames.DEFAULT, 2, 3);
            out.printf(Locale.ROOT, "(encoded %d Opus frames in %.0f ms: %s)%n", opus.size(),
                    (System.nanoTime() - t) / 1e6, OpusFrames.DEFAULT);
        }
        sheet.put("opus.settings", OpusFrames.DEFAULT.toString());
        return opus;
    }

    private void skip(ResultSheet sheet, String key, String reason) {
        sheet.put(key + ".status", reason);
        out.println("== " + key + ": " + reason);
    }

    private void fail(ResultSheet sheet, String key, Exception e) {
        sheet.put(key + ".status", "failed: " + e.getMessage());
        out.println("  failed: " + e);
    }

    private static void putStep(ResultSheet sheet, String k, StepResult s) {
        sheet.put(k + ".calls", s.calls());
        sheet.put(k + ".p50-ms", StepResult.ms(s.media().latency().percentile(0.5)));
        sheet.put(k + ".p99-ms", StepResult.ms(s.media().latency().percentile(0.99)));
        sheet.put(k + ".loss", s.media().lossFraction());
        sheet.put(k + ".jitter-ms", StepResult.ms(s.media().jitterMeanNanos()));
        sheet.put(k + ".server-cores", s.cpu().serverCores());
        sheet.put(k + ".generator-cores", s.cpu().generatorCores());
        sheet.put(k + ".other-cores", s.cpu().otherCores());
        sheet.put(k + ".machine-steal", s.cpu().machineSteal());
    }

    private static void roundTrips(ResultSheet sheet, String k, LatencyHistogram h) {
        sheet.put(k + ".p50-ms", ms(h.percentile(0.5)));
        sheet.put(k + ".p99-ms", ms(h.percentile(0.99)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
