package org.rtcsip.sidecar.session;

import org.rtcsip.sidecar.session.path.RtpSink;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

import org.rtcsip.sidecar.codec.G711Codec;
import org.rtcsip.sidecar.rtp.RtpHeader;

/**
 * Runs both directions of an Opus <-> PCMU call through real {@link Transcoder}s before the sidecar takes calls,
 * so that the JIT has compiled the codec path by the time the first browser calls in. Without it, the first
 * transcoded calls after a restart cost several times their steady CPU and see tens of milliseconds of added
 * latency while the compiler catches up (measured on Concentus: 1.36 cores for 10 calls in the first seconds,
 * 0.2 cores once warm).
 *
 * <p>The Opus input is what browsers send: 48 kHz speech at 32 kbit/s, which libopus codes in hybrid mode, made
 * once with Concentus (always on the class path) from a synthetic voice. The output goes nowhere.
 */
public final class TranscoderWarmup {
    private static final int OPUS_PT = 111;
    private static final int PACKETS = 100;
    private static final int BROWSER_RATE = 48000;
    private static final int FRAME_48K = 960;
    private static final int FRAME_8K = 160;

    /**
     * What a warm-up did, for the startup log line: frames fed in, packets that came out, frames the decoders
     * refused (0 unless a codec is broken), and whether it ended because the JIT had settled on the codec path.
     */
    public record Result(long framesIn, long packetsOut, long undecodable, long elapsedNanos, String path,
                         boolean settled) {
        @Override
        public String toString() {
            return framesIn + " frames (" + path + ") in " + elapsedNanos / 1_000_000 + " ms"
                    + (settled ? ", compiled (the JIT was idle for its last " + QUIET_NANOS / 1_000_000 + " ms)"
                            : ", ended before the JIT was idle");
        }
    }

    /**
     * How long the JIT must have compiled nothing (at most {@link #QUIET_COMPILE_MILLIS} of compile time) for the
     * codec path to count as compiled. libopus's glue is compiled within ~2 s here (the part ends at ~3 s);
     * Concentus, all Java, takes ~11 s and improves in steps (its frame pair cost 340 us at 5 s, ~200 us once
     * compiled), each step a burst of compilation.
     */
    static final long QUIET_NANOS = 1_000_000_000L;
    static final long QUIET_COMPILE_MILLIS = 2;

    private final CodecFactory codecs;

    TranscoderWarmup(CodecFactory codecs) {
        this.codecs = codecs;
    }

    /**
     * Transcodes frames both ways until the JIT has settled on them ({@link #QUIET_NANOS} in which it compiled
     * for at most {@link #QUIET_COMPILE_MILLIS}), {@code budgetNanos} of wall time have passed or {@code cancelled}
     * says stop (checked every 50 frames).
     *
     * @param clock nanoseconds, for the budget
     * @param compileMillis the JIT's compile time so far (the JVM's CompilationMXBean), or null where the JVM does
     *                      not report it: then it runs for the whole budget
     */
    Result run(long budgetNanos, LongSupplier clock, BooleanSupplier cancelled, LongSupplier compileMillis) {
        long start = clock.getAsLong();
        long quietSince = start;
        long compiledAt = compileMillis == null ? 0 : compileMillis.getAsLong();
        boolean settled = false;
        PayloadFormat opus = new PayloadFormat(OPUS_PT, "opus", 48000, 2, "minptime=10;useinbandfec=1");
        PayloadFormat pcmu = PayloadFormat.staticType(0);
        SplittableRandom random = new SplittableRandom(1);
        RelayMetrics metrics = new RelayMetrics();
        byte[][] opusPackets = browserOpusPackets();
        byte[][] pcmuPackets = pcmuPackets();
        long[] out = new long[1];
        RtpSink discard = new RtpSink() {
            @Override
            public void sendRtp(byte[] buf, int off, int len) {
                out[0]++;
            }

            @Override
            public void sendRtcp(byte[] buf, int off, int len) {
            }
        };
        long frames = 0;
        int seq = 0;
        Transcoder toTrunk = new Transcoder(opus, pcmu, null, null, 20, null, w -> { }, codecs, random, metrics);
        try {
            Transcoder toBrowser = new Transcoder(pcmu, opus, null, null, 20, opus.fmtp(), w -> { }, codecs, random, metrics);
            try {
                while (!settled && clock.getAsLong() - start < budgetNanos && !cancelled.getAsBoolean()) {
                    for (int i = 0; i < 50; i++, seq++) {
                        byte[] in = opusPackets[seq % PACKETS];
                        stamp(in, seq, seq * (long) FRAME_48K);
                        toTrunk.onRtp(in, 0, in.length, clock.getAsLong(), discard);
                        byte[] back = pcmuPackets[seq % PACKETS];
                        stamp(back, seq, seq * (long) FRAME_8K);
                        toBrowser.onRtp(back, 0, back.length, clock.getAsLong(), discard);
                        frames += 2;
                    }
                    long now = clock.getAsLong();
                    if (compileMillis != null && now - quietSince >= QUIET_NANOS) {
                        long compiled = compileMillis.getAsLong();
                        settled = compiled - compiledAt <= QUIET_COMPILE_MILLIS;
                        compiledAt = compiled;
                        quietSince = now;
                    }
                }
                return new Result(frames, out[0], toTrunk.counters.undecodable + toBrowser.counters.undecodable,
                        clock.getAsLong() - start, toTrunk.describe() + " and " + toBrowser.describe(), settled);
            } finally {
                toBrowser.close();
            }
        } finally {
            toTrunk.close(); // native codec states go now, not whenever the Cleaner runs
        }
    }

