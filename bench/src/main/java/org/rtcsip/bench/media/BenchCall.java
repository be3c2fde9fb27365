package org.rtcsip.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.ngwire.NgRefusedException;
import org.rtcsip.sidecar.sdp.Connection;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.RtpMap;
import org.rtcsip.sidecar.sdp.SdpParseException;
import org.rtcsip.sidecar.sdp.SessionDescription;
import org.rtcsip.sidecar.srtp.SdesCryptoAttribute;
import org.rtcsip.sidecar.srtp.SdesParseException;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * One call: caller and callee sockets, set up through the ng server as Kamailio would for INVITE/200 OK
 * (offer from the caller's SDP, answer from the callee's) and ended by a BYE's delete.
 */
final class BenchCall {
    final int number;
    final String callId;
    final String fromTag;
    final String toTag;
    final MediaLeg caller;
    final MediaLeg callee;
    long offerNanos;
    long answerNanos;
    /** The server port the callee sends to: with several servers behind Kamailio, it tells which one took the call. */
    int calleeServerPort;

    BenchCall(int number, String runId, MediaLeg caller, MediaLeg callee) {
        this.number = number;
        // random like a user agent's (JsSIP, Asterisk, sipp's %u): a server that places calls by the Call-ID's hash
        // gets the spread it would get in the field, not the even one that consecutive numbers hash to
        this.callId = "bench-" + runId + "-" + number + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        this.fromTag = "caller" + number;
        this.toTag = "callee" + number;
        this.caller = caller;
        this.callee = callee;
        caller.peer = callee;
        callee.peer = caller;
    }

    /**
     * Offer and answer through {@code ng}; on success both sockets are connected to the server's ports and know
     * what to send and how to recognise what they get.
     *
     * @throws ScenarioUnsupportedException if the server's SDP shows it cannot run the scenario
     */
    void negotiate(CallSignalling ng, Scenario scenario, FrameSet callerFrames, FrameSet calleeFrames, SecureRandom rnd)
            throws IOException, NgRefusedException, ScenarioUnsupportedException {
        SrtpTransform callerSend = null;
        String crypto = null;
        if (scenario.callerSrtp) {
            SdesCryptoAttribute ours = SdesCryptoAttribute.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, rnd);
            crypto = ours.toValue();
            callerSend = SrtpTransform.forSdes(ours);
        }
        SessionDescription toCallee = sdpOf(ng.offer(callId, fromTag, scenario.offerFlags,
                scenario.callerOffer(caller.localPort, 1000L + number, crypto)), "offer");
        offerNanos = ng.lastRoundTripNanos();
        MediaDescription calleeSide = audio(toCallee, "offer");
        int calleePayloadType = payloadTypeOf(calleeSide, "PCMU", 0);
        if (calleePayloadType < 0) {
            throw new ScenarioUnsupportedException("the server offered the callee " + codecs(calleeSide)
                    + " without PCMU" + (scenario.transcodes ? ": it does not transcode Opus to PCMU (yet)" : ""));
        }

        SessionDescription toCaller = sdpOf(ng.answer(callId, fromTag, toTag, scenario.answerFlags,
                scenario.calleeAnswer(callee.localPort, 2000L + number)), "answer");
        answerNanos = ng.lastRoundTripNanos();
        MediaDescription callerSide = audio(toCaller, "answer");
        String callerCodec = scenario.transcodes ? "opus" : "PCMU";
        int callerPayloadType = payloadTypeOf(callerSide, callerCodec, scenario.transcodes ? 96 : 0);
        if (callerPayloadType < 0) {
            throw new ScenarioUnsupportedException("the server answered the caller with " + codecs(callerSide)
                    + " without " + callerCodec);
        }
        SrtpTransform callerReceive = null;
        if (scenario.callerSrtp) {
            callerReceive = serverKey(callerSide);
        }

