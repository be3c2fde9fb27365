package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.CallRef;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.LocalSocket;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.MediaOptions;
import org.rtcsip.sidecar.session.PacketReceiver;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;
import org.rtcsip.sidecar.session.SocketAllocator;
import org.rtcsip.sidecar.session.SocketPair;

/**
 * The steady packet path allocates nothing per packet once warm: the codec classes we wrote (G.711 both ways, the
 * Repacketizer, the telephone-event rescaler, the Opus header reader, the libopus backend: JNA direct calls over
 * reused native buffers), and a call's packet paths as a commit links them (gate, checks, statistics, relay or
 * G.711 transcoding, send), driven through {@link CallRegistry} with sockets that only count. (Concentus itself
 * allocates per frame, see CodecFrameCost; jitsi-srtp its IV and HMAC arrays per packet, so SRTP paths are not
 * judged here.)
 */
class SteadyPathAllocationTest {
    private static final int ROUNDS = 20_000;

    private static long allocatedPerRound(Runnable round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < ROUNDS; i++) {
            round.run();
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ROUNDS; i++) {
            round.run();
        }
        return (threads.getThreadAllocatedBytes(thread) - before) / ROUNDS;
    }

    @Test
    void g711RepacketizingAndEventRescalingAllocateNothingPerPacket() {
        G711Codec pcmu = G711Codec.PCMU;
        G711Codec pcma = G711Codec.PCMA;
        short[] pcm = ToneGenerator.sine(1000, 8000, 8000, 160);
        byte[] payload = new byte[160];
        short[] decoded = new short[160];
        Repacketizer repacketizer = new Repacketizer(8000, 30, 4, 0);
        short[] frame = new short[240];
        TelephoneEventRescaler rescaler = new TelephoneEventRescaler(48000, 8000);
        byte[] event = new byte[4];
        byte[] eventOut = new byte[4];
        byte[] opus = {0x08, 0x40, 0x11, 0x22};
        long[] timestamp = {0};
        long perRound = allocatedPerRound(() -> {
            pcmu.encode(pcm, 0, 160, payload, 0, 160);
            pcmu.decode(payload, 0, 160, decoded, 0);
            pcma.encode(decoded, 0, 160, payload, 0, 160);
            pcma.decode(payload, 0, 160, decoded, 0);
            repacketizer.push(decoded, 0, 160);
            if (timestamp[0] % 7 == 0) {
                repacketizer.skip(80);
            }
            while (repacketizer.framesReady() > 0) {
                repacketizer.nextFrameTimestamp();
                repacketizer.pull(frame, 0);
            }
            int d = (int) (timestamp[0] % 10) * 960 + 960;
            TelephoneEvent.write(event, 0, 5, d == 9600, 10, d);
            rescaler.map(timestamp[0] / 10 * 96000, event, 0, 4, eventOut, 0);
            rescaler.repeatEnd(eventOut, 0);
            OpusPacket.samples(opus, 0, opus.length, 8000);
            OpusPacket.hasFec(opus, 0, opus.length);
            timestamp[0]++;
        });
        assertTrue(perRound == 0, perRound + " bytes allocated per packet");
    }

    @Test
    void libopusEncodesDecodesConcealsAndRecoversWithoutAllocatingPerPacket() {
        short[] voice = new SyntheticVoice(8000, 8000, 9).next(8000);
        byte[] payload = new byte[1500];
        short[] decoded = new short[960];
        int[] frame = {0};
        try (LibOpusEncoder encoder = new LibOpusEncoder(OpusEncoderSettings.defaults().withFec(true, 10));
             LibOpusDecoder decoder = new LibOpusDecoder(8000)) {
            long perRound = allocatedPerRound(() -> {
                int f = frame[0]++ % 50;
                int len = encoder.encode(voice, f * 160, 160, payload, 0, payload.length);
                if (f % 10 == 3) {
                    decoder.decodeLost(160, decoded, 0);
                } else if (f % 10 == 7) {
                    decoder.decodeFec(payload, 0, len, 160, decoded, 0);
                }
                if (decoder.decode(payload, 0, len, decoded, 0) != 160) {
                    throw new AssertionError("decode failed");
                }
            });
            assertTrue(perRound == 0, perRound + " bytes allocated per packet");
        }
    }

    private static final InetSocketAddress ALICE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6000);

    /** Sockets that remember their receiver and count what they send. */
    private static final class CountingSockets implements SocketAllocator {
        int nextPort = 40000;
        final Map<Integer, Counting> byPort = new java.util.HashMap<>();

        final class Counting implements LocalSocket {
            final int port;
            PacketReceiver receiver;
            long sent;

            Counting(int port) {
                this.port = port;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
                sent++;
                return true;
            }

            @Override
            public void setReceiver(PacketReceiver r) {
                receiver = r;
            }
        }

        @Override
        public SocketPair allocate(MediaInterfaceAddress address) {
            Counting rtp = new Counting(nextPort);
            Counting rtcp = new Counting(nextPort + 1);
            byPort.put(rtp.port, rtp);
            byPort.put(rtcp.port, rtcp);
            nextPort += 2;
            return new SocketPair(rtp, rtcp, address);
        }

        @Override
        public void release(SocketPair pair) {
        }
    }


    private static String sdp(int port, String codec) {
        int pt = codec.equals("PCMU") ? 0 : 8;
        return "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP " + pt + "\r\na=rtpmap:" + pt + " " + codec + "/8000\r\na=sendrecv\r\n";
    }

    private static int port(String sdp) {
        return Integer.parseInt(sdp.substring(sdp.indexOf("m=audio ") + 8).split(" ")[0]);
    }

    private static long perPacket(String aliceCodec, String bobCodec, MediaOptions offerOptions) throws Exception {
        CountingSockets sockets = new CountingSockets();
        CallRegistry calls = new CallRegistry(new MediaInterfaces(List.of(new MediaInterfaceAddress("default",
                InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress()))), sockets, new RelayMetrics(),
                new SessionLimits(60, 0, 0, -1, 64), System::currentTimeMillis, 1, new SecureRandom());
        calls.offer(new CallRef("c", "alice", null, null), offerOptions, sdp(6000, aliceCodec), 0);
        String toAlice = calls.answer(new CallRef("c", "alice", "bob", null), MediaOptions.none(),
                sdp(7000, bobCodec), 0);
        CountingSockets.Counting aliceFacing = sockets.byPort.get(port(toAlice));
        CountingSockets.Counting bobFacing = sockets.byPort.get(aliceFacing.port + 2);
        byte[] packet = new byte[12 + 160 + 64];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) (aliceCodec.equals("PCMU") ? 0 : 8);
        RtpHeader.setSsrc(packet, 0, 0x1234);
        int[] seq = {1};
        long[] now = {1_000_000_000L};
        long bytes = allocatedPerRound(() -> {
            RtpHeader.setSequenceNumber(packet, 0, seq[0]);
            RtpHeader.setTimestamp(packet, 0, seq[0] * 160L);
            seq[0] = (seq[0] + 1) & 0xFFFF;
            now[0] += 20_000_000L;
            aliceFacing.receiver.onPacket(packet, 0, 12 + 160, ALICE, now[0]);
        });
        assertEquals(2L * ROUNDS, bobFacing.sent, "every packet went on to bob");
        return bytes;
    }

    @Test
    void aRelayedPacketAllocatesNothing() throws Exception {
        long bytes = perPacket("PCMU", "PCMU", MediaOptions.none());
        assertTrue(bytes == 0, bytes + " bytes per relayed packet");
    }

    @Test
    void aG711TranscodedPacketAllocatesNothing() throws Exception {
        MediaOptions transcode = new MediaOptions(Set.of(), null, Set.of(), Set.of(), List.of(), null, null, null,
                null, null, Set.of(), Map.of("transcode", List.of("PCMA")), null, null);
        long bytes = perPacket("PCMU", "PCMA", transcode);
        assertTrue(bytes == 0, bytes + " bytes per transcoded packet");
    }
}
