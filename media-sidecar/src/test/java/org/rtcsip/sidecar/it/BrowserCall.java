package org.rtcsip.sidecar.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.testbed.browser.EdgeOptions;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sipp.SippMessageLog;
import org.rtcsip.testbed.sipp.SippProcess;
import org.rtcsip.testbed.tcpdump.RtpCapture;

/**
 * One call between the browser softphone (Chromium or Firefox) and a sipp trunk through Kamailio, with tcpdump
 * recording the RTP the trunk receives. Kamailio, sipp and tcpdump run in one {@link Network} (the browser tests'
 * namespace); the browser runs there too, or, with a {@link Setup}, on another host in front of it, reaching the edge
 * over wss:// or through TURN. Either direction: the browser calls a sipp UAS (one that takes RFC 4733 DTMF when the
 * browser is to send digits), or a sipp UAC calls the registered browser user. Returns when both ends are done (or
 * were stopped after a bounded wait); the browser, sipp and tcpdump are gone by then.
 */
public final class BrowserCall {

    /** Who calls whom. */
    public enum Direction { BROWSER_CALLS_TRUNK, TRUNK_CALLS_BROWSER }

    private static final int PAYLOAD_TYPE_PCMU = 0;

    private BrowserCall() {
    }

    /**
     * Where the browser runs and how it meets the edge: its network, the URL it registers at, the driver's
     * {@link EdgeOptions}; the user part it dials (the trunk's host and port are the sipp UAS's); and what to do
     * while the call is up (e.g. read the media server's sessions; null: nothing).
     */
    public record Setup(Network browserNetwork, URI signalling, EdgeOptions edge, String callee,
            Runnable whileTalking) {

        /** The plain test bed: the browser beside Kamailio, ws://, nothing more; it dials {@code service}. */
        public static Setup plain(Network network, KamailioProcess kamailio) {
            return new Setup(network, kamailio.wsUri(), EdgeOptions.NONE, "service", null);
        }
    }

    /** The browser registers as {@code options.user()} and calls a sipp UAS through {@code kamailio}. */
    public static Result browserCallsTrunk(Network network, KamailioProcess kamailio,
            Softphone.Options options) {
        return browserCallsTrunk(network, kamailio, options, Setup.plain(network, kamailio));
    }

    /** As {@link #browserCallsTrunk(Network, KamailioProcess, Softphone.Options)}, the browser per setup. */
    public static Result browserCallsTrunk(Network network, KamailioProcess kamailio,
            Softphone.Options options, Setup setup) {
        Path dir = createDir();
        SippProcess.Ports trunk = SippProcess.Ports.pick();
        String target = "sip:" + setup.callee() + "@127.0.0.1:" + trunk.sip();
        Duration sippTimeout = options.talkTime().plusSeconds(30);
        try (RtpCapture capture = RtpCapture.start(network, dir, trunk.media());
                SippProcess uas = SippProcess.startUas(network, uasScenario(options), dir.resolve("uas"), trunk, 1,
                        sippTimeout);
                Softphone phone = Softphone.call(setup.browserNetwork(), dir.resolve("browser"),
                        setup.signalling(), target, options, setup.edge())) {
            whileTalking(phone, setup);
            Softphone.Report report = phone.awaitReport(options.talkTime().plusSeconds(30));
            // the UAS exits once it has answered the browser's BYE
            int sippExit = uas.awaitExit(Duration.ofSeconds(report.exitCode() == 0 ? 10 : 2));
            Poll.pause(200); // RTP still in flight
            RtpRecording rtp = capture.stop();
            return new Result(Direction.BROWSER_CALLS_TRUNK, dir, report, sippExit, uas.receivedSdps(),
                    trunk.media(), rtp, uas.diagnostics() + "\n" + phone.diagnostics());
        }
    }

    /** The trunk that takes what the browser will do: digits, a re-INVITE (ICE restart), or neither. */
    private static String uasScenario(Softphone.Options options) {
        if (options.dtmf() != null) {
            return SippProcess.UAS_DTMF_SCENARIO;
        }
        return options.iceRestartAt() != null ? SippProcess.UAS_REINVITE_SCENARIO : SippProcess.UAS_SCENARIO;
    }

    /** The browser registers as {@code options.user()} and answers; a sipp UAC calls it through {@code kamailio}. */
    public static Result trunkCallsBrowser(Network network, KamailioProcess kamailio,
            Softphone.Options options) {
        return trunkCallsBrowser(network, kamailio, options, Setup.plain(network, kamailio));
    }

