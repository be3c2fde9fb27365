package org.rtcsip.bench.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.bench.audio.FrameSet;

/** The measuring pieces of one party, with loopback sockets standing in for the server. */
class MediaLegTest {
    private DatagramChannel a;
    private DatagramChannel b;
    private MediaLeg sender;
    private MediaLeg receiver;
    private MeasurementWindow window;
    private ReceiveRecorder recorded;

    @BeforeEach
    void twoPartiesWiredStraightToEachOther() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        a = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        b = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        sender = new MediaLeg("caller", a, a.socket().getLocalPort(), 1);
        receiver = new MediaLeg("callee", b, b.socket().getLocalPort(), 2);
        sender.peer = receiver;
        receiver.peer = sender;
        sender.configureSending(FrameSet.pcmu(1, 1), 0, true, null);
        long now = System.nanoTime();
        window = new MeasurementWindow(now - 1_000_000_000L, now + 60_000_000_000L, 1);
        recorded = window.receivers[0];
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
    }

    @Test
    void countsEachMarkedFrameOnceAndTimesItFromSendToReceive() throws IOException {
        receiver.configureReceiving(MediaLeg.ReceiveMatch.PAYLOAD_MARK, 160, null);
        ByteBuffer buf = ByteBuffer.allocate(2048);
        for (int i = 0; i < 10; i++) {
            sender.sendNext(System.nanoTime(), window.sender, window);
            buf.clear();
            int n = b.read(buf);
            long received = System.nanoTime();
            receiver.onDatagram(buf.array(), n, received, recorded, window);
            if (i == 9) { // the same datagram again, as a duplicating network would deliver it
                receiver.onDatagram(buf.array(), n, received, recorded, window);
            }
        }
        assertEquals(10, window.sender.sent);
        assertEquals(10, recorded.received);
        assertEquals(1, recorded.duplicates);
        assertEquals(10, recorded.latency.count());
        assertTrue(recorded.latency.min() > 0 && recorded.latency.max() < 1_000_000_000L,
                "latency " + recorded.latency.min() + ".." + recorded.latency.max() + " ns");
    }

    @Test
    void anchorsARewrittenStreamOnItsRtpTimestampAndLowersTheAnchorWhenCausalityDemands() {
        receiver.configureReceiving(MediaLeg.ReceiveMatch.RTP_TIMESTAMP, 160, null);
        for (int i = 0; i < 10; i++) {
            sender.sendNext(System.nanoTime(), null, null); // frames 0..9
        }
        // The server's output of frame 8 arrives late, after frame 9 left: it is first taken as frame 9.
        int anchor = 0xFFFFFF00; // 256 below the 32-bit wrap
        receiver.onDatagram(rtp(anchor), 172, System.nanoTime(), recorded, window);
        sender.sendNext(System.nanoTime(), null, null); // frame 10
        receiver.onDatagram(rtp(anchor + 160), 172, System.nanoTime(), recorded, window); // frame 9, taken as 10
        receiver.onDatagram(rtp(anchor + 320), 172, System.nanoTime(), recorded, window); // frame 10: 11 > 10 sent
        assertEquals(1, receiver.anchorCorrections, "a packet cannot precede its input: the anchor comes down");
        assertEquals(2, recorded.received);
        assertEquals(1, recorded.duplicates, "the frame counted twice while the anchor was high");
        sender.sendNext(System.nanoTime(), null, null); // frame 11
        receiver.onDatagram(rtp(anchor + 480), 172, System.nanoTime(), recorded, window); // wraps past 2^32
        assertEquals(3, recorded.received);
        assertEquals(1, receiver.anchorCorrections);
        receiver.onDatagram(rtp(anchor - 3 * 160), 172, System.nanoTime(), recorded, window); // frame 7, late
        assertEquals(4, recorded.received);
    }

    @Test
    void setsAsideRtcpAndRunts() {
        receiver.configureReceiving(MediaLeg.ReceiveMatch.PAYLOAD_MARK, 160, null);
        byte[] senderReport = new byte[28];
        senderReport[0] = (byte) 0x80;
        senderReport[1] = (byte) 200;
        receiver.onDatagram(senderReport, 28, System.nanoTime(), recorded, window);
        receiver.onDatagram(new byte[] {(byte) 0x80, 0, 0}, 3, System.nanoTime(), recorded, window);
        byte[] unmarked = rtp(0);
        receiver.onDatagram(unmarked, 172, System.nanoTime(), recorded, window);
        assertEquals(1, recorded.rtcp);
        assertEquals(1, recorded.malformed);
        assertEquals(1, recorded.unmatched);
        assertEquals(0, recorded.received);
    }

    @Test
    void theWheelSpreadsCallsEvenlyOverTheTwentyMilliseconds() {
        int[] perSlot = new int[Pacer.SLOTS];
        for (int call = 0; call < 100; call++) {
            perSlot[Pacer.slotOf(call)]++;
        }
        for (int n : perSlot) {
            assertEquals(5, n);
        }
    }

    private static byte[] rtp(int timestamp) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        return p;
    }
}
