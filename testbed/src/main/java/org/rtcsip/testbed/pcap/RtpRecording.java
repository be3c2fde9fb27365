package org.rtcsip.testbed.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RTP packets of a classic pcap file as tcpdump -w writes it on lo, so a test counts and decodes what a peer
 * really received (sipp reports no received-packet count). Reads either byte order with the link types tcpdump
 * writes for lo (Ethernet, Linux cooked v1/v2, raw IP, BSD null); IPv4 UDP only; datagrams that are not RTP
 * version 2, or are RTCP (payload types 72-76, RFC 5761 §4), are left out.
 */
public final class RtpRecording {

    /**
     * One RTP packet: UDP ports, header fields, the whole RTP datagram as sent, its payload, and when the capture
     * saw it (the record's timestamp, microseconds since the epoch: tcpdump's kernel timestamp on lo).
     */
    public record Packet(int sourcePort, int destinationPort, int payloadType, int sequence, long ssrc, byte[] rtp,
            byte[] payload, long timeMicros) {
    }

    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    private final List<Packet> packets;

    private RtpRecording(List<Packet> packets) {
        this.packets = packets;
    }

    /**
     * Parses a whole pcap file; a partial last record (tcpdump killed mid-write) is left out.
     *
     * @throws IllegalArgumentException "pcap: ..." naming what is wrong with the file
     */
    public static RtpRecording parse(byte[] pcap) {
        if (pcap.length < 24) {
            throw new IllegalArgumentException("pcap: file shorter than its 24-byte global header (" + pcap.length
                    + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
        switch (magic) {
            case 0xa1b2c3d4, 0xa1b23c4d -> in.order(ByteOrder.BIG_ENDIAN);
            case 0xd4c3b2a1, 0x4d3cb2a1 -> in.order(ByteOrder.LITTLE_ENDIAN);
            case 0x0a0d0d0a -> throw new IllegalArgumentException(
                    "pcap: pcapng file; write classic pcap (tcpdump -w does)");
            default -> throw new IllegalArgumentException("pcap: bad magic number 0x" + Integer.toHexString(magic));
        }
        int linkType = in.getInt(20) & 0x0fffffff;
        boolean nanosecondStamps = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
        List<Packet> packets = new ArrayList<>();
        int offset = 24;
        while (offset < pcap.length) {
            if (pcap.length - offset < 16) {
                throw new IllegalArgumentException("pcap: truncated record header at byte " + offset);
            }
            int captured = in.getInt(offset + 8);
            int dataStart = offset + 16;
            if (captured < 0 || captured > pcap.length - dataStart) {
                break; // tcpdump killed mid-write leaves a partial last record: keep what is complete
            }
            long micros = (in.getInt(offset) & 0xffffffffL) * 1_000_000L + (in.getInt(offset + 4) & 0xffffffffL)
                    / (nanosecondStamps ? 1000 : 1);
            Packet packet = rtp(pcap, linkType, dataStart, captured, micros);
            if (packet != null) {
                packets.add(packet);
            }
            offset = dataStart + captured;
        }
        return new RtpRecording(List.copyOf(packets));
    }

    /** Packet bytes are in network order whatever the file's byte order (the header's). */
    private static int u16(byte[] data, int at) {
        return (Byte.toUnsignedInt(data[at]) << 8) | Byte.toUnsignedInt(data[at + 1]);
    }

    private static Packet rtp(byte[] in, int linkType, int start, int length, long timeMicros) {
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
            case LINKTYPE_NULL, LINKTYPE_RAW -> {
                ip = start + (linkType == LINKTYPE_NULL ? 4 : 0);
                etherType = 0x0800;
            }
            default -> throw new IllegalArgumentException("pcap: unsupported link type " + linkType);
        }
        int end = start + length;
        if (etherType != 0x0800 || end - ip < 20) {
            return null;
        }
        int versionAndIhl = Byte.toUnsignedInt(in[ip]);
        int headerLength = (versionAndIhl & 0x0f) * 4;
        if (versionAndIhl >> 4 != 4 || headerLength < 20 || Byte.toUnsignedInt(in[ip + 9]) != 17) {
            return null;
        }
        int udp = ip + headerLength;
        int rtp = udp + 8;
        if (end - rtp < 12) {
            return null;
        }
        int first = Byte.toUnsignedInt(in[rtp]);
        int payloadType = Byte.toUnsignedInt(in[rtp + 1]) & 0x7f;
        if (first >> 6 != 2 || (payloadType >= 72 && payloadType <= 76)) {
            return null;
        }
        // the UDP length, not the capture length: an Ethernet frame may carry padding after the datagram
        int udpLength = u16(in, udp + 4);
        int rtpEnd = udpLength >= 20 && udp + udpLength <= end ? udp + udpLength : end;
        long ssrc = ByteBuffer.wrap(in, rtp + 8, 4).getInt() & 0xffffffffL;
        return new Packet(u16(in, udp), u16(in, udp + 2), payloadType, u16(in, rtp + 2), ssrc,
                Arrays.copyOfRange(in, rtp, rtpEnd), payload(in, rtp, rtpEnd), timeMicros);
    }

    /** RFC 3550 §5.1: CSRC list, then an optional extension header (§5.3.1), then the payload and its padding. */
    private static byte[] payload(byte[] in, int rtp, int end) {
        int first = Byte.toUnsignedInt(in[rtp]);
        int payload = rtp + 12 + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            payload = end - payload < 4 ? end + 1 : payload + 4 + 4 * u16(in, payload + 2);
        }
        int payloadEnd = end;
        if ((first & 0x20) != 0 && payloadEnd > payload) {
            payloadEnd -= Byte.toUnsignedInt(in[end - 1]);
        }
        return payloadEnd < payload ? new byte[0] : Arrays.copyOfRange(in, payload, payloadEnd);
    }

