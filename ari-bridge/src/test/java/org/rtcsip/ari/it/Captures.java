package org.rtcsip.ari.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.testbed.pcap.PcapWriter;
import org.rtcsip.testbed.pcap.RtpPackets;
import org.rtcsip.testbed.pcap.TelephoneEvents;
import org.rtcsip.testbed.repo.Repository;

/**
 * The captures sipp plays with play_pcap_audio in these tests (20 ms a packet; sipp rewrites addresses and ports,
 * keeps the RTP and its timing): the Opus phone's tone, and the G.711 trunk's tone with DTMF keyed in it.
 */
final class Captures {
    /** The payload type conf-samples/sipp/uas-pcmu-dtmf-pcap.xml gives telephone-event/8000. */
    static final int TRUNK_EVENT_PAYLOAD_TYPE = 101;
    /** The payload type of Opus in conf-samples/sipp/uac-opus-pcap.xml. */
    static final int PHONE_OPUS_PAYLOAD_TYPE = 111;

    private Captures() {
    }

    /** {@code seconds} of a sine at {@code frequency}, Opus (media-sidecar's encoder, 8 kHz in), payload type 111. */
    static void opusTone(Path file, double frequency, int seconds) throws IOException {
        short[] pcm = new short[160];
        byte[] opus = new byte[1500];
        List<byte[]> packets = new ArrayList<>();
        try (AudioEncoder encoder = OpusCodecs.select(OpusBackend.AUTO).encoder(OpusEncoderSettings.defaults())) {
            for (int n = 0; n < seconds * 50; n++) {
                for (int i = 0; i < 160; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * frequency * (n * 160 + i) / 8000.0));
                }
                int len = encoder.encode(pcm, 0, 160, opus, 0, opus.length);
                packets.add(RtpPackets.packet(PHONE_OPUS_PAYLOAD_TYPE, n == 0, n, n * 960L, 0x0a0b0c0dL,
                        Arrays.copyOf(opus, len)));
            }
        }
        PcapWriter.writeRtp(file, packets, 20);
    }

    /**
     * The trunk speaking: conf-samples/sipp's 440 Hz PCMU tone for {@code toneBefore} packets, then each of
     * {@code digits} as an RFC 4733 event of 100 ms (no audio while it lasts, as most senders do, RFC 4733 §2.5.1.2)
     * followed by 160 ms of the tone, then the tone for {@code toneAfter} packets.
     */
    static void trunkToneWithDigits(Path file, int toneBefore, String digits, int toneAfter) throws IOException {
        byte[] tone = Files.readAllBytes(Repository.sippFile("tone-440hz-1s.pcmu"));
        List<byte[]> packets = new ArrayList<>();
        long ssrc = 0x7e1e7e1eL;
        int[] seq = {0};
        long[] timestamp = {0};
        Runnable audio = () -> {
            int at = (int) (timestamp[0] % tone.length);
            byte[] payload = new byte[160];
            for (int i = 0; i < 160; i++) {
                payload[i] = tone[(at + i) % tone.length];
            }
            packets.add(RtpPackets.packet(0, seq[0] == 0, seq[0]++, timestamp[0], ssrc, payload));
            timestamp[0] += 160;
        };
        for (int i = 0; i < toneBefore; i++) {
            audio.run();
        }
        for (char digit : digits.toCharArray()) {
            List<byte[]> event = TelephoneEvents.payloads(digit, 5, 160);
            for (int i = 0; i < event.size(); i++) {
                packets.add(RtpPackets.packet(TRUNK_EVENT_PAYLOAD_TYPE, i == 0, seq[0]++, timestamp[0], ssrc,
                        event.get(i)));
            }
            timestamp[0] += 5 * 160 + 2 * 160; // the event's duration and the two end retransmissions' slots
            for (int i = 0; i < 8; i++) {
                audio.run();
            }
        }
        for (int i = 0; i < toneAfter; i++) {
            audio.run();
        }
        PcapWriter.writeRtp(file, packets, 20);
    }
}
