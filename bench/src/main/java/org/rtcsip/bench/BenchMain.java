package org.rtcsip.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rtcsip.bench.media.Scenario;
import org.rtcsip.bench.run.ComparisonTable;
import org.rtcsip.bench.run.HeldLoads;
import org.rtcsip.bench.run.LoadRun;
import org.rtcsip.bench.run.ResultSheet;
import org.rtcsip.bench.run.RunCharts;
import org.rtcsip.bench.run.RunMode;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.bench.webrtc.DtlsHandshakeLoad;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar bench.jar load|table|jmh ...}: the load generator against one ng server, the comparison
 * table from the result files of several runs, and the JMH micro-benchmarks. {@code bench/run.sh} drives all
 * three.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchMain.Load.class, BenchMain.Table.class, BenchMain.Chart.class, BenchMain.Jmh.class,
                BenchMain.AsteriskPath.class, BenchMain.Profile.class},
        description = "Benchmarks for media-sidecar against rtpengine. See bench/run.sh.")
public final class BenchMain implements Runnable {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH's own options start with '-': hand them over untouched
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Drive one ng server as Kamailio would and measure calls, latency, CPU and memory.")
    static final class Load implements Callable<Integer> {
        @Option(names = "--ng", required = true, description = "the server's ng socket, loopback only: 127.0.0.1:PORT")
        String ng;

        @Option(names = "--server-pid", required = true, description = "pid of the server, for /proc sampling")
        long pid;

        @Option(names = "--metrics-url", description = "the server's Prometheus /metrics, for its heap if exported")
        URI metricsUrl;

        @Option(names = "--mode", defaultValue = "quick", description = "quick (< 1 min a server) or full")
        String mode;

        @Option(names = "--scenarios", split = ",",
                defaultValue = "passthrough-pcmu,sdes-to-rtp,transcode-opus-pcmu,ng-rtt,dtls-handshakes",
                description = "ramps to run, ng-rtt for the ng round trips and memory per session, dtls-handshakes"
                        + " for browser calls set up to their DTLS-SRTP keys")
        List<String> scenarios;

        @Option(names = "--dtls-calls-in-flight", defaultValue = "8",
                description = "dtls-handshakes: browser calls set up at once, each offer to keys to delete")
        int dtlsCallsInFlight;

        @Option(names = {"--hold", "--latency-at"}, description = "SCENARIO:CALLS[:PREFIX], hold that many calls for"
                + " 3 windows and record the median and spread of each figure (sheet keys PREFIX.SCENARIO.*: latency"
                + " by default, latency80 for the 80 %% rows, equal25/50/75 for the equal-load CPU rows)")
        List<String> holds = new ArrayList<>();

        @Option(names = "--equal-load-with", description = "the reference server's result sheet: after the ramps, hold"
                + " 25, 50 and 75 %% of the smaller of its knee and this server's, for each ramped scenario (equal25..."
                + " rows), while this server is warm")
        Path equalLoadWith;

        @Option(names = "--latency-holds", split = ",", defaultValue = "", description = "after the ramps, hold half"
                + " and 80 %% of this server's knee of these scenarios (the latency rows)")
        List<String> latencyHolds;

        @Option(names = "--bare-codec", description = "libopus or concentus: time that Opus backend's decode +"
                + " encode of one frame pair in this process (the floor under the sidecar's transcoding cost)")
        String bareCodec;

        @Option(names = "--opus-bitrate", defaultValue = "32000", description = "for --bare-codec: the sidecar's"
                + " opus-bitrate")
        int opusBitrate;

        @Option(names = "--opus-complexity", defaultValue = "10", description = "for --bare-codec: the sidecar's"
                + " opus-complexity")
        int opusComplexity;

        @Option(names = "--sessions", defaultValue = "1000", description = "sessions for ng-rtt and memory")
        int sessions;

        @Option(names = "--receive-threads", defaultValue = "2", description = "NIO selector threads receiving media")
        int receiveThreads;

        @Option(names = "--max-seconds", defaultValue = "0",
                description = "hard limit on this run; 0 = 150 s quick, 600 s full (the sidecar's full run, ramps and every hold, took just over 400 s once its passthrough knee passed 500 calls)")
        int maxSeconds;

        @Option(names = "--kamailio", description = "set calls up through this Kamailio (127.0.0.1:SIP_PORT, the shipped"
                + " kamailio.cfg) with SIP instead of straight over ng: the scale-out rows; --ng is then one node of its"
                + " rtpengine set, for the start-up ping")
        String kamailio;

