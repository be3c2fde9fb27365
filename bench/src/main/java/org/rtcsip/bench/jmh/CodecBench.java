package org.rtcsip.bench.jmh;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtcsip.bench.audio.SpeechLikeSignal;

/**
 * Opus per 20 ms frame with Concentus 1.0.2 called directly: the library cost under any transcoder, at the
 * trunk's 8 kHz and at 48 kHz, encoding the speech-like signal frame after frame (encoder state carries over,
 * as in a call) and decoding frames encoded once at the same settings.
 *
 * <p>media-sidecar's own codec classes (the wrapper its transcoder calls) are in {@link SidecarCodecBench}.
 * BENCH PLACE for a native libopus backend (JNA or FFM) once one exists: add it here with the same frames and
 * settings so the libopus-vs-Concentus ratio prints side by side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Concentus's encoder is large: C2 needs thousands of frames before its time settles.
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {
    private static final int SECONDS = 4;

    @Param({"8000", "48000"})
    public int sampleRate;

    /** 5 is media-sidecar's default (OpusEncoderSettings in the codec package being written); 10 is libopus's. */
    @Param({"5", "10"})
    public int complexity;

    @Param({"24000"})
    public int bitrate;

    private OpusEncoder encoder;
    private OpusDecoder decoder;
    private short[] pcm;
    private int frameSamples;
    private int frames;
    private byte[][] encoded;
    private int[] encodedLength;
    private final byte[] out = new byte[1275];
    private short[] decodedPcm;
    private int encodeFrame;
    private int decodeFrame;

    @Setup(Level.Trial)
    public void prepare() throws OpusException {
        frameSamples = sampleRate / 50;
        pcm = SpeechLikeSignal.generate(sampleRate, SECONDS, 7);
        frames = pcm.length / frameSamples;
        encoder = newEncoder();
        OpusEncoder once = newEncoder();
        encoded = new byte[frames][1275];
        encodedLength = new int[frames];
        for (int f = 0; f < frames; f++) {
            encodedLength[f] = once.encode(pcm, f * frameSamples, frameSamples, encoded[f], 0, 1275);
        }
        decoder = new OpusDecoder(sampleRate, 1);
        decodedPcm = new short[frameSamples];
    }

    private OpusEncoder newEncoder() throws OpusException {
        OpusEncoder e = new OpusEncoder(sampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        e.setBitrate(bitrate);
        e.setComplexity(complexity);
        e.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        return e;
    }

    @Benchmark
    public int opusEncode20ms() throws OpusException {
        int f = encodeFrame;
        encodeFrame = f + 1 == frames ? 0 : f + 1;
        return encoder.encode(pcm, f * frameSamples, frameSamples, out, 0, out.length);
    }

    @Benchmark
    public int opusDecode20ms() throws OpusException {
        int f = decodeFrame;
        decodeFrame = f + 1 == frames ? 0 : f + 1;
        return decoder.decode(encoded[f], 0, encodedLength[f], decodedPcm, 0, frameSamples, false);
    }
}
