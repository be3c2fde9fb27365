package org.rtcsip.bench.asterisk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtcsip.bench.run.ResultSheet;
import org.rtcsip.bench.stats.ProcFiles;
import org.rtcsip.bench.stats.ServerProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.sipp.SippProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;

/**
 * Calls through a running Asterisk on conf-samples/asterisk (ARI 127.0.0.1:8088, SIP 127.0.0.1:5080), the load of
 * {@code bench.jar asterisk-path}: sipp phones call 300, which [from-webrtc] and [from-kamailio] send to the PCMU
 * trunk, a sipp UAS on 127.0.0.1:5090. Either an Opus-only phone (endpoint {@code opus-phone}, 127.0.0.1:5092): the
 * AGI hook routes it through ari-bridge and media-sidecar, two ExternalMedia WebSocket legs and two bridges; or a
 * PCMU phone from Kamailio's address (endpoint {@code kamailio}, 127.0.0.1:5060): a plain PCMU call Asterisk bridges
 * itself, the baseline. Both ends play {@link BurstTone} bursts (1000 Hz from the phone, 440 Hz from the trunk);
 * tcpdump on lo records every packet into and out of Asterisk, so each burst's one-way latency through Asterisk (and
 * whatever it routes through) is measured between its onset in and its onset out, in kernel capture time. With all
 * calls up, /proc gives the CPU of media-sidecar, ari-bridge and Asterisk over a window.
 */
public final class AsteriskPathLoad {
    private static final int TRUNK_SIP = 5090;
    private static final Map<String, Integer> CALLER_SIP = Map.of("opus", 5092, "pcmu", 5060);
    private static final Pattern ACTIVE_CALLS = Pattern.compile("(?m)^ari_bridge_active_calls\\s+(\\S+)");

    /** What to run. */
    public record Options(String caller, int calls, int callsPerSecond, Duration window, Duration hold,
            long sidecarPid, long bridgePid, long asteriskPid, String prefix) {
    }

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AsteriskPathLoad(Options options) {
        if (!CALLER_SIP.containsKey(options.caller())) {
            throw new IllegalArgumentException("caller is opus or pcmu, got " + options.caller());
        }
        this.o = options;
    }

    /** Runs the calls, prints what it measured and puts it into {@code sheet} under the prefix. */
    public void run(ResultSheet sheet) throws Exception {
        Network network = Network.host();
        Path dir = Files.createTempDirectory("asterisk-path-");
        int rampSeconds = (o.calls() + o.callsPerSecond() - 1) / o.callsPerSecond();
        Duration talk = Duration.ofSeconds(rampSeconds + 2).plus(o.window()).plus(o.hold());
        int audioSeconds = (int) talk.toSeconds() + 5;
        boolean opus = o.caller().equals("opus");
        Files.createDirectories(dir.resolve("caller"));
        Files.createDirectories(dir.resolve("trunk"));
        if (opus) {
            BurstTone.writeOpus(dir.resolve("caller/opus-tone.pcap"), 1000, audioSeconds);
        } else {
            BurstTone.writePcmu(dir.resolve("caller/caller-audio.pcap"), 1000, audioSeconds);
        }
        BurstTone.writePcmu(dir.resolve("trunk/trunk-audio.pcap"), 440, audioSeconds);
        SippProcess.Ports trunk = new SippProcess.Ports(TRUNK_SIP, FreePorts.udpBlock(10));
        SippProcess.Ports caller = new SippProcess.Ports(CALLER_SIP.get(o.caller()), FreePorts.udpBlock(10));
        Duration timeout = talk.plusSeconds(rampSeconds + 30);
        System.out.printf(Locale.ROOT, "# %s: %d %s call(s), %d a second, each %d s; %s%n", o.prefix(), o.calls(),
                opus ? "Opus phone -> ari-bridge + media-sidecar -> PCMU trunk" : "PCMU phone -> PCMU trunk, direct",
                o.callsPerSecond(), talk.toSeconds(), dir);

        double sidecarCores = Double.NaN;
        double bridgeCores = Double.NaN;
        double asteriskCores = Double.NaN;
        double othersCores = Double.NaN;
        int channelsUp;
        double bridgeCalls = Double.NaN;
        int uacExit;
        int uasExit;
        RtpRecording rtp;
        try (RtpCapture capture = RtpCapture.start(network, dir, caller.media(), trunk.media());
                SippProcess uas = SippProcess.startUas(network, "uas-pcmu-dtmf-pcap.xml", dir.resolve("trunk"),
                        trunk, o.calls(), timeout);
                SippProcess uac = SippProcess.startUac(network, opus ? "uac-opus-pcap.xml" : "uac-pcmu-pcap.xml",
                        dir.resolve("caller"), caller, "127.0.0.1:5080", "sip:300@127.0.0.1:5080", o.calls(),
                        o.calls(), o.callsPerSecond(), talk, timeout)) {
            Thread.sleep((rampSeconds + 2) * 1000L);
            channelsUp = channelCount();
            if (opus) {
                bridgeCalls = activeBridgeCalls();
            }
            double ticks = new ServerProcess(o.asteriskPid(), null).ticksPerSecond();
            long t0 = System.nanoTime();
            long[] before = {ProcFiles.cpuTicks(o.sidecarPid()), ProcFiles.cpuTicks(o.bridgePid()),
                ProcFiles.cpuTicks(o.asteriskPid()), ProcFiles.allProcessesCpuTicks()};
            Thread.sleep(o.window().toMillis());
            long[] after = {ProcFiles.cpuTicks(o.sidecarPid()), ProcFiles.cpuTicks(o.bridgePid()),
                ProcFiles.cpuTicks(o.asteriskPid()), ProcFiles.allProcessesCpuTicks()};
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!o.window().isZero()) {
                sidecarCores = (after[0] - before[0]) / ticks / seconds;
                bridgeCores = (after[1] - before[1]) / ticks / seconds;
                asteriskCores = (after[2] - before[2]) / ticks / seconds;
                othersCores = (after[3] - before[3]) / ticks / seconds - sidecarCores - bridgeCores - asteriskCores;
            }
            uacExit = uac.awaitExit(timeout.plusSeconds(10));
            uasExit = uas.awaitExit(Duration.ofSeconds(10));
            Thread.sleep(200);
            rtp = capture.stop();
        }

