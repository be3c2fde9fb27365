package org.rtcsip.sidecar.it;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.sidecar.codec.ToneGenerator;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.testbed.audio.Goertzel;

/**
 * Audio for the transcoding tests, made and judged outside the sidecar's codec classes: Opus straight from
 * Concentus at 48 kHz fullband as a browser sends it (the sidecar encodes from 8 kHz narrowband), G.711 from the
 * ITU tables, and the RTP packets around them.
 */
public final class TranscodingSignals {
    public static final int OPUS_PT = 111;
    public static final int OPUS_EVENTS_PT = 110;
    public static final int PCMU_PT = 0;
    public static final int PCMU_EVENTS_PT = 101;
    /** 20 ms at the Opus RTP clock (RFC 7587 §4.1: always 48 kHz) and at 8 kHz. */
    public static final int OPUS_TICKS_PER_PACKET = 960;
    public static final int PCMU_SAMPLES_PER_PACKET = 160;
    /** Peak of the test tones: -12 dBFS, speech-like level, far from clipping. */
    public static final double TONE_AMPLITUDE = 8000;
    private static final int OPUS_BITRATE = 32000;

    private TranscodingSignals() {
    }

    /** A browser's audio offer after Kamailio's ICE/DTLS removal: Opus and telephone-event/48000 on RTP/AVP. */
    public static String browserSdp(int port) {
        return "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 111 110\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=rtpmap:110 telephone-event/48000\r\na=fmtp:110 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** A SIP trunk that speaks PCMU and telephone-event/8000 only. */
    public static String trunkSdp(int port) {
        return "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\na=sendrecv\r\n";
    }

    /** An RTP packet (RFC 3550 §5.1) with no CSRC and no extension. */
    public static byte[] rtp(int payloadType, boolean marker, int seq, long timestamp, int ssrc, byte[] payload,
            int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        RtpHeader.setPayloadType(p, 0, payloadType);
        RtpHeader.setMarker(p, 0, marker);
        RtpHeader.setSequenceNumber(p, 0, seq & 0xFFFF);
        RtpHeader.setTimestamp(p, 0, timestamp & 0xFFFFFFFFL);
        RtpHeader.setSsrc(p, 0, ssrc);
        System.arraycopy(payload, 0, p, 12, payloadLength);
        return p;
    }

    /**
     * The Opus mode a browser's encoder picks (RFC 6716 §2.1.3, TOC configurations): at its default 32 kbit/s,
     * speech goes out as hybrid (SILK below 8 kHz + CELT above); lower bitrates give SILK alone, music CELT alone.
     */
    public enum OpusMode {
        /** SILK wideband, TOC configurations 8-11. */
        SILK_WIDEBAND,
        /** SILK + CELT fullband, TOC configurations 14-15: what a browser sends for speech at 32 kbit/s. */
        HYBRID_FULLBAND,
        /** CELT fullband, TOC configurations 28-31. */
        CELT_FULLBAND;

        /** True if the TOC byte of an Opus payload says this mode (RFC 6716 §3.1). */
        public boolean matchesToc(int toc) {
            int config = (toc & 0xFF) >> 3;
            return switch (this) {
                case SILK_WIDEBAND -> config >= 8 && config <= 11;
                case HYBRID_FULLBAND -> config == 14 || config == 15;
                case CELT_FULLBAND -> config >= 28;
            };
        }
    }

    /** A browser-like Opus encoder: Concentus at 48 kHz mono, VOIP, 32 kbit/s, optionally with in-band FEC. */
    public static final class OpusSender {
        private final OpusEncoder encoder;
        private final ToneGenerator tone;
        private final byte[] payload = new byte[1500];
        private final int ssrc;
        private int seq;
        private long timestamp;
        private boolean first = true;

        public OpusSender(double frequency, OpusMode mode, boolean inbandFec, int ssrc, int firstSeq,
                long firstTimestamp) {
            try {
                encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            } catch (OpusException e) {
                throw new IllegalStateException("concentus refused a 48 kHz encoder", e);
            }
            encoder.setBitrate(OPUS_BITRATE);
            switch (mode) {
                case SILK_WIDEBAND -> encoder.setBandwidth(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
                case HYBRID_FULLBAND -> encoder.setBandwidth(OpusBandwidth.OPUS_BANDWIDTH_FULLBAND);
                case CELT_FULLBAND -> encoder.setForceMode(io.github.jaredmdobson.concentus.OpusMode.MODE_CELT_ONLY);
            }
            encoder.setUseInbandFEC(inbandFec);
            // FEC (LBRR) is only coded when the encoder expects loss
            encoder.setPacketLossPercent(inbandFec ? 20 : 0);
            this.tone = new ToneGenerator(frequency, TONE_AMPLITUDE, 48000);
            this.ssrc = ssrc;
            this.seq = firstSeq;
            this.timestamp = firstTimestamp;
        }

        /** The next 20 ms of the tone as an RTP packet; sequence number and timestamp move on. */
        public byte[] next() {
            int n;
            try {
                n = encoder.encode(tone.next(OPUS_TICKS_PER_PACKET), 0, OPUS_TICKS_PER_PACKET, payload, 0,
                        payload.length);
            } catch (OpusException e) {
                throw new IllegalStateException("concentus could not encode a tone frame", e);
            }
            byte[] p = rtp(OPUS_PT, first, seq++, timestamp, ssrc, payload, n);
            timestamp += OPUS_TICKS_PER_PACKET;
            first = false;
            return p;
        }

        /** Sequence number of the next packet, to interleave other payload types (telephone-event) in order. */
        public int takeSeq() {
            return seq++;
        }

        /** RTP timestamp of the next audio packet. */
        public long timestamp() {
            return timestamp;
        }

        /** Moves the audio clock on without sending, as a sender does while an event replaces its audio. */
        public void skip(long ticks) {
            timestamp += ticks;
            tone.next((int) ticks);
        }
    }

    /** PCMU of a tone in 20 ms RTP packets, as a SIP phone sends it. */
    public static final class PcmuSender {
        private final ToneGenerator tone;
        private final byte[] ulaw = new byte[PCMU_SAMPLES_PER_PACKET];
        private final int ssrc;
        private int seq;
        private long timestamp;
        private boolean first = true;

        public PcmuSender(double frequency, int ssrc, int firstSeq, long firstTimestamp) {
            this.tone = new ToneGenerator(frequency, TONE_AMPLITUDE, 8000);
            this.ssrc = ssrc;
            this.seq = firstSeq;
            this.timestamp = firstTimestamp;
        }

        public byte[] next() {
            G711.encodeUlaw(tone.next(PCMU_SAMPLES_PER_PACKET), 0, PCMU_SAMPLES_PER_PACKET, ulaw, 0);
            byte[] p = rtp(PCMU_PT, first, seq++, timestamp, ssrc, ulaw, ulaw.length);
            timestamp += PCMU_SAMPLES_PER_PACKET;
            first = false;
            return p;
        }

        public int takeSeq() {
            return seq++;
        }

        public long timestamp() {
            return timestamp;
        }

        public void skip(long samples) {
            timestamp += samples;
            tone.next((int) samples);
        }
    }

    /** The packets of {@code packets} with payload type {@code payloadType}, in order. */
    public static List<byte[]> withPayloadType(List<byte[]> packets, int payloadType) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : packets) {
            if (RtpHeader.payloadType(p, 0, p.length) == payloadType) {
                out.add(p);
            }
        }
        return out;
    }

