package org.rtcsip.bench.jmh;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.bench.audio.OpusFrames;
import org.rtcsip.bench.audio.SpeechLikeSignal;
import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.codec.G711Codec;

/**
 * media-sidecar's codec package per 20 ms frame, as its transcoder uses it, for each Opus backend ({@code backend}:
 * Concentus, pure Java, and libopus, native through JNA): Opus from a browser (48 kHz input encoded by the
 * generator, 32 kbit/s) decoded to 8 kHz (Concentus: at 48 kHz then decimated; libopus: directly) and, for
 * comparison, to 48 kHz; 8 kHz PCM encoded to Opus with the sidecar's default settings (24 kbit/s, complexity 5)
 * and at complexity 10; G.711 µ-law both ways (the same for both backends); and the two codec halves of one
 * transcoded frame per direction (no RTP, no repacketizing: the session's Transcoder is not public). Compare with
 * {@link CodecBench} (Concentus called directly) for the wrapper's cost. libopus must be installed (libopus0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Concentus's encoder is large: C2 needs thousands of frames before its time settles.
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SidecarCodecBench {
    private static final int SAMPLES = 160; // 20 ms at 8 kHz

    @Param({"concentus", "libopus"})
    public String backend;

    private AudioEncoder encoderDefault;
    private AudioEncoder encoderComplexity10;
    private AudioDecoder decoder;
    private AudioDecoder decoder48k;
    private final G711Codec pcmu = G711Codec.PCMU;
    private short[] pcm;
    private int frames;
    private FrameSet browserOpus;
    private FrameSet trunkPcmu;
    private final short[] decoded = new short[960];
    private final short[] decoded48k = new short[5760];
    private final byte[] out = new byte[1500];
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        OpusCodecs opus = backend.equals("libopus") ? OpusCodecs.libopus() : OpusCodecs.concentus();
        encoderDefault = opus.encoder(OpusEncoderSettings.defaults());
        encoderComplexity10 = opus.encoder(OpusEncoderSettings.defaults().withComplexity(10));
        decoder = opus.decoder(8000);
        decoder48k = opus.decoder(48000);
        pcm = SpeechLikeSignal.generate(8000, 4, 11);
        frames = pcm.length / SAMPLES;
        browserOpus = OpusFrames.encode(OpusFrames.DEFAULT, 4, 12);
        trunkPcmu = FrameSet.pcmu(4, 13);
    }

    @TearDown(Level.Trial)
    public void close() {
        encoderDefault.close();
        encoderComplexity10.close();
        decoder.close();
        decoder48k.close();
    }

    private int nextFrame() {
        int f = next;
        next = f + 1 == frames ? 0 : f + 1;
        return f;
    }

    @Benchmark
    public int opusEncode20msDefaultSettings() {
        return check(encoderDefault.encode(pcm, nextFrame() * SAMPLES, SAMPLES, out, 0, out.length));
    }

    @Benchmark
    public int opusEncode20msComplexity10() {
        return check(encoderComplexity10.encode(pcm, nextFrame() * SAMPLES, SAMPLES, out, 0, out.length));
    }

    @Benchmark
    public int opusDecode20msTo8k() {
        byte[] p = browserOpus.frame(nextFrame());
        return check(decoder.decode(p, 0, p.length, decoded, 0));
    }

    /** The same packets decoded at Opus's native 48 kHz: what decoding costs without going down to 8 kHz. */
    @Benchmark
    public int opusDecode20msTo48k() {
        byte[] p = browserOpus.frame(nextFrame());
        return check(decoder48k.decode(p, 0, p.length, decoded48k, 0));
    }

    @Benchmark
    public int pcmuEncode20ms() {
        return check(pcmu.encode(pcm, nextFrame() * SAMPLES, SAMPLES, out, 0, out.length));
    }

    @Benchmark
    public int pcmuDecode20ms() {
        byte[] p = trunkPcmu.frame(nextFrame());
        return check(pcmu.decode(p, 0, p.length, decoded, 0));
    }

    /** Browser to trunk: one Opus frame decoded to 8 kHz and encoded as PCMU. */
    @Benchmark
    public int opusToPcmu20ms() {
        byte[] p = browserOpus.frame(nextFrame());
        int n = check(decoder.decode(p, 0, p.length, decoded, 0));
        return check(pcmu.encode(decoded, 0, n, out, 0, out.length));
    }

    /** Trunk to browser: one PCMU frame decoded and encoded as Opus with the sidecar's default settings. */
    @Benchmark
    public int pcmuToOpus20ms() {
        byte[] p = trunkPcmu.frame(nextFrame());
        int n = check(pcmu.decode(p, 0, p.length, decoded, 0));
        return check(encoderDefault.encode(decoded, 0, n, out, 0, out.length));
    }

    private static int check(int result) {
        if (result < 0) {
            throw new IllegalStateException("codec error " + result);
        }
        return result;
    }
}
