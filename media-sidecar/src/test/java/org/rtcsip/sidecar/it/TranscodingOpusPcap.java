package org.rtcsip.sidecar.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes RTP packets into a classic pcap file (Ethernet, IPv4, UDP) the way sipp's {@code play_pcap_audio} reads
 * one: link type 1 (sipp 3.6.1 takes Ethernet or Linux cooked only), whole packets (captured length = length), one
 * packet every {@code intervalMillis}. sipp replaces the addresses and ports and keeps the RTP bytes and the
 * timing, so the capture's own addresses are placeholders (127.0.0.1:6000 -> :6002).
 */
public final class TranscodingOpusPcap {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SOURCE_PORT = 6000;
    private static final int DESTINATION_PORT = 6002;

    private TranscodingOpusPcap() {
    }

    public static void write(Path file, List<byte[]> rtpPackets, int intervalMillis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_ETHERNET);
        out.write(header.array());
        long micros = 1_700_000_000_000_000L;
        int id = 1;
        for (byte[] rtp : rtpPackets) {
            byte[] frame = frame(rtp, id++);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
                    .putInt(frame.length);
            out.write(record.array());
            out.write(frame);
            micros += intervalMillis * 1000L;
        }
        Files.write(file, out.toByteArray());
    }

    private static byte[] frame(byte[] rtp, int id) {
        int udpLength = 8 + rtp.length;
        int ipLength = 20 + udpLength;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLength); // network byte order
        f.put(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).putShort((short) 0x0800);
        int ip = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) id).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        f.putShort(ip + 10, ipChecksum(f.array(), ip));
        // UDP checksum 0 (none, RFC 768): sipp computes its own when it sends
        f.putShort((short) SOURCE_PORT).putShort((short) DESTINATION_PORT).putShort((short) udpLength)
                .putShort((short) 0).put(rtp);
        return f.array();
    }

    /** RFC 791 header checksum: one's complement of the one's complement sum of the 16-bit words. */
    private static short ipChecksum(byte[] b, int off) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
