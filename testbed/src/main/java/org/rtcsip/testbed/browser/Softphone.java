package org.rtcsip.testbed.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rtcsip.testbed.ffmpeg.Wav;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;

/**
 * A headless browser ({@link Browser}: Chromium or Firefox ESR) running the softphone page (deploy/softphone: JsSIP
 * over WebSocket), driven by {@code node deploy/softphone/drive.mjs}, in a {@link Network} (a loopback-only
 * namespace, so that the browser has no other interface to gather candidates on; Firefox's gets a dead-end route).
 * The driver serves the page on 127.0.0.1, registers, then calls a SIP URI (hanging up after the talk time) or
 * answers the first incoming call (and waits for the far end's BYE); the browser's fake microphone plays a sine
 * tone and the page's WebAudio analyser reports the tone it hears. The browser is killed with the driver at the
 * latest.
 */
public final class Softphone implements AutoCloseable {

    /**
     * How one softphone run is set up: the SIP user, the tone its microphone plays, how long it talks before it hangs
     * up (when it calls), the RTCPeerConnection bundlePolicy, the browser; the digest password when the registrar
     * challenges (null: none), the digits it sends as RFC 4733 events once the call is up (null: none), whether it
     * records everything it hears ({@link Report#recording()}), when it restarts ICE (restartIce() and a
     * re-INVITE) after the call is up (null: never), and whether it watches the RFC 4733 events it receives
     * ({@link Report#eventsReceived()}).
     */
    public record Options(String user, int toneHz, Duration talkTime, String bundlePolicy, Browser browser,
            String password, String dtmf, boolean record, Duration iceRestartAt, boolean events) {

        public Options(String user, int toneHz, Duration talkTime, String bundlePolicy) {
            this(user, toneHz, talkTime, bundlePolicy, Browser.CHROMIUM, null, null, false, null, false);
        }

        public Options in(Browser other) {
            return new Options(user, toneHz, talkTime, bundlePolicy,
                    other, password, dtmf, record, iceRestartAt, events);
        }

        public Options withPassword(String secret) {
            return new Options(user, toneHz, talkTime, bundlePolicy,
                    browser, secret, dtmf, record, iceRestartAt, events);
        }

        public Options withDtmf(String digits) {
            return new Options(user, toneHz, talkTime, bundlePolicy,
                    browser, password, digits, record, iceRestartAt, events);
        }

        public Options recording() {
            return new Options(user, toneHz, talkTime, bundlePolicy,
                    browser, password, dtmf, true, iceRestartAt, events);
        }

        /** Watches the RFC 4733 events the phone receives, as they arrive (before its jitter buffer). */
        public Options watchingEvents() {
            return new Options(user, toneHz, talkTime, bundlePolicy, browser, password, dtmf, record, iceRestartAt,
                    true);
        }

        public Options withIceRestartAt(Duration at) {
            return new Options(user, toneHz, talkTime, bundlePolicy, browser, password, dtmf, record, at, events);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(60);

    private final LoggedProcess process;
    private final Path dir;

    private Softphone(LoggedProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Registers {@code options.user()} over {@code ws} and calls {@code target}. */
    public static Softphone call(Network network, Path dir, URI ws, String target,
            Options options) {
        return start(network, dir, ws, target, options, EdgeOptions.NONE);
    }

    /** As {@link #call(Network, Path, URI, String, Options)} through an edge that needs {@code edge}. */
    public static Softphone call(Network network, Path dir, URI ws, String target, Options options,
            EdgeOptions edge) {
        return start(network, dir, ws, target, options, edge);
    }

    /** Registers {@code options.user()} over {@code ws} and answers the first incoming call. */
    public static Softphone answer(Network network, Path dir, URI ws, Options options) {
        return start(network, dir, ws, null, options, EdgeOptions.NONE);
    }

    /** As {@link #answer(Network, Path, URI, Options)} through an edge that needs {@code edge}. */
    public static Softphone answer(Network network, Path dir, URI ws, Options options, EdgeOptions edge) {
        return start(network, dir, ws, null, options, edge);
    }

    private static Softphone start(Network network, Path dir, URI ws, String target,
            Options options, EdgeOptions edge) {
        Path browser = options.browser().program();
        Path softphone = Repository.softphone();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<String> command = new ArrayList<>(List.of(Programs.node().toString(),
                softphone.resolve("drive.mjs").toString(),
                "--ws", ws.toString(),
                "--user", options.user(),
                "--tone-hz", Integer.toString(options.toneHz()),
                "--talk-ms", Long.toString(options.talkTime().toMillis()),
                "--bundle-policy", options.bundlePolicy(),
                "--browser", options.browser().optionValue(),
                "--" + options.browser().optionValue(), browser.toString(),
                "--timeout-ms", Long.toString(DRIVER_TIMEOUT.toMillis()),
                "--out", dir.resolve("result.json").toString(),
                "--log", dir.resolve("console.log").toString()));
        if (target != null) {
            command.addAll(List.of("--call", target));
        }
        if (options.password() != null) {
            command.addAll(List.of("--password", options.password()));
        }
        if (options.dtmf() != null) {
            command.addAll(List.of("--dtmf", options.dtmf()));
        }
        if (options.record()) {
            command.addAll(List.of("--record", dir.resolve("heard.wav").toString()));
        }
        if (options.events()) {
            command.add("--events");
        }
        if (options.iceRestartAt() != null) {
            command.addAll(List.of("--ice-restart-at-ms", Long.toString(options.iceRestartAt().toMillis())));
        }
        if (options.browser() == Browser.FIREFOX && edge.trustedCa() != null) {
            command.addAll(List.of("--certutil", Programs.certutil().toString()));
        }
        command.addAll(edge.driverArguments());
        return new Softphone(network.start(options.browser().optionValue() + " softphone", command, dir,
                dir.resolve("driver.log")), dir);
    }

    /** Waits until the driver printed {@code line} alone on a line (e.g. "registered"); fails if it exits first. */
    public void awaitLine(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!process.logText().lines().anyMatch(line::equals)) {
            if (!process.isAlive()) {
                fail("the softphone driver exited before printing '" + line + "'\n" + diagnostics());
            }
            if (System.nanoTime() > deadline) {
                fail("the softphone driver did not print '" + line + "' within " + timeout.toSeconds() + " s\n"
                        + diagnostics());
            }
            Poll.pause(50);
        }
    }

    /**
     * Waits until the driver printed {@code line} alone on a line; false if the driver exited first or
     * {@code timeout} passed (the report then says why).
     */
    public boolean awaitLineOrExit(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!process.logText().lines().anyMatch(line::equals)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Poll.pause(50);
        }
        return true;
    }

    /** Waits for the driver to finish and returns its report; kills it (and the browser) after {@code timeout}. */
    public Report awaitReport(Duration timeout) {
        int exit = process.awaitExit(timeout);
        if (exit == -1) {
            process.stop(Duration.ofSeconds(5));
        }
        Path result = dir.resolve("result.json");
        if (!Files.exists(result)) {
            fail("the softphone driver wrote no result (exit " + exit + ")\n" + diagnostics());
        }
        try {
            return new Report(exit, JSON.readTree(result.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + result, e);
        }
    }

    /** The driver's output and the tail of the page's console (JsSIP debug log), for failure messages. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder("softphone in " + dir + "\n--- driver output\n")
                .append(process.logTail(20)).append('\n');
        Path console = dir.resolve("console.log");
        if (Files.exists(console)) {
            try {
                List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
                text.append("--- page console (last 40 of ").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> text.append(l, 0, Math.min(l.length(), 400)).append('\n'));
            } catch (IOException e) {
                text.append("(cannot read ").append(console).append(")\n");
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        process.close();
    }

    /** What the driver wrote to result.json (see drive.mjs), with accessors for what tests assert. */
    public record Report(int exitCode, JsonNode json) {

        /** null when the call was set up, measured and ended normally; else the reason. */
        public String error() {
            return json.path("error").isNull() ? null : json.path("error").asText();
        }

        /** e.g. {@code 143.0.7499.169} or {@code firefox/153.8.0}. */
        public String browserVersion() {
            return json.path("browserVersion").asText();
        }

        /** What restartIce() reported: ufrags before and after, re-INVITE time, longest inbound gap. */
        public JsonNode iceRestart() {
            return json.path("iceRestart");
        }

        /** The strongest frequency the page's analyser heard from the far end, Hz. */
        public double heardHz() {
            return json.path("heard").path("dominantHz").asDouble(0);
        }

        /** How far the heard tone stands above the median of the 100-4000 Hz band, dB. */
        public double heardToneOverFloorDb() {
            return json.path("heard").path("peakDb").asDouble(-200) - json.path("heard").path("floorDb").asDouble(0);
        }

        /** RMS level of what the page heard, dBFS. */
        public double heardRmsDbfs() {
            return json.path("heard").path("rmsDbfs").asDouble(-200);
        }

        /** The digits the page sent as RFC 4733 events, or null. */
        public String dtmfSent() {
            return json.path("dtmfSent").isTextual() ? json.path("dtmfSent").asText() : null;
        }

        /**
         * The RFC 4733 events the page received (Options.watchingEvents()), one per event (its packets share a
         * timestamp), in arrival order, as their digits: what the far end sent, before the jitter buffer plays it.
         */
        public String eventsReceived() {
            JsonNode events = json.path("softphone").path("call").path("eventsReceived");
            if (!events.isArray()) {
                fail("the softphone watched no RFC 4733 events (run it with Options.watchingEvents()): " + summary());
            }
            StringBuilder digits = new StringBuilder();
            events.forEach(e -> digits.append(e.path("digit").asText("?")));
            return digits.toString();
        }

        /** Everything the page heard from the far end (Options.recording()), at the page's audio rate. */
        public Wav recording() {
            String file = json.path("recording").path("file").asText(null);
            if (file == null) {
                fail("the softphone recorded nothing (run it with Options.recording()): " + summary());
            }
            try {
                return Wav.parse(Files.readAllBytes(Path.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }

        /** MIME type of the codec the browser received, e.g. audio/opus or audio/PCMU. */
        public String inboundCodec() {
            return json.path("stats").path("inbound").path("codec").path("mimeType").asText("");
        }

        /** MIME type of the codec the browser sent. */
        public String outboundCodec() {
            return json.path("stats").path("outbound").path("codec").path("mimeType").asText("");
        }

        public long packetsReceived() {
            return json.path("stats").path("inbound").path("packetsReceived").asLong(0);
        }

        public long packetsSent() {
            return json.path("stats").path("outbound").path("packetsSent").asLong(0);
        }

        /** RTCTransportStats: dtlsState, dtlsRole, srtpCipher, dtlsCipher, tlsVersion, iceRole, iceState. */
        public String transport(String field) {
            return json.path("stats").path("transport").path(field).asText("");
        }

        /** The selected ICE pair's remote end, {@code 127.0.0.1:30012/udp host}. */
        public String selectedRemoteCandidate() {
            return json.path("stats").path("pair").path("remote").asText("");
        }

        /** The selected ICE pair's local end. */
        public String selectedLocalCandidate() {
            return json.path("stats").path("pair").path("local").asText("");
        }

        /** The selected pair's local candidate type: host, srflx, prflx or relay. */
        public String selectedLocalCandidateType() {
            return json.path("stats").path("pair").path("localCandidateType").asText("");
        }

        /** How the selected relayed candidate reaches its TURN server: udp, tcp or tls; empty when not relayed. */
        public String selectedLocalRelayProtocol() {
            return json.path("stats").path("pair").path("localRelayProtocol").asText("");
        }

        /**
         * The strongest frequency heard in the {@code index}th later listening window ({@link EdgeOptions#listenAt}),
         * Hz; 0 when there was no such window.
         */
        public double heardHzAt(int index) {
            return json.path("heardAt").path(index).path("dominantHz").asDouble(0);
        }

        /** How far the tone of the {@code index}th later window stands above the band's median, dB. */
        public double heardToneOverFloorDbAt(int index) {
            JsonNode heard = json.path("heardAt").path(index);
            return heard.path("peakDb").asDouble(-200) - heard.path("floorDb").asDouble(0);
        }

        /** Every local ICE candidate the browser gathered, {@code address:port/protocol type}. */
        public List<String> localCandidates() {
            List<String> candidates = new ArrayList<>();
            json.path("stats").path("localCandidates").forEach(c -> candidates.add(c.asText()));
            return candidates;
        }

        /** The call's final state in JsSIP terms (ended, failed, ...) and cause. */
        public String callState() {
            JsonNode call = json.path("softphone").path("call");
            return call.path("state").asText("none") + " (" + call.path("cause").asText("") + ")";
        }

        /**
         * The SDP of the given {@code originator} (local/remote) and {@code type} (offer/answer) as it crossed SIP,
         * i.e. what JsSIP sent and received, or null.
         */
        public String sdp(String originator, String type) {
            for (JsonNode sdp : json.path("softphone").path("call").path("sdps")) {
                if (sdp.path("originator").asText().equals(originator) && sdp.path("type").asText().equals(type)) {
                    return sdp.path("sdp").asText();
                }
            }
            return null;
        }

        /** The page's own log: registration, ICE and call states with times. */
        public String pageLog() {
            StringBuilder text = new StringBuilder();
            json.path("softphone").path("log").forEach(l -> text.append(l.asText()).append('\n'));
            return text.toString();
        }

        /** Heard tone, codecs, transport and ICE facts, for failure messages. */
        public String summary() {
            return "driver exit " + exitCode + ", error " + error() + ", call " + callState()
                    + "\nheard " + json.path("heard") + "\nheard later " + json.path("heardAt")
                    + "\nstats " + json.path("stats") + framesWatched() + "\npage log:\n" + pageLog();
        }

        /** With Options.watchingEvents(): how many frames of each payload type the page's receiver transform saw. */
        private String framesWatched() {
            JsonNode frames = json.path("softphone").path("call").path("framesByPayloadType");
            return frames.isMissingNode() ? "" : "\nframes received by payload type " + frames;
        }
    }
}
