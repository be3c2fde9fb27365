package org.rtcsip.sidecar.codec;

/**
 * Turns 16-bit mono PCM at {@link #sampleRate()} into RTP payloads of one codec. One object per stream, used by
 * one thread. No method allocates or throws on the packet path: {@link #encode} returns the payload length or a
 * negative {@link CodecError} code.
 *
 * <p>This is the seam for codec backends: Concentus (pure Java) and libopus (native, through JNA), chosen by
 * {@link OpusCodecs}. Native codecs hold memory outside the heap: {@link #close()} them when the stream ends.
 */
public interface AudioEncoder extends CodecResources {
    /** Input samples per second. */
    int sampleRate();

    /**
     * Encodes {@code samples} samples from {@code pcm[pcmOff]} (one packet's worth: the ptime) into
     * {@code out[outOff .. outOff + maxLen)}. Returns the payload length; Opus with DTX may return a 1-2 byte
     * payload during silence, which need not be sent (RFC 7587 §3.1.3).
     */
    int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff, int maxLen);

    /** Forgets all state, as at the start of a new stream. */
    void reset();
}