    /**
     * As {@link #trunkCallsBrowser(Network, KamailioProcess, Softphone.Options)}, the browser per setup
     * (its callee is unused: the UAC calls the browser's user).
     */
    public static Result trunkCallsBrowser(Network network, KamailioProcess kamailio,
            Softphone.Options options, Setup setup) {
        Path dir = createDir();
        SippProcess.Ports trunk = SippProcess.Ports.pick();
        String callee = "sip:" + options.user() + "@" + kamailio.sipAddress();
        try (RtpCapture capture = RtpCapture.start(network, dir, trunk.media());
                Softphone phone = Softphone.answer(setup.browserNetwork(), dir.resolve("browser"),
                        setup.signalling(), options, setup.edge())) {
            phone.awaitLine("registered", Duration.ofSeconds(40)); // Firefox alone may take 15 s to start on 2 busy cores
            try (SippProcess uac = SippProcess.startUac(network, dir.resolve("uac"), trunk, kamailio.sipAddress(),
                    callee, 1, options.talkTime(), options.talkTime().plusSeconds(20))) {
                whileTalking(phone, setup);
                int sippExit = uac.awaitExit(options.talkTime().plusSeconds(25));
                Softphone.Report report = phone.awaitReport(Duration.ofSeconds(sippExit == 0 ? 15 : 5));
                Poll.pause(200);
                RtpRecording rtp = capture.stop();
                return new Result(Direction.TRUNK_CALLS_BROWSER, dir, report, sippExit, uac.receivedSdps(),
                        trunk.media(), rtp, uac.diagnostics() + "\n" + phone.diagnostics());
            }
        }
    }

    /** Once the browser says media flows, runs the setup's mid-call action (a failed call skips it). */
    private static void whileTalking(Softphone phone, Setup setup) {
        if (setup.whileTalking() != null && phone.awaitLineOrExit("media connected", Duration.ofSeconds(45))) {
            setup.whileTalking().run();
        }
    }

    /**
     * The PCMU (payload type 0) audio that arrived at {@code port}, decoded to 16-bit samples at 8 kHz in capture
     * order (loopback does not reorder); packets of other payload types are left out.
     */
    static short[] pcmuHeard(RtpRecording rtp, int port) {
        byte[] ulaw = rtp.payloadsTo(port, PAYLOAD_TYPE_PCMU);
        short[] pcm = new short[ulaw.length];
        G711.decodeUlaw(ulaw, 0, ulaw.length, pcm, 0);
        return pcm;
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("browser-call-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser call work directory", e);
        }
    }

    /**
     * What one call did: the browser's report, sipp's exit code and the SDP it received (the offer for a UAS, the
     * answer for a UAC), the RTP that arrived at the trunk's media port.
     */
    public record Result(Direction direction, Path dir, Softphone.Report browser, int sippExitCode,
            List<String> trunkSdps, int trunkMediaPort, RtpRecording rtp, String peerDiagnostics) {

        /** The SDP the media server sent to the browser (its answer, or its offer when the trunk called). */
        public String sdpToBrowser() {
            return browser.sdp("remote", direction == Direction.BROWSER_CALLS_TRUNK ? "answer" : "offer");
        }

        /** The SDP the browser sent (its offer, or its answer when the trunk called). */
        public String sdpFromBrowser() {
            return browser.sdp("local", direction == Direction.BROWSER_CALLS_TRUNK ? "offer" : "answer");
        }

        /** The SDP the media server sent to the trunk (the first sipp received; retransmissions repeat it). */
        public String sdpToTrunk() {
            return trunkSdps.isEmpty() ? null : trunkSdps.get(0);
        }

        /**
         * The RFC 4733 events the trunk received, one per event (RTP timestamp), in order: 0-9 digits, 10 *, 11 #;
         * each counted only if its end packet (E bit) arrived. The payload type is the telephone-event/8000 of the
         * SDP the trunk received.
         */
        public List<Integer> trunkDtmfEvents() {
            java.util.regex.Matcher te = java.util.regex.Pattern.compile("a=rtpmap:(\\d+) telephone-event/8000")
                    .matcher(sdpToTrunk() == null ? "" : sdpToTrunk());
            if (!te.find()) {
                return List.of();
            }
            int payloadType = Integer.parseInt(te.group(1));
            java.util.Map<Long, Integer> ended = new java.util.LinkedHashMap<>();
            for (RtpRecording.Packet p : rtp.to(trunkMediaPort)) {
                byte[] payload = p.payload();
                if (p.payloadType() == payloadType && payload.length >= 4 && (payload[1] & 0x80) != 0) {
                    long timestamp = java.nio.ByteBuffer.wrap(p.rtp(), 4, 4).getInt() & 0xffffffffL;
                    ended.putIfAbsent(timestamp, payload[0] & 0xff);
                }
            }
            return List.copyOf(ended.values());
        }

        /** Every SIP message the trunk's sipp received, as it logged them (requests and replies, in order). */
        public List<String> trunkReceivedMessages() {
            Path log = dir.resolve(direction == Direction.BROWSER_CALLS_TRUNK ? "uas" : "uac").resolve("messages.log");
            try {
                return SippMessageLog.receivedMessages(Files.readString(log, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + log, e);
            }
        }

        /** The PCMU the trunk received, decoded (8 kHz). */
        public short[] trunkHeard() {
            return pcmuHeard(rtp, trunkMediaPort);
        }

        public String diagnostics() {
            return direction + " in " + dir + "\nsipp exit " + sippExitCode + "\n" + browser.summary()
                    + "\nSDP to browser:\n" + sdpToBrowser() + "\nSDP to trunk:\n" + sdpToTrunk()
                    + "\nRTP at the trunk (source -> destination PT: packets):\n" + rtp + peerDiagnostics;
        }
    }
}
