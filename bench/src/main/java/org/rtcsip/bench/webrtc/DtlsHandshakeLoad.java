package org.rtcsip.bench.webrtc;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.bench.run.ResultSheet;
import org.rtcsip.bench.run.RunMode;
import org.rtcsip.bench.stats.CpuSample.CpuLoad;
import org.rtcsip.bench.stats.CpuSample;
import org.rtcsip.bench.stats.LatencyHistogram;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;

/**
 * Scenario {@code dtls-handshakes}: browser calls set up and torn down back to back, {@code K} at a time, each
 * one offer, answer, ICE check, DTLS-SRTP handshake to the SRTP keys, delete ({@link BrowserCall}). After a
 * warm-up, a window bounded in seconds and in handshakes counts the calls whose keys arrived inside it and the
 * server's CPU over it: handshakes per second per server core. Every call that does not reach its keys is
 * counted by reason, warm-up and drain included.
 */
public final class DtlsHandshakeLoad {
    public static final String LABEL = "dtls-handshakes";
    /** A server that failed this many calls before completing one is failing the scenario, not warming up. */
    private static final int GIVE_UP_AFTER_FAILURES = 20;

    /** How long and how hard: {@code callDeadline} bounds one call from its offer to its keys. */
    public record Settings(int callsInFlight, Duration warmup, Duration window, int maxHandshakes,
            Duration callDeadline) {

        public static Settings of(RunMode mode, int callsInFlight) {
            if (callsInFlight < 1) {
                throw new IllegalArgumentException("need at least one call in flight, got " + callsInFlight);
            }
            return mode == RunMode.QUICK
                    ? new Settings(callsInFlight, Duration.ofSeconds(3), Duration.ofSeconds(3), 20_000,
                            Duration.ofSeconds(4))
                    : new Settings(callsInFlight, Duration.ofSeconds(5), Duration.ofSeconds(15), 100_000,
                            Duration.ofSeconds(4));
        }

        String describe() {
            return callsInFlight + " calls in flight, " + warmup.toMillis() / 1000.0 + " s warm-up, window "
                    + window.toMillis() / 1000.0 + " s or " + maxHandshakes + " handshakes";
        }
    }

    private final InetSocketAddress ng;
    private final ServerProcess server;
    private final Settings settings;
    private final PrintStream out;

    // Shared by the workers, under the lock of this object (once per call, never per packet).
    private final LatencyHistogram handshakeTimes = new LatencyHistogram();
    private final LatencyHistogram dtlsTimes = new LatencyHistogram();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final Map<String, String> firstDetail = new LinkedHashMap<>();
    private boolean windowOpen;
    private long windowClosedAt;
    private boolean stop;
    private int attempted;
    private int completed;
    private int completedInWindow;
    private long serverChecks;
    private int iceAnswered;
    private String serverSetup;
    private String suite;
    private String unsupported;

