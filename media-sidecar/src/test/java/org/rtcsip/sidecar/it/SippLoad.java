package org.rtcsip.sidecar.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.sipp.SippProcess;

/**
 * A steady sipp load through a SIP proxy: a UAC placing {@code calls} PCMU calls, {@code callsPerSecond} new ones a
 * second, at most {@code concurrent} at a time, each streaming RTP both ways for {@code talkTime}, to a sipp UAS
 * answering them (the shipped uac/uas-pcmu-rtp scenarios). Bounded: sipp gives up after the run's length plus a
 * margin. The outcome is read from sipp's own final screen (its Successful/Failed call counters).
 */
final class SippLoad implements AutoCloseable {
    private static final Pattern SUCCESSFUL = Pattern.compile("Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("Failed call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");

    private final SippProcess uas;
    private final SippProcess uac;
    private final Duration timeout;
    private final int calls;

    /** What sipp's UAC counted once it exited: its exit code, successful and failed calls. */
    record Outcome(int calls, int uacExit, int uasExit, long successful, long failed, String diagnostics) {
    }

    private SippLoad(SippProcess uas, SippProcess uac, Duration timeout, int calls) {
        this.uas = uas;
        this.uac = uac;
        this.timeout = timeout;
        this.calls = calls;
    }

    /** Starts the UAS, then the UAC; returns at once. */
    static SippLoad start(Network network, String proxyAddress, int calls, int concurrent, int callsPerSecond,
            Duration talkTime) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sipp-load-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sipp work directory", e);
        }
        // rtp_stream binds one port pair per concurrent call from -mp upwards
        int mediaPorts = Math.min(2000, 4 * concurrent + 10);
        SippProcess.Ports uasPorts = new SippProcess.Ports(FreePorts.udpAndTcp(), FreePorts.udpBlock(mediaPorts));
        SippProcess.Ports uacPorts = new SippProcess.Ports(FreePorts.udpAndTcp(), FreePorts.udpBlock(mediaPorts));
        Duration timeout = Duration.ofSeconds(calls / Math.max(1, callsPerSecond)).plus(talkTime).plusSeconds(60);
        SippProcess uas = SippProcess.startUas(network, dir.resolve("uas"), uasPorts, calls, timeout.plusSeconds(10));
        SippProcess uac = SippProcess.startUac(network, SippProcess.UAC_SCENARIO, dir.resolve("uac"), uacPorts,
                proxyAddress, "sip:service@" + uas.sipAddress(), calls, concurrent, callsPerSecond, talkTime,
                timeout);
        return new SippLoad(uas, uac, timeout, calls);
    }

    /** Waits for the UAC to place and end every call, then for the UAS; reads sipp's counters. */
    Outcome await() {
        int uacExit = uac.awaitExit(timeout.plusSeconds(10));
        int uasExit = uas.awaitExit(Duration.ofSeconds(uacExit == 0 ? 15 : 2));
        String screen = screen(uac);
        return new Outcome(calls, uacExit, uasExit, counter(SUCCESSFUL, screen), counter(FAILED, screen),
                uac.diagnostics() + "\n" + uas.diagnostics());
    }

    private static String screen(SippProcess sipp) {
        Path file = sipp.dir().resolve("screen.log");
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** The last value of a cumulative counter on sipp's screen dump; -1 if sipp wrote none. */
    private static long counter(Pattern pattern, String screen) {
        Matcher m = pattern.matcher(screen);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    @Override
    public void close() {
        uac.close();
        uas.close();
    }
}
