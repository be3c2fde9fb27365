package org.rtcsip.sidecar.codec;

/**
 * Turns RTP payloads of one codec into 16-bit mono PCM at {@link #sampleRate()}. One object per stream, used by
 * one thread; it keeps state between packets (Opus prediction, concealment), so feed it the packets in order and
 * tell it about each missing one. No method allocates or throws on the packet path: each returns the number of
 * samples written, or a negative {@link CodecError} code.
 *
 * <p>This is the seam for codec backends: Concentus (pure Java) and libopus (native, through JNA), chosen by
 * {@link OpusCodecs}. Native codecs hold memory outside the heap: {@link #close()} them when the stream ends.
 */
public interface AudioDecoder extends CodecResources {
    /** Output samples per second (8000 for G.711, whatever the Opus decoder was built for). */
    int sampleRate();

    /** The most samples one payload can produce, to size output arrays (Opus: 120 ms). */
    int maxSamplesPerPacket();

    /** Decodes one payload {@code (payload, off, len)} into {@code pcm} from {@code pcmOff}. */
    int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff);

    /**
     * Conceals {@code samples} of lost audio (packet-loss concealment) into {@code pcm}. Opus needs a multiple of
     * 2.5 ms; G.711 has no concealment of its own and writes silence.
     */
    int decodeLost(int samples, short[] pcm, int pcmOff);

    /** True if {@link #decodeFec} can rebuild a lost frame from the packet after it. */
    boolean supportsFec();

    /**
     * Rebuilds the {@code samples} lost just before {@code nextPayload} from the in-band FEC that payload may carry
     * (Opus LBRR), falling back to concealment when it carries none. Decode {@code nextPayload} itself afterwards
     * with {@link #decode}. {@link CodecError#UNSUPPORTED} when {@link #supportsFec()} is false.
     */
    int decodeFec(byte[] nextPayload, int off, int len, int samples, short[] pcm, int pcmOff);

    /** Forgets all state, as at the start of a new stream (after an SSRC change). */
    void reset();
}
