package org.rtcsip.bench.asterisk;

import java.util.ArrayList;
import java.util.List;
import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.testbed.pcap.RtpRecording;

/**
 * Where the bursts of a {@link BurstTone} begin in one RTP flow as a capture saw it, in capture time: each packet is
 * decoded (PCMU, or Opus at 8 kHz), and an onset is the first 2 ms window louder than {@value #LOUD} RMS after at
 * least 100 ms quieter than {@value #QUIET}; its time is its packet's capture time plus its place in the packet. Two
 * flows of one call, in and out of a PBX, give the PBX's one-way latency burst by burst.
 */
final class BurstOnsets {
    private static final int WINDOW = 16; // 2 ms at 8 kHz
    private static final double LOUD = 1500;
    private static final double QUIET = 700;
    private static final int QUIET_WINDOWS = 50;

    private BurstOnsets() {
    }

    /** The onsets (capture microseconds) in {@code packets}: one flow, capture order. */
    static List<Long> of(List<RtpRecording.Packet> packets) {
        List<Long> onsets = new ArrayList<>();
        short[] pcm = new short[960];
        int quietWindows = 0;
        try (AudioDecoder opus = OpusCodecs.select(OpusBackend.AUTO).decoder(8000)) {
            for (RtpRecording.Packet p : packets) {
                int n;
                if (p.payloadType() == 0) {
                    n = Math.min(p.payload().length, pcm.length);
                    G711.decodeUlaw(p.payload(), 0, n, pcm, 0);
                } else if (p.payloadType() == BurstTone.OPUS_PAYLOAD_TYPE) {
                    n = opus.decode(p.payload(), 0, p.payload().length, pcm, 0);
                } else {
                    continue; // telephone-events, comfort noise
                }
                for (int w = 0; w + WINDOW <= n; w += WINDOW) {
                    double sum = 0;
                    for (int i = w; i < w + WINDOW; i++) {
                        sum += (double) pcm[i] * pcm[i];
                    }
                    double rms = Math.sqrt(sum / WINDOW);
                    if (rms > LOUD && quietWindows >= QUIET_WINDOWS) {
                        onsets.add(p.timeMicros() + w * 125L); // 125 us a sample at 8 kHz
                    }
                    quietWindows = rms < QUIET ? quietWindows + 1 : 0;
                }
            }
        }
        return onsets;
    }

    /**
     * Latency of each input burst: to the first output onset after it and within one period (microseconds), in
     * burst order; a burst that never came out is left out.
     */
    static List<Long> latencies(List<Long> in, List<Long> out) {
        List<Long> latencies = new ArrayList<>();
        int next = 0;
        for (long t : in) {
            while (next < out.size() && out.get(next) < t) {
                next++;
            }
            if (next < out.size() && out.get(next) - t < BurstTone.PERIOD_MILLIS * 1000L) {
                latencies.add(out.get(next) - t);
                next++;
            }
        }
        return latencies;
    }
}