    private static void stamp(byte[] packet, int seq, long timestamp) {
        RtpHeader.setSequenceNumber(packet, 0, seq & 0xFFFF);
        RtpHeader.setTimestamp(packet, 0, timestamp & 0xFFFFFFFFL);
    }

    /** 2 s of speech-like audio as a browser's Opus encoder would send it, one RTP packet per 20 ms. */
    private static byte[][] browserOpusPackets() {
        OpusEncoder encoder;
        try {
            encoder = new OpusEncoder(BROWSER_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a 48 kHz mono encoder", e);
        }
        encoder.setBitrate(32000);
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(10);
        short[] pcm = new short[FRAME_48K];
        byte[] payload = new byte[1275];
        byte[][] packets = new byte[PACKETS][];
        for (int p = 0; p < PACKETS; p++) {
            voice(pcm, p * FRAME_48K, BROWSER_RATE);
            int n;
            try {
                n = encoder.encode(pcm, 0, FRAME_48K, payload, 0, payload.length);
            } catch (OpusException e) {
                throw new IllegalStateException("concentus could not encode warm-up audio", e);
            }
            packets[p] = rtp(OPUS_PT, payload, n);
        }
        return packets;
    }

    private static byte[][] pcmuPackets() {
        short[] pcm = new short[FRAME_8K];
        byte[] payload = new byte[FRAME_8K];
        byte[][] packets = new byte[PACKETS][];
        for (int p = 0; p < PACKETS; p++) {
            voice(pcm, p * FRAME_8K, 8000);
            G711Codec.PCMU.encode(pcm, 0, FRAME_8K, payload, 0, payload.length);
            packets[p] = rtp(0, payload, FRAME_8K);
        }
        return packets;
    }

    private static byte[] rtp(int pt, byte[] payload, int len) {
        byte[] packet = new byte[12 + len];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) pt;
        RtpHeader.setSsrc(packet, 0, 0x5EED);
        System.arraycopy(payload, 0, packet, 12, len);
        return packet;
    }

    /** A voiced, syllable-modulated harmonic signal: speech codecs code it as speech, not as silence or a tone. */
    private static void voice(short[] out, long position, int rate) {
        for (int i = 0; i < out.length; i++) {
            double t = (double) (position + i) / rate;
            double f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double s = 0;
            for (int h = 1; h <= 12 && h * f0 < 0.45 * rate; h++) {
                s += Math.sin(2 * Math.PI * h * f0 * t) / h;
            }
            out[i] = (short) Math.round(6000 * envelope * s);
        }
    }
}
