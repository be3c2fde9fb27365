package org.rtcsip.sidecar.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RTP packets per UDP flow (source port -> destination port) on 127.0.0.1, read from a classic
 * pcap file as tcpdump -w writes it. Only IPv4/UDP datagrams whose payload looks like RTP
 * (version 2, payload type outside the RTCP range 72-76, RFC 5761 §4) are counted, and kept (the UDP payload,
 * header included, in capture order) so a test can decode what a peer really received.
 */
public final class RtpFlows {

    /** Link types tcpdump may record on the loopback interface. */
    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    private final Map<Long, Long> packetsByFlow;
    private final Map<Long, List<byte[]>> datagramsByFlow;

    private RtpFlows(Map<Long, Long> packetsByFlow, Map<Long, List<byte[]>> datagramsByFlow) {
        this.packetsByFlow = packetsByFlow;
        this.datagramsByFlow = datagramsByFlow;
    }

    /** Parses a whole pcap file; throws {@link IllegalArgumentException} naming what is wrong. */
    public static RtpFlows parse(byte[] pcap) {
        if (pcap.length < 24) {
            throw new IllegalArgumentException("pcap: file shorter than its 24-byte global header ("
                    + pcap.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
        switch (magic) {
            case 0xa1b2c3d4, 0xa1b23c4d -> in.order(ByteOrder.BIG_ENDIAN);
            case 0xd4c3b2a1, 0x4d3cb2a1 -> in.order(ByteOrder.LITTLE_ENDIAN);
            case 0x0a0d0d0a -> throw new IllegalArgumentException(
                    "pcap: pcapng file; write classic pcap (tcpdump -w does)");
            default -> throw new IllegalArgumentException(
                    "pcap: bad magic number 0x" + Integer.toHexString(magic));
        }
        int linkType = in.getInt(20) & 0x0fffffff;
        Map<Long, Long> counts = new TreeMap<>();
        Map<Long, List<byte[]>> datagrams = new TreeMap<>();
        int offset = 24;
        while (offset < pcap.length) {
            if (pcap.length - offset < 16) {
                throw new IllegalArgumentException("pcap: truncated record header at byte " + offset);
            }
            int captured = in.getInt(offset + 8);
            int dataStart = offset + 16;
            if (captured < 0 || captured > pcap.length - dataStart) {
                // tcpdump killed mid-write leaves a partial last record: count what is complete
                break;
            }
            countPacket(pcap, linkType, dataStart, captured, counts, datagrams);
            offset = dataStart + captured;
        }
        return new RtpFlows(counts, datagrams);
    }

    /** Packet bytes are in network order whatever the file's byte order (the header's). */
    private static int u16(byte[] data, int at) {
        return (Byte.toUnsignedInt(data[at]) << 8) | Byte.toUnsignedInt(data[at + 1]);
    }

    private static void countPacket(byte[] in, int linkType, int start, int length, Map<Long, Long> counts,
            Map<Long, List<byte[]>> datagrams) {
        int ip;
        int etherType;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                ip = start + 14;
                etherType = length >= 14 ? u16(in, start + 12) : -1;
            }
            case LINKTYPE_LINUX_SLL -> {
                ip = start + 16;
                etherType = length >= 16 ? u16(in, start + 14) : -1;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                ip = start + 20;
                etherType = length >= 20 ? u16(in, start) : -1;
            }
            case LINKTYPE_NULL -> {
                ip = start + 4;
                etherType = 0x0800;
            }
            case LINKTYPE_RAW -> {
                ip = start;
                etherType = 0x0800;
            }
            default -> throw new IllegalArgumentException("pcap: unsupported link type " + linkType);
        }
        int end = start + length;
        if (etherType != 0x0800 || end - ip < 20) {
            return;
        }
        int versionAndIhl = Byte.toUnsignedInt(in[ip]);
        int headerLength = (versionAndIhl & 0x0f) * 4;
        if (versionAndIhl >> 4 != 4 || headerLength < 20 || Byte.toUnsignedInt(in[ip + 9]) != 17) {
            return;
        }
        int udp = ip + headerLength;
        int rtp = udp + 8;
        if (end - rtp < 12) {
            return;
        }
        int first = Byte.toUnsignedInt(in[rtp]);
        int payloadType = Byte.toUnsignedInt(in[rtp + 1]) & 0x7f;
        if (first >> 6 != 2 || (payloadType >= 72 && payloadType <= 76)) {
            return;
        }
        int sourcePort = u16(in, udp);
        int destinationPort = u16(in, udp + 2);
        // the UDP length, not the capture length: an Ethernet frame may carry padding after the datagram
        int udpLength = u16(in, udp + 4);
        int rtpEnd = udpLength >= 20 && udp + udpLength <= end ? udp + udpLength : end;
        long flow = flow(sourcePort, destinationPort);
        counts.merge(flow, 1L, Long::sum);
        datagrams.computeIfAbsent(flow, f -> new ArrayList<>()).add(Arrays.copyOfRange(in, rtp, rtpEnd));
    }

    private static long flow(int sourcePort, int destinationPort) {
        return ((long) sourcePort << 16) | destinationPort;
    }

    /** RTP packets sent from {@code sourcePort} to {@code destinationPort}. */
    public long packets(int sourcePort, int destinationPort) {
        return packetsByFlow.getOrDefault(flow(sourcePort, destinationPort), 0L);
    }

    /** RTP packets that arrived at {@code destinationPort}, from anywhere. */
    public long packetsTo(int destinationPort) {
        return senderCountsTo(destinationPort).values().stream().mapToLong(Long::longValue).sum();
    }

    /** RTP packets sent from {@code sourcePort}, to anywhere. */
    public long packetsFrom(int sourcePort) {
        long total = 0;
        for (Map.Entry<Long, Long> entry : packetsByFlow.entrySet()) {
            if (entry.getKey() >>> 16 == sourcePort) {
                total += entry.getValue();
            }
        }
        return total;
    }

    /** Source port -> RTP packets, for everything that arrived at {@code destinationPort}. */
    public Map<Integer, Long> senderCountsTo(int destinationPort) {
        Map<Integer, Long> senders = new TreeMap<>();
        for (Map.Entry<Long, Long> entry : packetsByFlow.entrySet()) {
            if ((entry.getKey() & 0xffff) == destinationPort) {
                senders.put((int) (entry.getKey() >>> 16), entry.getValue());
            }
        }
        return senders;
    }

    /**
     * The RTP packets (header and payload, as sent) from {@code sourcePort} to {@code destinationPort}, in
     * capture order; an unmodifiable list, empty if there were none.
     */
    public List<byte[]> rtpPackets(int sourcePort, int destinationPort) {
        return List.copyOf(datagramsByFlow.getOrDefault(flow(sourcePort, destinationPort), List.of()));
    }

    /** The RTP packets that arrived at {@code destinationPort} from anywhere, in capture order per sender port. */
    public List<byte[]> rtpPacketsTo(int destinationPort) {
        List<byte[]> packets = new ArrayList<>();
        for (Map.Entry<Long, List<byte[]>> entry : datagramsByFlow.entrySet()) {
            if ((entry.getKey() & 0xffff) == destinationPort) {
                packets.addAll(entry.getValue());
            }
        }
        return packets;
    }

    /** One line per flow, {@code 27000 -> 20400: 99}, for failure messages. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        packetsByFlow.forEach((flow, count) -> text.append(flow >>> 16).append(" -> ")
                .append(flow & 0xffff).append(": ").append(count).append('\n'));
        return text.length() == 0 ? "(no RTP captured)\n" : text.toString();
    }
}
