package org.rtcsip.testbed.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.pcap.RtpRecording;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.tcpdump.RtpCapture;

/**
 * Calls from a sipp UAC through a SIP proxy to a sipp UAS, both streaming PCMU RTP, with tcpdump recording the RTP
 * each of them receives, all in one {@link Network}. The UAC's R-URI is {@code sip:service@<uas address>}, so the
 * proxy relays to the UAS and anchors the media on its media server.
 */
public final class SippCall {

    private SippCall() {
    }

    /**
     * Places {@code calls} calls one after the other through {@code proxyAddress} (ip:port), each
     * talking for {@code talkTime}; returns when both sipps have exited (or were stopped after a
     * bounded wait).
     */
    public static Result run(Network network, String proxyAddress, int calls, Duration talkTime) {
        if (calls < 1 || calls > 100) {
            throw new IllegalArgumentException("calls: " + calls);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("sipp-call-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sipp work directory", e);
        }
        Duration perCall = talkTime.plusSeconds(5);
        Duration timeout = perCall.multipliedBy(calls).plusSeconds(10);

        SippProcess.Ports uasPorts = SippProcess.Ports.pick();
        SippProcess.Ports uacPorts = SippProcess.Ports.pick();
        String callee = "sip:service@127.0.0.1:" + uasPorts.sip();

        try (RtpCapture capture = RtpCapture.start(network, dir, uasPorts.media(), uacPorts.media());
                SippProcess uas = SippProcess.startUas(network, dir.resolve("uas"), uasPorts, calls,
                        timeout.plusSeconds(5));
                SippProcess uac = SippProcess.startUac(network, dir.resolve("uac"), uacPorts, proxyAddress, callee,
                        calls, talkTime, timeout)) {
            int uacExit = uac.awaitExit(timeout.plusSeconds(5));
            // the UAS exits once it has answered the BYE of the last call
            int uasExit = uas.awaitExit(Duration.ofSeconds(uacExit == 0 ? 10 : 2));
            Poll.pause(200); // RTP still in flight
            RtpRecording rtp = capture.stop();
            return new Result(dir, uac, uacExit, uas, uasExit, rtp);
        }
    }

    /** What the calls did: exit codes, the SDP each side received, the RTP each side received. */
    public record Result(Path dir, SippProcess uac, int uacExitCode, SippProcess uas, int uasExitCode,
            RtpRecording rtp) {

        /** The SDP bodies the UAC received (the answers, from the proxy's media server). */
        public List<String> uacReceivedSdps() {
            return uac.receivedSdps();
        }

        /** The SDP bodies the UAS received (the offers, from the proxy's media server). */
        public List<String> uasReceivedSdps() {
            return uas.receivedSdps();
        }

        /** RTP packets that arrived at the UAC's media port. */
        public long rtpReceivedByUac() {
            return rtp.packetsTo(uac.mediaPort());
        }

        /** RTP packets that arrived at the UAS's media port. */
        public long rtpReceivedByUas() {
            return rtp.packetsTo(uas.mediaPort());
        }

        /** RTP packets the UAC sent. */
        public long rtpSentByUac() {
            return rtp.packetsFrom(uac.mediaPort());
        }

        /** RTP packets the UAS sent. */
        public long rtpSentByUas() {
            return rtp.packetsFrom(uas.mediaPort());
        }

        /** Exit codes, flows and sipp logs, for assertion messages. */
        public String diagnostics() {
            return "sipp work dir " + dir + "\nUAC exit " + uacExitCode + ", UAS exit " + uasExitCode
                    + "\nUAC media port " + uac.mediaPort() + ", UAS media port " + uas.mediaPort()
                    + "\nRTP flows (source port -> destination port PT: packets):\n" + rtp
                    + uac.diagnostics() + "\n" + uas.diagnostics();
        }
    }
}