    public DtlsHandshakeLoad(InetSocketAddress ng, ServerProcess server, Settings settings, PrintStream out) {
        this.ng = ng;
        this.server = server;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the scenario and writes {@code dtls-handshakes.*} into {@code sheet}. */
    public void run(ResultSheet sheet) throws InterruptedException {
        String k = LABEL;
        out.println("== " + k + " (offer flags: " + BrowserCall.OFFER_FLAGS + " | answer flags: "
                + BrowserCall.ANSWER_FLAGS + "), " + settings.describe());
        DtlsCertificate certificate = DtlsCertificate.generate(Instant.now()); // ECDSA P-256, as Chromium's
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        List<Thread> workers = new ArrayList<>();
        CpuSample before;
        CpuSample after;
        long windowStart;
        long windowEnd;
        try (DtlsHandshakeThreads threads = new DtlsHandshakeThreads(2 * settings.callsInFlight())) {
            DtlsOptions options = DtlsOptions.defaults();
            for (int w = 0; w < settings.callsInFlight(); w++) {
                int worker = w;
                BrowserCall call = new BrowserCall(certificate, options, threads, new SecureRandom(),
                        settings.callDeadline().toNanos());
                Thread t = new Thread(() -> work(call, runId + "-" + worker), "dtls-browser-" + w);
                t.setDaemon(true);
                workers.add(t);
            }
            long started = System.nanoTime();
            workers.forEach(Thread::start);
            waitUntil(started + settings.warmup().toNanos());
            before = server.sample();
            synchronized (this) {
                windowStart = System.nanoTime();
                windowOpen = !stop;
            }
            waitUntil(windowStart + settings.window().toNanos());
            synchronized (this) {
                windowEnd = windowOpen ? System.nanoTime() : windowClosedAt;
                windowOpen = false;
                stop = true;
            }
            after = server.sample();
            long joinBy = System.nanoTime() + settings.callDeadline().toNanos() + 4_000_000_000L; // + ng retries
            for (Thread t : workers) {
                t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            }
        }
        report(sheet, before.until(after, server.ticksPerSecond()), (windowEnd - windowStart) / 1e9);
    }

    /** Sleeps until {@code until}, or until the workers stop (the window's handshake budget is spent, or failure). */
    private void waitUntil(long until) throws InterruptedException {
        while (System.nanoTime() - until < 0) {
            synchronized (this) {
                if (stop) {
                    return;
                }
            }
            Thread.sleep(5);
        }
    }

    private void work(BrowserCall call, String workerId) {
        try (NgClient client = new NgClient(ng, Duration.ofMillis(1000), 3)) { // one Kamailio worker: 1 s, 3 sends
            for (int n = 0; ; n++) {
                synchronized (this) {
                    if (stop) {
                        return;
                    }
                    attempted++;
                }
                BrowserCall.Outcome o;
                try {
                    o = call.run(client, "dtls-" + workerId + "-" + n);
                } catch (ScenarioUnsupportedException e) {
                    synchronized (this) {
                        count("server cannot run the scenario", e.getMessage());
                        unsupported = e.getMessage();
                        stop = true;
                    }
                    return;
                } catch (RuntimeException e) {
                    o = BrowserCall.Outcome.failed("generator error", e.toString());
                }
                record(o);
                if (o.failureLabel() != null && o.failureLabel().startsWith("ng ")) {
                    Thread.sleep(10); // a refusing server (out of ports, load limit) answers at once: no busy loop
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                count("ng or socket error", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(BrowserCall.Outcome o) {
        if (!o.completed()) {
            count(o.failureLabel(), o.failureDetail());
            if (completed == 0 && sum(failures) >= GIVE_UP_AFTER_FAILURES) {
                stop = true;
            }
            return;
        }
        completed++;
        serverChecks += o.serverChecks();
        iceAnswered += o.iceAnswered() ? 1 : 0;
        serverSetup = o.serverSetup();
        suite = o.suite();
        if (windowOpen) {
            completedInWindow++;
            handshakeTimes.record(o.handshakeNanos());
            dtlsTimes.record(o.dtlsNanos());
            if (completedInWindow >= settings.maxHandshakes()) {
                windowOpen = false; // the count bound: later keys fall outside the window
                windowClosedAt = System.nanoTime();
                stop = true;
            }
        }
    }

    private void count(String label, String detail) {
        failures.merge(label, 1, Integer::sum);
        firstDetail.putIfAbsent(label, detail);
    }

    private static int sum(Map<String, Integer> m) {
        int s = 0;
        for (int v : m.values()) {
            s += v;
        }
        return s;
    }

    private synchronized void report(ResultSheet sheet, CpuLoad cpu, double seconds) {
        String k = LABEL;
        int failed = sum(failures);
        sheet.put(k + ".calls-in-flight", settings.callsInFlight());
        sheet.put(k + ".attempted", attempted);
        sheet.put(k + ".failed", failed);
        sheet.put(k + ".completed", completed);
        if (failed > 0) {
            sheet.put(k + ".failures", failureSummary());
        }
        if (unsupported != null) {
            sheet.put(k + ".status", "skipped: " + unsupported);
            out.println("  skipped: " + unsupported);
            return;
        }
        if (completedInWindow == 0) {
            String why = failed > 0 ? failureSummary() : "no handshake completed in the window";
            sheet.put(k + ".status", "failed: " + why);
            out.println("  failed: " + why + " (" + attempted + " calls attempted)");
            return;
        }
        double perSecond = completedInWindow / seconds;
        sheet.put(k + ".status", "measured");
        sheet.put(k + ".window-s", seconds);
        sheet.put(k + ".window-handshakes", completedInWindow);
        sheet.put(k + ".per-second", perSecond);
        sheet.put(k + ".server-cores", cpu.serverCores());
        sheet.put(k + ".per-core", cpu.serverCores() > 0 ? perSecond / cpu.serverCores() : Double.NaN);
        sheet.put(k + ".generator-cores", cpu.generatorCores());
        sheet.put(k + ".other-cores", cpu.otherCores());
        sheet.put(k + ".p50-ms", handshakeTimes.percentile(0.5) / 1e6);
        sheet.put(k + ".p99-ms", handshakeTimes.percentile(0.99) / 1e6);
        sheet.put(k + ".dtls-p50-ms", dtlsTimes.percentile(0.5) / 1e6);
        sheet.put(k + ".dtls-p99-ms", dtlsTimes.percentile(0.99) / 1e6);
        sheet.put(k + ".server-setup", serverSetup);
        sheet.put(k + ".suite", suite);
        sheet.put(k + ".server-checks-per-call", serverChecks / (double) completed);
        sheet.put(k + ".ice-answered", iceAnswered + "/" + completed);
        out.printf(Locale.ROOT, "  %d handshakes in %.2f s = %.1f/s | server %.2f cores -> %.1f per core"
                + " | generator %.2f cores, others %s | answer->keys p50 %.2f p99 %.2f ms (DTLS alone p50 %.2f"
                + " p99 %.2f ms)%n", completedInWindow, seconds, perSecond, cpu.serverCores(),
                perSecond / cpu.serverCores(), cpu.generatorCores(),
                Double.isNaN(cpu.otherCores()) ? "?" : String.format(Locale.ROOT, "%.2f", cpu.otherCores()),
                handshakeTimes.percentile(0.5) / 1e6, handshakeTimes.percentile(0.99) / 1e6,
                dtlsTimes.percentile(0.5) / 1e6, dtlsTimes.percentile(0.99) / 1e6);
        out.printf(Locale.ROOT, "  server a=setup:%s, suite %s, our check answered on %d of %d calls, %.1f server"
                + " checks per call | %d calls attempted, %d completed, %d failed%s%n", serverSetup, suite,
                iceAnswered, completed, serverChecks / (double) completed, attempted, completed, failed,
                failed > 0 ? ": " + failureSummary() : "");
    }

    /** {@code "timeout 2 (first: ...); DTLS alert_received 1 (first: ...)"}. */
    private String failureSummary() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : failures.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(' ').append(e.getValue())
                    .append(" (first: ").append(firstDetail.get(e.getKey())).append(')');
        }
        return sb.toString();
    }
}
