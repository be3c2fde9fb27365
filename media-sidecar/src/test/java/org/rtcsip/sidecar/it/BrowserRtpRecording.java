package org.rtcsip.sidecar.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rtcsip.sidecar.codec.G711;

/**
 * The RTP packets of a pcap file (tcpdump -w on lo), with their payloads, so a test can decode and analyse what a
 * trunk really received. Reads classic pcap in either byte order with the link types tcpdump writes for lo
 * (Ethernet, Linux cooked v1/v2, raw IP, BSD null); IPv4 UDP only; packets that are not RTP version 2, or are
 * RTCP (payload types 72-76), are skipped.
 */
public final class BrowserRtpRecording {

    /** One RTP packet: UDP ports, header fields, payload (a copy). */
    public record Packet(int sourcePort, int destinationPort, int payloadType, int sequence, long ssrc,
            byte[] payload) {
    }

    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;
    private static final int PAYLOAD_TYPE_PCMU = 0;

    private final List<Packet> packets;

    private BrowserRtpRecording(List<Packet> packets) {
        this.packets = packets;
    }

    /** Parses a whole pcap file; a partial last record (tcpdump stopped mid-write) is ignored. */
    public static BrowserRtpRecording parse(byte[] pcap) {
        if (pcap.length < 24) {
            throw new IllegalArgumentException("pcap: file shorter than its 24-byte global header (" + pcap.length
                    + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0x0a0d0d0a) {
            throw new IllegalArgumentException("pcap: pcapng file; write classic pcap (tcpdump -w does)");
        } else {
            throw new IllegalArgumentException("pcap: bad magic number 0x" + Integer.toHexString(magic));
        }
        int linkType = in.getInt(20) & 0x0fffffff;
        List<Packet> packets = new ArrayList<>();
        int offset = 24;
        while (pcap.length - offset >= 16) {
            int captured = in.getInt(offset + 8);
            int dataStart = offset + 16;
            if (captured < 0 || captured > pcap.length - dataStart) {
                break;
            }
            Packet packet = rtp(pcap, linkType, dataStart, captured);
            if (packet != null) {
                packets.add(packet);
            }
            offset = dataStart + captured;
        }
        return new BrowserRtpRecording(List.copyOf(packets));
    }

    private static int u16(byte[] data, int at) {
        return (Byte.toUnsignedInt(data[at]) << 8) | Byte.toUnsignedInt(data[at + 1]);
    }

    private static Packet rtp(byte[] in, int linkType, int start, int length) {
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
        // RFC 3550 §5.1: CSRC list, then an optional extension header, then the payload and its padding
        int payload = rtp + 12 + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (end - payload < 4) {
                return null;
            }
            payload += 4 + 4 * u16(in, payload + 2);
        }
        int payloadEnd = end;
        if ((first & 0x20) != 0 && payloadEnd > payload) {
            payloadEnd -= Byte.toUnsignedInt(in[end - 1]);
        }
        if (payloadEnd < payload) {
            return null;
        }
        long ssrc = ByteBuffer.wrap(in, rtp + 8, 4).getInt() & 0xffffffffL;
        return new Packet(u16(in, udp), u16(in, udp + 2), payloadType, u16(in, rtp + 2), ssrc,
                Arrays.copyOfRange(in, payload, payloadEnd));
    }

    /** Every RTP packet, in capture order. */
    public List<Packet> packets() {
        return packets;
    }

    /** The RTP packets that arrived at {@code destinationPort}, in capture order. */
    public List<Packet> to(int destinationPort) {
        return packets.stream().filter(p -> p.destinationPort() == destinationPort).toList();
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
     * The PCMU (payload type 0) audio that arrived at {@code destinationPort}, decoded to 16-bit samples at 8 kHz in
     * capture order (loopback does not reorder); packets of other payload types are left out.
     */
    public short[] pcmuAudioTo(int destinationPort) {
        List<Packet> pcmu = to(destinationPort).stream().filter(p -> p.payloadType() == PAYLOAD_TYPE_PCMU).toList();
        int samples = pcmu.stream().mapToInt(p -> p.payload().length).sum();
        short[] pcm = new short[samples];
        int at = 0;
        for (Packet p : pcmu) {
            for (byte code : p.payload()) {
                pcm[at++] = G711.ulawToLinear(code);
            }
        }
        return pcm;
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
