package org.rtcsip.testbed.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes UDP datagrams on 127.0.0.1 into a classic pcap file, Ethernet-framed IPv4 as tcpdump -i lo records them:
 * what sipp's {@code play_pcap_audio} plays (sipp 3.6.1 takes Ethernet or Linux cooked only; it replaces addresses
 * and ports and keeps the RTP bytes and their timing), and captures for {@link RtpRecording}'s tests. Packets are
 * {@code interval} apart, whole (captured length = length).
 */
public final class PcapWriter {
    public static final int LINKTYPE_ETHERNET = 1;
    private static final long START_MICROS = 1_700_000_000_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final long intervalMicros;
    private long micros = START_MICROS;
    private int id = 1;

    /** A file in {@code order} whose header says {@code linkType}, packets 20 ms apart. */
    public PcapWriter(ByteOrder order, int linkType) {
        this(order, linkType, 20);
    }

    private PcapWriter(ByteOrder order, int linkType, int intervalMillis) {
        this.order = order;
        this.intervalMicros = intervalMillis * 1000L;
        ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(linkType);
        out.writeBytes(header.array());
    }

    /**
     * {@code rtpPackets} as sipp's play_pcap_audio wants them, one every {@code intervalMillis}, from
     * 127.0.0.1:6000 to :6002 (placeholders: sipp sends from and to the call's own addresses).
     */
    public static void writeRtp(Path file, List<byte[]> rtpPackets, int intervalMillis) throws IOException {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, LINKTYPE_ETHERNET, intervalMillis);
        for (byte[] rtp : rtpPackets) {
            pcap.udp(6000, 6002, rtp);
        }
        Files.write(file, pcap.bytes());
    }

    /** Appends one datagram {@code payload} from 127.0.0.1:{@code sourcePort} to 127.0.0.1:{@code destinationPort}. */
    public PcapWriter udp(int sourcePort, int destinationPort, byte[] payload) {
        int udpLength = 8 + payload.length;
        int ipLength = 20 + udpLength;
        ByteBuffer frame = ByteBuffer.allocate(14 + ipLength); // network byte order
        frame.put(new byte[12]).putShort((short) 0x0800);
        int ip = frame.position();
        frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) id++)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        frame.putShort(ip + 10, ipChecksum(frame.array(), ip));
        // UDP checksum 0 (none, RFC 768): sipp computes its own when it sends
        frame.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) udpLength)
                .putShort((short) 0).put(payload);
        ByteBuffer record = ByteBuffer.allocate(16).order(order);
        record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.capacity())
                .putInt(frame.capacity());
        out.writeBytes(record.array());
        out.writeBytes(frame.array());
        micros += intervalMicros;
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
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