    /** The payloads of PCMU packets, in the order given, decoded with the G.711 tables. */
    public static short[] decodePcmu(List<byte[]> packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            int off = RtpHeader.payloadOffset(p, 0, p.length);
            all.write(p, off, RtpHeader.payloadLength(p, 0, p.length));
        }
        byte[] ulaw = all.toByteArray();
        short[] pcm = new short[ulaw.length];
        G711.decodeUlaw(ulaw, 0, ulaw.length, pcm, 0);
        return pcm;
    }

    /** Opus packets decoded by a fresh Concentus decoder at {@code sampleRate}, mono, in the order given. */
    public static short[] decodeOpus(List<byte[]> packets, int sampleRate) {
        OpusDecoder decoder;
        try {
            decoder = new OpusDecoder(sampleRate, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a decoder at " + sampleRate, e);
        }
        int maxFrame = sampleRate * 120 / 1000;
        short[] pcm = new short[packets.size() * maxFrame];
        int at = 0;
        for (byte[] p : packets) {
            int off = RtpHeader.payloadOffset(p, 0, p.length);
            try {
                at += decoder.decode(p, off, RtpHeader.payloadLength(p, 0, p.length), pcm, at, maxFrame, false);
            } catch (OpusException e) {
                throw new AssertionError("an Opus packet the sidecar sent does not decode: " + e.getMessage(), e);
            }
        }
        return Arrays.copyOf(pcm, at);
    }

    /** What a decoded tone sounds like, after the codecs' start-up: dominant frequency and SNR against a sine. */
    public record Heard(double frequency, double snrDb, double amplitude, int samples) {
        @Override
        public String toString() {
            return String.format("%.1f Hz, SNR %.1f dB, amplitude %.0f over %d samples", frequency, snrDb, amplitude,
                    samples);
        }
    }

    /**
     * Measures {@code pcm} from {@code skipMillis} on: its dominant frequency, and the SNR and amplitude of the
     * sine at {@code toneHz} fitted to it (at the tone's own frequency: a 0.1 Hz estimation error would turn into
     * phase drift and understate the SNR).
     */
    public static Heard listen(short[] pcm, int sampleRate, int skipMillis, double toneHz) {
        int from = Math.min(pcm.length, sampleRate * skipMillis / 1000);
        int n = pcm.length - from;
        if (n < sampleRate / 10) {
            return new Heard(0, Double.NEGATIVE_INFINITY, 0, n);
        }
        double f = SignalMetrics.dominantFrequency(pcm, from, n, sampleRate, 100, 3800);
        return new Heard(f, SignalMetrics.snrDb(pcm, from, n, toneHz, sampleRate),
                SignalMetrics.fittedAmplitude(pcm, from, n, toneHz, sampleRate), n);
    }

    /**
     * How steadily a tone fills {@code pcm}: the level of {@code toneHz} in each 20 ms frame from {@code fromMillis}
     * on, in dB relative to a sine of {@code amplitude}. A frame far below is a hole: silence where the tone was.
     */
    public record FrameLevels(double[] levelsDb, int firstFrame) {
        public int framesBelow(double db) {
            int n = 0;
            for (double l : levelsDb) {
                if (l < db) {
                    n++;
                }
            }
            return n;
        }

        public double weakest() {
            double w = Double.POSITIVE_INFINITY;
            for (double l : levelsDb) {
                w = Math.min(w, l);
            }
            return w;
        }

        /** Frame numbers (20 ms each, from the start of the signal) below {@code db}, for failure messages. */
        public String framesBelowList(double db) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < levelsDb.length; i++) {
                if (levelsDb[i] < db) {
                    b.append(firstFrame + i).append(String.format(java.util.Locale.ROOT, "(%.0f dB) ", levelsDb[i]));
                }
            }
            return b.toString();
        }
    }

    public static FrameLevels frameLevels(short[] pcm, int sampleRate, double toneHz, double amplitude,
            int fromMillis) {
        int frame = sampleRate / 50;
        int first = fromMillis / 20;
        int frames = Math.max(0, pcm.length / frame - first);
        double[] levels = new double[frames];
        double reference = amplitude * amplitude / 2;
        for (int i = 0; i < frames; i++) {
            double power = Goertzel.power(pcm, (first + i) * frame, frame, toneHz,
                    sampleRate);
            levels[i] = 10 * Math.log10(Math.max(power, 1e-9) / reference);
        }
        return new FrameLevels(levels, first);
    }
}
