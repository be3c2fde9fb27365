package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.golden.FakeSockets;

/**
 * The native Opus state of a transcoded call lives exactly as long as its transcoders: made on the answer, freed
 * when a re-negotiation replaces them and when the call ends. (A leak here would grow the process by tens of KB per
 * call, outside the Java heap where no garbage collector notices.)
 */
class OpusCodecLifetimeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final CallRegistry calls = new CallRegistry(
            new MediaInterfaces(List.of(new MediaInterfaceAddress("default", LOOPBACK, LOOPBACK))),
            new FakeSockets(30000), MediaConnections.NONE, new RelayMetrics(), new SessionLimits(60, 0, 0, -1, 64),
            () -> 1_795_493_838_187L, 1,
            new SecureRandom(), WebRtcContext.generated(), OpusCodecs.libopus(), OpusEncoderSettings.defaults());

    private static String browser(int port) {
        return "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=sendrecv\r\n";
    }

    private static String trunk(int port, String codec, int payloadType) {
        return "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + payloadType + "\r\na=rtpmap:" + payloadType + " " + codec
                + "/8000\r\na=sendrecv\r\n";
    }

    private static MediaOptions transcodeTo(String codec) {
        return new MediaOptions(Set.of(), null, Set.of(), Set.of(), List.of(), null, null, null, null, null,
                Set.of(), Map.of("mask", List.of("opus"), "transcode", List.of(codec)), null, null);
    }

    private void negotiate(String trunkCodec, int payloadType, long now) throws SignallingException {
        calls.offer(new CallRef("call-1", "alice", null, null), transcodeTo(trunkCodec), browser(40000), now);
        calls.answer(new CallRef("call-1", "alice", "bob", null), MediaOptions.none(),
                trunk(40002, trunkCodec, payloadType), now);
    }

    @Test
    void aTranscodedCallHoldsOneOpusDecoderAndOneEncoderUntilItEnds() throws SignallingException {
        int before = OpusCodecs.liveNativeStates();
        negotiate("PCMU", 0, 1_000_000_000L);
        assertEquals(before + 2, OpusCodecs.liveNativeStates(), "Opus -> PCMU decoder, PCMU -> Opus encoder");

        negotiate("PCMU", 0, 2_000_000_000L);
        assertEquals(before + 2, OpusCodecs.liveNativeStates(), "a re-INVITE with the same plan keeps the transcoders");

        negotiate("PCMA", 8, 3_000_000_000L);
        assertEquals(before + 2, OpusCodecs.liveNativeStates(), "a new plan frees the transcoders it replaces");

        calls.delete(new CallRef("call-1", "alice", null, null), 0, 4_000_000_000L);
        assertEquals(0, calls.size());
        assertEquals(before, OpusCodecs.liveNativeStates(), "the call's end frees its native codec state");
    }
}
