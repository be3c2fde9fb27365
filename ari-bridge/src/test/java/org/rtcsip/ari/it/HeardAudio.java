package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;

import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.testbed.audio.Goertzel;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.testbed.pcap.RtpRecording;

/** What a SIP peer heard, from the RTP tcpdump recorded at its port, decoded to 8 kHz, and the tone in it. */
final class HeardAudio {
    private HeardAudio() {
    }

    /** The PCMU (payload type 0) that arrived at {@code port}, in capture order. */
    static short[] pcmu(RtpRecording rtp, int port) {
        byte[] ulaw = rtp.payloadsTo(port, 0);
        short[] pcm = new short[ulaw.length];
        G711.decodeUlaw(ulaw, 0, ulaw.length, pcm, 0);
        return pcm;
    }

    /** The Opus of {@code payloadType} that arrived at {@code port}, decoded with media-sidecar's decoder. */
    static short[] opus(RtpRecording rtp, int port, int payloadType) {
        short[] out = new short[8000];
        int length = 0;
        short[] frame = new short[960];
        try (AudioDecoder decoder = OpusCodecs.select(OpusBackend.AUTO).decoder(8000)) {
            for (RtpRecording.Packet p : rtp.to(port)) {
                if (p.payloadType() == payloadType) {
                    int n = decoder.decode(p.payload(), 0, p.payload().length, frame, 0);
                    if (n > 0) {
                        if (length + n > out.length) {
                            out = Arrays.copyOf(out, 2 * (length + n));
                        }
                        System.arraycopy(frame, 0, out, length, n);
                        length += n;
                    }
                }
            }
        }
        return Arrays.copyOf(out, length);
    }

    /**
     * {@code heard} (8 kHz) carries a clean tone at {@code hz}: from its second second on (ICE, DTLS, a fake
     * microphone settle in the first), two seconds of it, the dominant frequency within 3 Hz and the median SNR of
     * 100 ms blocks above 20 dB, as media-sidecar's browser tests judge G.711.
     */
    static void assertTone(short[] heard, int hz, String what, Supplier<String> why) {
        double dominant = dominant(heard, hz, what, why);
        double snr = SignalMetrics.medianBlockSnrDb(heard, 8000, 20, 800, dominant, 8000);
        assertTrue(snr > 20, () -> what + ": median SNR of 100 ms blocks " + snr + " dB (> 20): " + why.get());
    }

    /**
     * As {@link #assertTone} for audio that crossed Opus, a perceptual codec that does not keep the waveform (a 440 Hz
     * tone through it measures 18-19 dB of waveform SNR): the tone must carry 75 % of the energy instead, the median
     * of 100 ms blocks (a frame media-sidecar leaves out of Asterisk's overfull queue costs a block, not the tone).
     */
    static void assertOpusTone(short[] heard, int hz, String what, Supplier<String> why) {
        double dominant = dominant(heard, hz, what, why);
        double share = Goertzel.medianBlockShare(java.util.Arrays.copyOfRange(heard, 8000, 24000), 800, dominant,
                8000);
        assertTrue(share > 0.75, () -> what + ": share of the energy at " + dominant + " Hz " + share + " (> 0.75): "
                + why.get());
    }

    private static double dominant(short[] heard, int hz, String what, Supplier<String> why) {
        assertTrue(heard.length >= 3 * 8000, () -> what + ": at least 3 s of audio, got " + heard.length
                + " samples: " + why.get());
        double dominant = SignalMetrics.dominantFrequency(heard, 8000, 16000, 8000, 100, 3900);
        assertEquals(hz, dominant, 3.0, () -> what + ": " + why.get());
        return dominant;
    }
}