        @Option(names = "--split-port", defaultValue = "0", description = "with --kamailio and two sidecars: the first"
                + " media port of the second one's range, by which the placement split is counted")
        int splitPort;

        @Option(names = "--also-counted", split = ",", description = "more pids whose CPU counts as the server's (the"
                + " other sidecars of Kamailio's set)")
        List<Long> alsoCounted = new ArrayList<>();

        @Option(names = "--fault", description = "kill:PID:CALLS or drain:PID:CALLS, with --kamailio: hold CALLS calls,"
                + " then SIGKILL / SIGTERM that sidecar; count the calls that lose media and the new calls that fail"
                + " until one succeeds (sheet keys scaleout.kill.*, scaleout.drain.*)")
        List<String> faults = new ArrayList<>();

        @Option(names = "--out", required = true, description = "result sheet to write (key=value)")
        Path out;

        @Option(names = "--label", defaultValue = "", description = "server name and version, kept in the sheet")
        String label;

        @Override
        public Integer call() throws Exception {
            InetSocketAddress address = loopback(ng);
            RunMode runMode = RunMode.valueOf(mode.toUpperCase(Locale.ROOT));
            int limit = maxSeconds > 0 ? maxSeconds : runMode == RunMode.QUICK ? 150 : 600;
            startWatchdog(limit);
            // jitsi-srtp logs through java.util.logging and picks its AES implementation by timing each one, about a
            // second, on first use: do both now, not on the pacer thread in the middle of a window.
            Logger.getLogger("").setLevel(Level.WARNING);
            for (Handler h : Logger.getLogger("").getHandlers()) {
                h.setLevel(Level.WARNING);
            }
            SrtpSuite.prepareCiphers();
            ServerProcess server = new ServerProcess(pid, alsoCounted.stream().mapToLong(Long::longValue).toArray(),
                    metricsUrl);
            ResultSheet sheet = new ResultSheet();
            sheet.put("server.label", label);
            sheet.put("mode", runMode.label());
            System.out.println("# load generator against " + label + " (pid " + pid + ", ng " + ng + "), "
                    + runMode.describe() + "; " + receiveThreads + " receive threads, 1 pacer thread");
            LoadRun run = new LoadRun(address, server, runMode, receiveThreads, System.out);
            run.awaitPong(15);
            if (kamailio != null) {
                run.throughKamailio(loopback(kamailio), splitPort);
                sheet.put("signalling", "SIP through Kamailio " + kamailio);
            }
            double others = run.otherLoad();
            sheet.put("others-before-start", others);
            System.out.printf(Locale.ROOT, "other processes used %.2f cores in the second before start%s%n", others,
                    others >= 0.2 ? ": expect noise in every number" : "");
            for (String s : scenarios) {
                if (s.isBlank()) {
                    continue;
                }
                if (s.equals("ng-rtt")) {
                    run.sessionsAndRoundTrips(sessions, sheet);
                } else if (s.equals(DtlsHandshakeLoad.LABEL)) {
                    new DtlsHandshakeLoad(address, server, DtlsHandshakeLoad.Settings.of(runMode, dtlsCallsInFlight),
                            System.out).run(sheet);
                } else {
                    Scenario scenario = Scenario.byLabel(s);
                    run.ramp(scenario, sheet);
                }
                sheet.save(out); // keep what is done if a later part hangs
                if (!server.isAlive()) {
                    System.out.println("! the server (pid " + pid + ") has exited");
                    return 2;
                }
            }
            if (bareCodec != null) {
                run.bareCodec(bareCodec, opusBitrate, opusComplexity, sheet);
                sheet.save(out);
            }
            if (equalLoadWith != null) {
                ResultSheet reference = ResultSheet.load(equalLoadWith);
                for (String s : scenarios) {
                    if (Scenario.isMedia(s)) {
                        int smaller = HeldLoads.smallerKnee(sheet, reference, s);
                        for (int percent : HeldLoads.EQUAL_LOAD_PERCENTS) {
                            if (smaller > 0) {
                                run.hold(Scenario.byLabel(s), HeldLoads.share(smaller, percent), sheet,
                                        "equal" + percent);
                                sheet.save(out);
                            }
                        }
                    }
                }
            }
            for (String s : latencyHolds) {
                if (s.isBlank()) {
                    continue;
                }
                for (String[] level : new String[][] {{".half-knee", "latency"}, {".knee80", "latency80"}}) {
                    double calls = sheet.number(s + level[0]);
                    if (!Double.isNaN(calls)) {
                        run.hold(Scenario.byLabel(s), (int) calls, sheet, level[1]);
                        sheet.save(out);
                    }
                }
            }
            for (String spec : holds) {
                String[] p = spec.split(":");
                if (p.length != 2 && p.length != 3) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--hold needs SCENARIO:CALLS or SCENARIO:CALLS:PREFIX, got " + spec);
                }
                run.hold(Scenario.byLabel(p[0]), Integer.parseInt(p[1]), sheet, p.length == 3 ? p[2] : "latency");
                sheet.save(out);
            }
            for (String spec : faults) {
                String[] p = spec.split(":");
                if (p.length != 3 || !(p[0].equals("kill") || p[0].equals("drain")) || kamailio == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--fault needs kill:PID:CALLS or drain:PID:CALLS and --kamailio, got " + spec);
                }
                run.oneLostUnderLoad(Scenario.PASSTHROUGH_PCMU, Integer.parseInt(p[2]), Long.parseLong(p[1]),
                        p[0].equals("kill"), sheet);
                sheet.save(out);
            }
            sheet.save(out);
            return 0;
        }

