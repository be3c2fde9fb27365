package org.rtcsip.bench.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.bench.stats.Spread;
import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.CodecError;
import org.rtcsip.sidecar.codec.G711Codec;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.codec.OpusParameters;

/**
 * The floor under the sidecar's transcoding cost: the Opus decode of one caller frame to 8 kHz plus the Opus encode
 * of one callee frame, with the backend and encoder settings the sidecar uses, and nothing else (no sockets, RTP,
 * repacketizing or G.711, which cost a fraction of a microsecond). Timed by this thread's CPU clock, so other
 * processes on a shared machine do not count; the codec is warmed first, as the sidecar's is.
 */
record BareCodecCost(String backend, String settings, Spread microsPerFramePair, Spread decodeMicros,
                     Spread encodeMicros) {
    /** Frame pairs per timed run: 20 s of audio each way. */
    static final int FRAME_PAIRS = 1000;
    private static final int WARM_UP_FRAME_PAIRS = 2000;

    /**
     * @param backend {@code libopus} or {@code concentus}
     * @param callerOpus what the caller sends (decoded by the sidecar)
     * @param calleePcmu what the callee sends (encoded to Opus by the sidecar, toward the caller's fmtp)
     * @param bitrate the sidecar's {@code opus-bitrate}
     * @param complexity the sidecar's {@code opus-complexity}
     */
    static BareCodecCost measure(String backend, FrameSet callerOpus, FrameSet calleePcmu, String callerFmtp,
                                 int bitrate, int complexity, int runs) {
        OpusCodecs codecs = backend.equals("concentus") ? OpusCodecs.concentus() : OpusCodecs.libopus();
        OpusEncoderSettings settings = OpusEncoderSettings.defaults().withBitrate(bitrate).withComplexity(complexity)
                .toward(OpusParameters.parse(callerFmtp));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AudioDecoder decoder = codecs.decoder(8000);
        AudioEncoder encoder = codecs.encoder(settings);
        try {
            short[] pcm = new short[decoder.maxSamplesPerPacket()];
            byte[] out = new byte[1500];
            long[] decodeNanos = new long[1];
            long[] encodeNanos = new long[1];
            run(cpu, decoder, encoder, callerOpus, calleePcmu, 0, WARM_UP_FRAME_PAIRS, pcm, out, decodeNanos,
                    encodeNanos);
            double[] pair = new double[runs];
            double[] decode = new double[runs];
            double[] encode = new double[runs];
            long frame = WARM_UP_FRAME_PAIRS;
            for (int r = 0; r < runs; r++) {
                decodeNanos[0] = 0;
                encodeNanos[0] = 0;
                run(cpu, decoder, encoder, callerOpus, calleePcmu, frame, FRAME_PAIRS, pcm, out, decodeNanos,
                        encodeNanos);
                frame += FRAME_PAIRS;
                decode[r] = decodeNanos[0] / 1e3 / FRAME_PAIRS;
                encode[r] = encodeNanos[0] / 1e3 / FRAME_PAIRS;
                pair[r] = decode[r] + encode[r];
            }
            String described = "decode to 8 kHz; encode 8 kHz mono, " + settings.bitrate() / 1000 + " kbit/s,"
                    + " complexity " + settings.complexity() + (settings.inbandFec() ? ", in-band FEC at "
                    + settings.packetLossPercent() + " % loss" : "") + (settings.dtx() ? ", DTX" : "");
            return new BareCodecCost(codecs.version(), described, Spread.of(pair), Spread.of(decode),
                    Spread.of(encode));
        } finally {
            decoder.close();
            encoder.close();
        }
    }

    /** Decodes {@code count} caller frames, then encodes {@code count} callee frames, each loop timed whole. */
    private static void run(ThreadMXBean cpu, AudioDecoder decoder, AudioEncoder encoder, FrameSet callerOpus,
                            FrameSet calleePcmu, long first, int count, short[] pcm, byte[] out,
                            long[] decodeNanos, long[] encodeNanos) {
        short[][] trunkFrames = new short[count][160];
        for (int i = 0; i < count; i++) { // G.711 is not the codec's cost: decoded outside the timing
            byte[] pcmu = calleePcmu.frame(first + i);
            G711Codec.PCMU.decode(pcmu, 0, pcmu.length, trunkFrames[i], 0);
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            byte[] opus = callerOpus.frame(first + i);
            int n = decoder.decode(opus, 0, opus.length, pcm, 0);
            if (CodecError.isError(n)) {
                throw new IllegalStateException("the decoder refused frame " + (first + i) + ": " + n);
            }
        }
        long t1 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            int m = encoder.encode(trunkFrames[i], 0, 160, out, 0, out.length);
            if (CodecError.isError(m)) {
                throw new IllegalStateException("the encoder refused frame " + (first + i) + ": " + m);
            }
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        decodeNanos[0] += t1 - t0;
        encodeNanos[0] += t2 - t1;
    }
}
