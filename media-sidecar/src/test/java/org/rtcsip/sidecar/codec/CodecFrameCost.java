package org.rtcsip.sidecar.codec;

import java.lang.management.ManagementFactory;

/**
 * Rough cost per 20 ms frame (160 samples at 8 kHz) of Opus decode to 8 kHz, Opus encode from 8 kHz at complexity
 * 10 and 5, and G.711 encode/decode, with the bytes allocated per frame; printed, never asserted. Not a JMH
 * benchmark (that lives in bench/): run it by hand with the test class path when touching the codec path.
 */
public final class CodecFrameCost {
    private static final int FRAMES = 20_000;
    private static final int FRAME = 160;

    private CodecFrameCost() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // 1 s of speech-like signal, looped: steady-state coding of voice rather than of a pure tone.
        short[] voice = new SyntheticVoice(8000, 8000, 7).next(8000);
        int framesInVoice = voice.length / FRAME;

        for (int complexity : new int[] {10, 5}) {
            OpusEncoderSettings settings = OpusEncoderSettings.defaults().withComplexity(complexity);
            byte[][] packets = new byte[framesInVoice][];
            ConcentusOpusEncoder encoder = new ConcentusOpusEncoder(settings);
            byte[] out = new byte[1500];
            long[] result = new long[2];
            for (int round = 0; round < 3; round++) {
                long allocated = threads.getThreadAllocatedBytes(thread);
                long t0 = System.nanoTime();
                for (int i = 0; i < FRAMES; i++) {
                    int f = i % framesInVoice;
                    int len = encoder.encode(voice, f * FRAME, FRAME, out, 0, out.length);
                    if (len <= 0) {
                        throw new IllegalStateException("encode failed: " + CodecError.label(len));
                    }
                    if (round == 0 && i < framesInVoice) {
                        packets[f] = java.util.Arrays.copyOf(out, len);
                    }
                }
                result[0] = (System.nanoTime() - t0) / FRAMES;
                result[1] = (threads.getThreadAllocatedBytes(thread) - allocated) / FRAMES;
            }
            System.out.printf("opus encode 8 kHz, %d kbit/s, complexity %2d: %7d ns/frame  %6d bytes allocated/frame%n",
                    settings.bitrate() / 1000, complexity, result[0], result[1]);
            if (complexity == 5) {
                ConcentusOpusDecoder decoder = new ConcentusOpusDecoder(8000);
                short[] pcm = new short[decoder.maxSamplesPerPacket()];
                for (int round = 0; round < 3; round++) {
                    long allocated = threads.getThreadAllocatedBytes(thread);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < FRAMES; i++) {
                        byte[] p = packets[i % framesInVoice];
                        if (decoder.decode(p, 0, p.length, pcm, 0) != FRAME) {
                            throw new IllegalStateException("decode failed");
                        }
                    }
                    result[0] = (System.nanoTime() - t0) / FRAMES;
                    result[1] = (threads.getThreadAllocatedBytes(thread) - allocated) / FRAMES;
                }
                System.out.printf("opus decode to 8 kHz:                        %7d ns/frame  %6d bytes allocated/frame%n",
                        result[0], result[1]);
                for (int round = 0; round < 3; round++) {
                    long allocated = threads.getThreadAllocatedBytes(thread);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < FRAMES; i++) {
                        decoder.decodeLost(FRAME, pcm, 0);
                    }
                    result[0] = (System.nanoTime() - t0) / FRAMES;
                    result[1] = (threads.getThreadAllocatedBytes(thread) - allocated) / FRAMES;
                }
                System.out.printf("opus concealment (decodeLost) at 8 kHz:      %7d ns/frame  %6d bytes allocated/frame%n",
                        result[0], result[1]);
            }
        }

        G711Codec pcmu = G711Codec.PCMU;
        G711Codec pcma = G711Codec.PCMA;
        byte[] codes = new byte[FRAME];
        short[] pcm = new short[FRAME];
        int g711Frames = FRAMES * 50;
        for (AudioEncoderAndDecoder codec : new AudioEncoderAndDecoder[] {
            new AudioEncoderAndDecoder("pcmu", pcmu, pcmu), new AudioEncoderAndDecoder("pcma", pcma, pcma)}) {
            long encodeNs = 0;
            long decodeNs = 0;
            long bytes = 0;
            long checksum = 0;
            for (int round = 0; round < 3; round++) {
                long allocated = threads.getThreadAllocatedBytes(thread);
                long t0 = System.nanoTime();
                for (int i = 0; i < g711Frames; i++) {
                    codec.encoder.encode(voice, (i % framesInVoice) * FRAME, FRAME, codes, 0, FRAME);
                    checksum += codes[i & 127];
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < g711Frames; i++) {
                    codes[0] = (byte) i;
                    codec.decoder.decode(codes, 0, FRAME, pcm, 0);
                    checksum += pcm[i & 127];
                }
                long t2 = System.nanoTime();
                encodeNs = (t1 - t0) / g711Frames;
                decodeNs = (t2 - t1) / g711Frames;
                bytes = (threads.getThreadAllocatedBytes(thread) - allocated) / g711Frames;
            }
            System.out.printf("%s encode: %5d ns/frame  decode: %5d ns/frame  %d bytes allocated/frame (checksum %d)%n",
                    codec.name, encodeNs, decodeNs, bytes, checksum);
        }
    }

    private record AudioEncoderAndDecoder(String name, AudioEncoder encoder, AudioDecoder decoder) {
    }
}