        private static InetSocketAddress loopback(String hostPort) throws IOException {
            int colon = hostPort.lastIndexOf(':');
            InetAddress a = InetAddress.getByName(hostPort.substring(0, colon).replace("[", "").replace("]", ""));
            if (!a.isLoopbackAddress()) {
                throw new IOException("the generator only sends to loopback; " + hostPort + " is not");
            }
            return new InetSocketAddress(a, Integer.parseInt(hostPort.substring(colon + 1)));
        }

        private static void startWatchdog(int seconds) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(seconds * 1000L);
                    System.out.println("! run took longer than " + seconds + " s: stopping");
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-watchdog");
            t.setDaemon(true);
            t.start();
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Where the media loops' time goes, from a JFR recording of the sidecar under a held load"
                    + " (bench/profile.sh makes one): a table by category, in share and microseconds per unit.")
    static final class Profile implements Callable<Integer> {
        @Option(names = "--jfr", required = true, description = "the recording")
        Path jfr;

        @Option(names = "--unit", required = true, description = "what a unit is, e.g. 'frame pair' or 'packet'")
        String unit;

        @Option(names = "--server-micros-per-unit", required = true,
                description = "the whole server's CPU per unit in the held windows, from the load's result sheet")
        double serverMicrosPerUnit;

        @Option(names = "--loop-user", required = true,
                description = "the media loop threads' user time, as a fraction of the process's CPU (from /proc)")
        double loopUser;

        @Option(names = "--loop-system", required = true,
                description = "the media loop threads' kernel time, as a fraction of the process's CPU (from /proc)")
        double loopSystem;

        @Option(names = "--codec-micros-per-unit", defaultValue = "0",
                description = "libopus's bare cost per unit, measured alone in the same run (0: no transcoding)")
        double codecMicrosPerUnit;

        @Override
        public Integer call() throws Exception {
            org.rtcsip.bench.profile.LoopProfile p = org.rtcsip.bench.profile.LoopProfile.of(jfr);
            if (p.samples() == 0) {
                System.err.println("no media-loop samples in " + jfr);
                return 1;
            }
            p.print(System.out, unit, serverMicrosPerUnit, loopUser, loopSystem, codecMicrosPerUnit, 15);
            return 0;
        }
    }

    @Command(name = "asterisk-path", mixinStandardHelpOptions = true,
            description = "Calls through a running Asterisk on conf-samples/asterisk (with ari-bridge and media-sidecar"
                    + " for Opus callers): one-way latency through it burst by burst, CPU with all calls up.")
    static final class AsteriskPath implements Callable<Integer> {
        @Option(names = "--caller", required = true,
                description = "opus (through ari-bridge and media-sidecar) or pcmu (direct PCMU, the baseline)")
        String caller;

        @Option(names = "--calls", defaultValue = "1", description = "calls at once")
        int calls;

        @Option(names = "--calls-per-second", defaultValue = "2", description = "new calls a second")
        int callsPerSecond;

        @Option(names = "--window", defaultValue = "0", description = "seconds of CPU measurement with all calls up")
        int window;

        @Option(names = "--hold", defaultValue = "3", description = "seconds each call goes on after the window")
        int hold;

        @Option(names = "--sidecar-pid", defaultValue = "-1") long sidecarPid;

        @Option(names = "--bridge-pid", defaultValue = "-1") long bridgePid;

        @Option(names = "--asterisk-pid", required = true) long asteriskPid;

        @Option(names = "--prefix", required = true, description = "key prefix in the result sheet")
        String prefix;

        @Option(names = "--out", required = true, description = "result sheet to add to (key=value)")
        Path out;

        @Override
        public Integer call() throws Exception {
            ResultSheet sheet = out.toFile().exists() ? ResultSheet.load(out) : new ResultSheet();
            new org.rtcsip.bench.asterisk.AsteriskPathLoad(new org.rtcsip.bench.asterisk.AsteriskPathLoad.Options(
                    caller, calls, callsPerSecond, java.time.Duration.ofSeconds(window),
                    java.time.Duration.ofSeconds(hold), sidecarPid, bridgePid, asteriskPid, prefix)).run(sheet);
            sheet.save(out);
            return 0;
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true,
            description = "Print the comparison table from result sheets.")
    static final class Table implements Callable<Integer> {
        @Option(names = "--reference", required = true, split = ",",
                description = "result sheets of the reference server, merged in order")
        List<Path> reference;

        @Option(names = "--reference-name", defaultValue = "rtpengine")
        String referenceName;

        @Option(names = "--sidecar", required = true, split = ",", description = "result sheets of the sidecar")
        List<Path> sidecar;

        @Option(names = "--variant", description = "NAME=FILE: a result sheet of the sidecar run another way (its"
                + " other Opus backend); its transcoding rows are printed against the same reference")
        List<String> variants = new ArrayList<>();

        @Option(names = "--note", description = "a line for the notes under the table (how each server was set up)")
        List<String> notes = new ArrayList<>();

        @Option(names = "--asterisk", description = "the asterisk-path sheet: its rows are printed under the table")
        Path asterisk;

        @Override
        public Integer call() throws IOException {
            ComparisonTable table = new ComparisonTable(referenceName, merged(reference), merged(sidecar));
            for (String v : variants) {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--variant needs NAME=FILE: " + v);
                }
                Path file = Path.of(v.substring(eq + 1));
                if (file.toFile().exists()) {
                    table.addVariant(v.substring(0, eq), merged(List.of(file)));
                }
            }
            notes.forEach(table::addNote);
            System.out.print(table.render());
            if (asterisk != null && asterisk.toFile().exists()) {
                System.out.println();
                System.out.println("the Asterisk path (issue 10): Opus phone -> Asterisk -> ari-bridge + media-sidecar"
                        + " (two ExternalMedia WebSocket legs) -> PCMU trunk");
                System.out.print(org.rtcsip.bench.asterisk.AsteriskPathTable.render(ResultSheet.load(asterisk),
                        merged(sidecar)));
            }
            return 0;
        }

        static ResultSheet merged(List<Path> files) throws IOException {
            ResultSheet all = new ResultSheet();
            for (Path f : files) {
                if (f.toFile().exists()) {
                    all.putAll(ResultSheet.load(f));
                }
            }
            return all;
        }
    }

    @Command(name = "chart", mixinStandardHelpOptions = true,
            description = "Draw the run's pictures from result sheets: PREFIX-cpu.png (server CPU against calls, knees"
                    + " marked) and PREFIX-latency.png (added-latency CDFs at 50 and 80 %% of the sidecar's knee).")
    static final class Chart implements Callable<Integer> {
        @Option(names = "--reference", required = true, split = ",")
        List<Path> reference;

        @Option(names = "--reference-name", defaultValue = "rtpengine")
        String referenceName;

        @Option(names = "--sidecar", required = true, split = ",")
        List<Path> sidecar;

        @Option(names = "--variant", description = "NAME=FILE, as for table")
        List<String> variants = new ArrayList<>();

        @Option(names = "--out", required = true, description = "file name prefix")
        String out;

        @Override
        public Integer call() throws IOException {
            RunCharts charts = new RunCharts(referenceName, Table.merged(reference), Table.merged(sidecar));
            for (String v : variants) {
                int eq = v.indexOf('=');
                Path file = Path.of(v.substring(eq + 1));
                if (eq > 0 && file.toFile().exists()) {
                    charts.addVariant(v.substring(0, eq), Table.merged(List.of(file)));
                }
            }
            for (Path p : charts.write(out)) {
                System.out.println("chart: " + p);
            }
            return 0;
        }
    }

    /** Listed for --help only: {@link #main} hands {@code jmh ...} to JMH before picocli sees it. */
    @Command(name = "jmh", description = "Run the JMH micro-benchmarks; the arguments go to JMH (try jmh -h, jmh -l).")
    static final class Jmh implements Runnable {
        @Parameters(arity = "0..*")
        List<String> args = new ArrayList<>();

        @Override
        public void run() {
            // not reached
        }
    }
}
