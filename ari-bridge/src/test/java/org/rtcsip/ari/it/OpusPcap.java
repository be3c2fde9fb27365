package org.rtcsip.ari.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;

/**
 * A capture for sipp's play_pcap_audio (conf-samples/sipp/uac-opus-pcap.xml): Ethernet/IPv4/UDP/RTP, payload type
 * 111, one 20 ms Opus packet of a sine tone every 20 ms, coded with media-sidecar's Opus encoder. sipp rewrites
 * addresses and ports; it keeps the timing.
 */
final class OpusPcap {
    private OpusPcap() {
    }

    static void write(Path file, double frequency, int seconds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(1); // LINKTYPE_ETHERNET
        out.write(global.array());
        short[] pcm = new short[160];
        byte[] opus = new byte[1500];
        try (AudioEncoder encoder = OpusCodecs.select(OpusBackend.AUTO).encoder(OpusEncoderSettings.defaults())) {
            for (int n = 0; n < seconds * 50; n++) {
                for (int i = 0; i < 160; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * frequency * (n * 160 + i) / 8000.0));
                }
                int len = encoder.encode(pcm, 0, 160, opus, 0, opus.length);
                int rtp = 12 + len;
                int udp = 8 + rtp;
                int ip = 20 + udp;
                ByteBuffer p = ByteBuffer.allocate(14 + ip).order(ByteOrder.BIG_ENDIAN);
                p.put(new byte[12]).putShort((short) 0x0800);
                int ipStart = p.position();
                p.put((byte) 0x45).put((byte) 0).putShort((short) ip).putShort((short) n).putShort((short) 0)
                        .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1})
                        .put(new byte[] {127, 0, 0, 1});
                p.putShort(ipStart + 10, checksum(p.array(), ipStart, 20));
                p.putShort((short) 40000).putShort((short) 40002).putShort((short) udp).putShort((short) 0);
                p.put((byte) 0x80).put((byte) 111).putShort((short) n).putInt(n * 960).putInt(0x0a0b0c0d);
                p.put(opus, 0, len);
                long micros = n * 20_000L;
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(p.capacity())
                        .putInt(p.capacity());
                out.write(rec.array());
                out.write(p.array());
            }
        }
        Files.write(file, out.toByteArray());
    }

    private static short checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