        caller.configureSending(callerFrames, callerPayloadType, !scenario.transcodes, callerSend);
        callee.configureSending(calleeFrames, calleePayloadType, !scenario.transcodes, null);
        MediaLeg.ReceiveMatch match = scenario.transcodes ? MediaLeg.ReceiveMatch.RTP_TIMESTAMP
                : MediaLeg.ReceiveMatch.PAYLOAD_MARK;
        // The caller gets Opus (48 kHz RTP clock) when transcoding, the callee PCMU (8 kHz).
        caller.configureReceiving(match, scenario.transcodes ? 960 : 160, callerReceive);
        callee.configureReceiving(match, 160, null);
        caller.connect(address(toCaller, callerSide));
        InetSocketAddress calleeServer = address(toCallee, calleeSide);
        callee.connect(calleeServer);
        calleeServerPort = calleeServer.getPort();
    }

    /** The delete a BYE from the caller triggers; returns its round trip in nanoseconds. */
    long delete(CallSignalling ng) throws IOException, NgRefusedException {
        ng.delete(callId, fromTag);
        return ng.lastRoundTripNanos();
    }

    void close() {
        closeQuietly(caller.channel);
        closeQuietly(callee.channel);
    }

    private static void closeQuietly(DatagramChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static SessionDescription sdpOf(String sdp, String command) throws IOException {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new IOException(command + " reply SDP does not parse: " + e.getMessage(), e);
        }
    }

    private static MediaDescription audio(SessionDescription sdp, String command) throws IOException {
        for (MediaDescription m : sdp.media()) {
            if (m.media().equals("audio") && m.port() != 0) {
                return m;
            }
        }
        throw new IOException(command + " reply SDP has no audio stream with a port");
    }

    private static InetSocketAddress address(SessionDescription sdp, MediaDescription m) throws IOException {
        try {
            Connection c = m.connection() != null ? m.connection() : sdp.connection();
            if (c == null) {
                throw new IOException("reply SDP has no c= line");
            }
            return new InetSocketAddress(c.address(), m.port());
        } catch (SdpParseException e) {
            throw new IOException("reply SDP c= line: " + e.getMessage(), e);
        }
    }

    /** The payload type the SDP gives codec {@code name}, by rtpmap or by static number; -1 if absent. */
    private static int payloadTypeOf(MediaDescription m, String name, int staticType) throws IOException {
        for (String format : m.formats()) {
            try {
                RtpMap map = m.rtpMap(format);
                if (map != null ? map.isNamed(name) : format.equals(Integer.toString(staticType)) && staticType < 96) {
                    return Integer.parseInt(format);
                }
            } catch (SdpParseException | NumberFormatException e) {
                throw new IOException("reply SDP format " + format + ": " + e.getMessage(), e);
            }
        }
        return -1;
    }

    private static String codecs(MediaDescription m) {
        StringBuilder sb = new StringBuilder();
        for (String format : m.formats()) {
            try {
                RtpMap map = m.rtpMap(format);
                sb.append(sb.length() == 0 ? "" : ", ").append(map != null ? map.codecName() : "PT " + format);
            } catch (SdpParseException e) {
                sb.append(sb.length() == 0 ? "" : ", ").append("PT ").append(format);
            }
        }
        return sb.length() == 0 ? "no codec" : sb.toString();
    }

    private static SrtpTransform serverKey(MediaDescription m) throws ScenarioUnsupportedException {
        List<String> lines = m.attributeValues("crypto");
        for (String line : lines) {
            try {
                SdesCryptoAttribute a = SdesCryptoAttribute.parse(line);
                if (a.suite() == SrtpSuite.AES_CM_128_HMAC_SHA1_80) {
                    return SrtpTransform.forSdes(a);
                }
            } catch (SdesParseException e) {
                // try the next line
            }
        }
        throw new ScenarioUnsupportedException("the server's answer to the SRTP caller has no usable a=crypto "
                + Scenario.SDES_SUITE + " line (" + m.protocol() + ", " + lines.size() + " crypto lines)");
    }
}
