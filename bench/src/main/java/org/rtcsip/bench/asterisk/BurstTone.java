package org.rtcsip.bench.asterisk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.testbed.pcap.PcapWriter;
import org.rtcsip.testbed.pcap.RtpPackets;

/**
 * What a bench phone says: bursts of a sine with known timing, {@value #ON_MILLIS} ms on every
 * {@value #PERIOD_MILLIS} ms (the onsets a receiver finds again; a period longer than any latency we expect keeps
 * them from being confused), at 8 kHz, written as the RTP capture sipp's play_pcap_audio plays, 20 ms a packet: PCMU
 * (payload type 0) or Opus (111, media-sidecar's encoder).
 */
final class BurstTone {
    static final int PERIOD_MILLIS = 1000;
    static final int ON_MILLIS = 200;
    static final int OPUS_PAYLOAD_TYPE = 111;
    private static final int FRAME = 160;
    private static final double AMPLITUDE = 8000;

    private BurstTone() {
    }

    /** {@code seconds} of the bursts at {@code frequency}, 8 kHz. */
    static short[] pcm(double frequency, int seconds) {
        short[] x = new short[seconds * 8000];
        int period = PERIOD_MILLIS * 8;
        int on = ON_MILLIS * 8;
        for (int i = 0; i < x.length; i++) {
            x[i] = i % period < on ? (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequency * i / 8000.0))
                    : 0;
        }
        return x;
    }

    static void writePcmu(Path file, double frequency, int seconds) throws IOException {
        short[] x = pcm(frequency, seconds);
        List<byte[]> packets = new ArrayList<>();
        for (int n = 0; n * FRAME < x.length; n++) {
            byte[] payload = new byte[FRAME];
            G711.encodeUlaw(x, n * FRAME, FRAME, payload, 0);
            packets.add(RtpPackets.packet(0, n == 0, n, (long) n * FRAME, 0x5eed0000L, payload));
        }
        PcapWriter.writeRtp(file, packets, 20);
    }

    static void writeOpus(Path file, double frequency, int seconds) throws IOException {
        short[] x = pcm(frequency, seconds);
        List<byte[]> packets = new ArrayList<>();
        byte[] out = new byte[1500];
        try (AudioEncoder encoder = OpusCodecs.select(OpusBackend.AUTO).encoder(OpusEncoderSettings.defaults())) {
            for (int n = 0; n * FRAME < x.length; n++) {
                int len = encoder.encode(x, n * FRAME, FRAME, out, 0, out.length);
                packets.add(RtpPackets.packet(OPUS_PAYLOAD_TYPE, n == 0, n, n * 960L, 0x5eed0001L,
                        Arrays.copyOf(out, len)));
            }
        }
        PcapWriter.writeRtp(file, packets, 20);
    }
}