        List<Long> forward = new ArrayList<>();
        List<Long> reverse = new ArrayList<>();
        List<Long> drift = new ArrayList<>();
        int paired = measure(rtp, caller.media(), trunk.media(), forward, reverse, drift);
        String key = o.prefix() + ".";
        sheet.put(key + "calls", o.calls());
        sheet.put(key + "calls-measured", paired);
        sheet.put(key + "uac-exit", uacExit);
        sheet.put(key + "uas-exit", uasExit);
        sheet.put(key + "channels-up", channelsUp);
        putLatency(sheet, key + "forward", forward);
        putLatency(sheet, key + "reverse", reverse);
        List<Long> both = new ArrayList<>(forward);
        both.addAll(reverse);
        putLatency(sheet, key + "both", both);
        if (!drift.isEmpty()) {
            sheet.put(key + "drift-ms", percentile(drift, 0.5) / 1000.0);
        }
        System.out.printf(Locale.ROOT, "  calls up %d of %d (sipp UAC exit %d, UAS exit %d), Asterisk channels"
                + " with all up: %d%s%n", paired, o.calls(), uacExit, uasExit, channelsUp,
                opus ? String.format(Locale.ROOT, ", ari-bridge calls: %.0f", bridgeCalls) : "");
        System.out.printf(Locale.ROOT, "  one-way latency through Asterisk, ms: phone->trunk p50 %.1f p99 %.1f max"
                + " %.1f (%d bursts); trunk->phone p50 %.1f p99 %.1f max %.1f (%d bursts); last 5 bursts of a call"
                + " minus its first 5, median over calls: %+.1f%n",
                ms(forward, 0.5), ms(forward, 0.99), ms(forward, 1.0), forward.size(), ms(reverse, 0.5),
                ms(reverse, 0.99), ms(reverse, 1.0), reverse.size(),
                drift.isEmpty() ? Double.NaN : percentile(drift, 0.5) / 1000.0);
        if (!o.window().isZero()) {
            sheet.put(key + "sidecar-cores", sidecarCores);
            sheet.put(key + "bridge-cores", bridgeCores);
            sheet.put(key + "asterisk-cores", asteriskCores);
            sheet.put(key + "others-cores", othersCores);
            double ours = opus ? sidecarCores + bridgeCores : Double.NaN;
            sheet.put(key + "calls-per-core", o.calls() / ours);
            System.out.printf(Locale.ROOT, "  CPU over %d s with %d calls up, cores: media-sidecar %.3f, ari-bridge"
                    + " %.3f, Asterisk %.3f, everything else %.2f%s%n", o.window().toSeconds(), o.calls(),
                    sidecarCores, bridgeCores, asteriskCores, othersCores, opus ? String.format(Locale.ROOT,
                    " -> %.1f calls per core (media-sidecar + ari-bridge), %.1f with Asterisk's share", o.calls()
                    / ours, o.calls() / (ours + asteriskCores)) : "");
        }
    }

    /**
     * Pairs each call's flow into Asterisk from the phone with its flow out of Asterisk to the trunk (and back) by
     * the order they started in (calls start one by one), and adds each burst's latency, microseconds.
     */
    static int measure(RtpRecording rtp, int callerPort, int trunkPort, List<Long> forward, List<Long> reverse,
            List<Long> drift) {
        Map<Integer, List<RtpRecording.Packet>> fromCaller = flows(rtp, p -> p.sourcePort() == callerPort,
                RtpRecording.Packet::destinationPort);
        Map<Integer, List<RtpRecording.Packet>> toTrunk = flows(rtp, p -> p.destinationPort() == trunkPort,
                RtpRecording.Packet::sourcePort);
        List<Integer> callerSide = byStart(fromCaller);
        List<Integer> trunkSide = byStart(toTrunk);
        int calls = Math.min(callerSide.size(), trunkSide.size());
        for (int i = 0; i < calls; i++) {
            int a = callerSide.get(i);
            int b = trunkSide.get(i);
            List<Long> in = latenciesOf(fromCaller.get(a), toTrunk.get(b));
            forward.addAll(in);
            List<RtpRecording.Packet> trunkIn = rtp.packets().stream()
                    .filter(p -> p.sourcePort() == trunkPort && p.destinationPort() == b).toList();
            List<RtpRecording.Packet> callerOut = rtp.packets().stream()
                    .filter(p -> p.sourcePort() == a && p.destinationPort() == callerPort).toList();
            List<Long> back = latenciesOf(trunkIn, callerOut);
            reverse.addAll(back);
            if (in.size() >= 10) {
                drift.add(mean(in.subList(in.size() - 5, in.size())) - mean(in.subList(0, 5)));
            }
        }
        return calls;
    }

    private static List<Long> latenciesOf(List<RtpRecording.Packet> in, List<RtpRecording.Packet> out) {
        return BurstOnsets.latencies(BurstOnsets.of(in), BurstOnsets.of(out));
    }

    private static Map<Integer, List<RtpRecording.Packet>> flows(RtpRecording rtp,
            java.util.function.Predicate<RtpRecording.Packet> which,
            java.util.function.ToIntFunction<RtpRecording.Packet> key) {
        Map<Integer, List<RtpRecording.Packet>> flows = new LinkedHashMap<>();
        for (RtpRecording.Packet p : rtp.packets()) {
            if (which.test(p)) {
                flows.computeIfAbsent(key.applyAsInt(p), k -> new ArrayList<>()).add(p);
            }
        }
        return flows;
    }

    private static List<Integer> byStart(Map<Integer, List<RtpRecording.Packet>> flows) {
        List<Integer> ports = new ArrayList<>(flows.keySet());
        ports.sort(Comparator.comparingLong(port -> flows.get(port).get(0).timeMicros()));
        return ports;
    }

    private static long mean(List<Long> values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.isEmpty() ? 0 : sum / values.size();
    }

    private static void putLatency(ResultSheet sheet, String key, List<Long> micros) {
        if (!micros.isEmpty()) {
            sheet.put(key + ".p50-ms", percentile(micros, 0.5) / 1000.0);
            sheet.put(key + ".p99-ms", percentile(micros, 0.99) / 1000.0);
            sheet.put(key + ".max-ms", percentile(micros, 1.0) / 1000.0);
            sheet.put(key + ".bursts", micros.size());
        }
    }

    private static double ms(List<Long> micros, double fraction) {
        return micros.isEmpty() ? Double.NaN : percentile(micros, fraction) / 1000.0;
    }

    /** The nearest-rank percentile. */
    static long percentile(List<Long> values, double fraction) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** ARI GET /channels as ari-bridge (the shipped ari.conf user): how many channels Asterisk holds. */
    private int channelCount() {
        String body = get("http://127.0.0.1:8088/ari/channels", "ari-bridge:ari-bridge-secret");
        int n = 0;
        for (int at = body.indexOf("\"id\""); at >= 0; at = body.indexOf("\"id\"", at + 1)) {
            n++;
        }
        return body.startsWith("[") ? n : -1;
    }

    /** ari-bridge's ari_bridge_active_calls, from its ops HTTP. */
    private double activeBridgeCalls() {
        Matcher m = ACTIVE_CALLS.matcher(get("http://127.0.0.1:2227/metrics", null));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private String get(String url, String basic) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (basic != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    basic.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