    /** Every RTP packet, in capture order. */
    public List<Packet> packets() {
        return packets;
    }

    /** The RTP packets that arrived at {@code destinationPort}, in capture order. */
    public List<Packet> to(int destinationPort) {
        return packets.stream().filter(p -> p.destinationPort() == destinationPort).toList();
    }

    /** RTP packets sent from {@code sourcePort} to {@code destinationPort}. */
    public long packets(int sourcePort, int destinationPort) {
        return packets.stream().filter(p -> p.sourcePort() == sourcePort && p.destinationPort() == destinationPort)
                .count();
    }

    /** RTP packets that arrived at {@code destinationPort}, from anywhere. */
    public long packetsTo(int destinationPort) {
        return to(destinationPort).size();
    }

    /** RTP packets sent from {@code sourcePort}, to anywhere. */
    public long packetsFrom(int sourcePort) {
        return packets.stream().filter(p -> p.sourcePort() == sourcePort).count();
    }

    /** Source port -> RTP packets, for everything that arrived at {@code destinationPort}. */
    public Map<Integer, Long> senderCountsTo(int destinationPort) {
        Map<Integer, Long> senders = new TreeMap<>();
        for (Packet p : to(destinationPort)) {
            senders.merge(p.sourcePort(), 1L, Long::sum);
        }
        return senders;
    }

    /** Payload type -> packets, for everything that arrived at {@code destinationPort}. */
    public Map<Integer, Long> payloadTypesTo(int destinationPort) {
        Map<Integer, Long> types = new TreeMap<>();
        for (Packet p : to(destinationPort)) {
            types.merge(p.payloadType(), 1L, Long::sum);
        }
        return types;
    }

    /**
     * The RTP datagrams (header and payload, as sent) that arrived at {@code destinationPort}, sender port by sender
     * port, each sender's in capture order.
     */
    public List<byte[]> rtpPacketsTo(int destinationPort) {
        return to(destinationPort).stream().sorted(Comparator.comparingInt(Packet::sourcePort)).map(Packet::rtp)
                .toList();
    }

    /**
     * The payloads of type {@code payloadType} that arrived at {@code destinationPort}, one after the other in
     * capture order (loopback does not reorder): the coded audio a peer heard.
     */
    public byte[] payloadsTo(int destinationPort, int payloadType) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Packet p : to(destinationPort)) {
            if (p.payloadType() == payloadType) {
                all.writeBytes(p.payload());
            }
        }
        return all.toByteArray();
    }

    /** One line per flow and payload type, {@code 27000 -> 20400 PT 0: 99}, for failure messages. */
    @Override
    public String toString() {
        Map<String, Long> flows = new TreeMap<>();
        for (Packet p : packets) {
            flows.merge(p.sourcePort() + " -> " + p.destinationPort() + " PT " + p.payloadType(), 1L, Long::sum);
        }
        StringBuilder text = new StringBuilder();
        flows.forEach((flow, count) -> text.append(flow).append(": ").append(count).append('\n'));
        return text.length() == 0 ? "(no RTP captured)\n" : text.toString();
    }
}
