package org.rtcsip.testbed.ffmpeg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 16-bit PCM mono audio read from a RIFF/WAVE file. */
public record Wav(int sampleRate, short[] samples) {
    /** Parses the {@code fmt } and {@code data} chunks (others, such as LIST, are skipped). */
    public static Wav parse(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) { // "RIFF" "WAVE"
            throw new IllegalArgumentException("WAV: no RIFF/WAVE header (" + file.length + " bytes)");
        }
        int rate = -1;
        for (int at = 12; at + 8 <= file.length; ) {
            int id = in.getInt(at);
            long size = in.getInt(at + 4) & 0xFFFFFFFFL;
            int body = at + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = in.getShort(body) & 0xFFFF;
                int channels = in.getShort(body + 2) & 0xFFFF;
                int bits = in.getShort(body + 14) & 0xFFFF;
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IllegalArgumentException("WAV: format " + format + ", " + channels + " channels, "
                            + bits + " bits; want PCM mono 16-bit");
                }
                rate = in.getInt(body + 4);
            } else if (id == 0x61746164) { // "data"
                if (rate < 0) {
                    throw new IllegalArgumentException("WAV: data before fmt");
                }
                // a writer stopped early leaves the size unset: take what is there
                int n = (int) Math.min(size, file.length - body) / 2;
                short[] samples = new short[n];
                in.position(body);
                in.asShortBuffer().get(samples);
                return new Wav(rate, samples);
            }
            at = (int) Math.min(file.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAV: no data chunk");
    }
}
