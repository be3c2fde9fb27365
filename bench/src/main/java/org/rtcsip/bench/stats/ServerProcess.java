package org.rtcsip.bench.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ng server under test, seen from outside: its CPU time and memory from /proc, its heap if it is a JVM. */
public final class ServerProcess {
    private static final Pattern METRICS_HEAP =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+([0-9.eE+]+)");
    private static final Pattern JCMD_USED = Pattern.compile("used (\\d+)([KMG])");

    private final long pid;
    /** More processes counted as the server's CPU (a set of sidecars behind Kamailio, and Kamailio itself). */
    private final long[] alsoCounted;
    private final URI metricsUrl;
    private final boolean jvm;
    private final double ticksPerSecond;

    /** @param metricsUrl the server's Prometheus endpoint, or null */
    public ServerProcess(long pid, URI metricsUrl) {
        this(pid, new long[0], metricsUrl);
    }

    /** @param alsoCounted processes whose CPU is added to {@code pid}'s (one that exited counts no more) */
    public ServerProcess(long pid, long[] alsoCounted, URI metricsUrl) {
        this.pid = pid;
        this.alsoCounted = alsoCounted.clone();
        this.metricsUrl = metricsUrl;
        this.jvm = commandLine(pid).contains("java");
        this.ticksPerSecond = clockTicksPerSecond();
    }

    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return Files.exists(Path.of("/proc/" + pid + "/stat"));
    }

    public double ticksPerSecond() {
        return ticksPerSecond;
    }

    public CpuSample sample() {
        long[] machine = ProcFiles.machineTicks();
        long all = ProcFiles.allProcessesCpuTicks();
        long server = ProcFiles.cpuTicks(pid);
        for (long other : alsoCounted) {
            server += Math.max(0, ProcFiles.cpuTicks(other));
        }
        return new CpuSample(System.nanoTime(), server, ProcFiles.cpuTicks(ProcessHandle.current().pid()),
                all, machine[1], machine[2]);
    }

    public long rssKib() {
        return ProcFiles.rssKib(pid);
    }

    public long pssKib() {
        return ProcFiles.pssKib(pid);
    }

    /**
     * Live heap in KiB and where the number came from: the server's /metrics if it exports
     * {@code jvm_memory_used_bytes{area="heap"}}, else {@code jcmd GC.run} (a full collection, so only live objects
     * remain) then {@code GC.heap_info}. Null for a process that is not a JVM or when neither source answers.
     */
    public HeapReading heapUsed() {
        if (!jvm) {
            return null;
        }
        String metrics = metricsText();
        if (metrics != null) {
            Matcher m = METRICS_HEAP.matcher(metrics);
            double bytes = 0;
            boolean found = false;
            while (m.find()) { // one series per heap pool: add them up
                bytes += Double.parseDouble(m.group(1));
                found = true;
            }
            if (found) {
                return new HeapReading((long) (bytes / 1024), "metrics");
            }
        }
        String gc = jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        if (gc == null || info == null) {
            return null;
        }
        Matcher m = JCMD_USED.matcher(info);
        if (!m.find()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        long kib = switch (m.group(2)) {
            case "G" -> n * 1024 * 1024;
            case "M" -> n * 1024;
            default -> n;
        };
        return new HeapReading(kib, "jcmd GC.run + GC.heap_info (no jvm_memory_used_bytes in /metrics)");
    }

    /** The server's /metrics page, or null without a metrics URL or when it does not answer within 2 s. */
    public String metricsText() {
        if (metricsUrl == null) {
            return null;
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Live heap in KiB, and its source. */
    public record HeapReading(long kib, String source) {
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static double clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100; // USER_HZ on every Linux architecture the JDK runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
