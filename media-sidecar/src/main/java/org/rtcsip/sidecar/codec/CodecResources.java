package org.rtcsip.sidecar.codec;

/**
 * What a codec object holds outside the Java heap: a libopus state and its buffers, nothing for Concentus or
 * G.711. Whoever made the codec calls {@link #close} when its stream ends or the codec is replaced; a
 * {@link java.lang.ref.Cleaner} frees forgotten native state too, but only when the garbage collector gets round to
 * it, which under load may be far too late. {@link AudioDecoder} and {@link AudioEncoder} share this one
 * {@code close()} so that a class implementing both (G.711) inherits a single method.
 */
public interface CodecResources extends AutoCloseable {
    /**
     * Frees the native state; calling it again does nothing. The codec must not be used afterwards (a closed native
     * codec answers every call with {@link CodecError#INTERNAL_ERROR} rather than touch freed memory). The default
     * frees nothing: Java codecs hold nothing but heap.
     */
    @Override
    default void close() {
    }
}
