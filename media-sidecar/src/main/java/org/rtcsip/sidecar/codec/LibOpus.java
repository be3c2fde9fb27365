package org.rtcsip.sidecar.codec;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The libopus C API (opus.h, opus_defines.h) through JNA. The per-packet calls are direct-mapped (static native
 * methods bound by {@link Native#register}): no reflection, no boxing, no Java allocation per call. The
 * {@code opus_*_ctl} functions are variadic, which direct mapping cannot call (on some ABIs, e.g. Apple arm64,
 * variadic arguments travel on the stack, not in registers): they go through an interface mapping whose
 * {@code Object...} parameter makes JNA prepare a variadic call. Those run on set-up and reset only.
 *
 * <p>Loaded once per process; {@link #problem()} says why it could not be, and then no method here may be called.
 */
final class LibOpus {
    // opus_defines.h
    static final int OPUS_OK = 0;
    static final int OPUS_BAD_ARG = -1;
    static final int OPUS_BUFFER_TOO_SMALL = -2;
    static final int OPUS_INTERNAL_ERROR = -3;
    static final int OPUS_INVALID_PACKET = -4;
    static final int OPUS_APPLICATION_VOIP = 2048;
    static final int OPUS_SET_BITRATE_REQUEST = 4002;
    static final int OPUS_GET_BITRATE_REQUEST = 4003;
    static final int OPUS_SET_VBR_REQUEST = 4006;
    static final int OPUS_GET_VBR_REQUEST = 4007;
    static final int OPUS_SET_COMPLEXITY_REQUEST = 4010;
    static final int OPUS_GET_COMPLEXITY_REQUEST = 4011;
    static final int OPUS_SET_INBAND_FEC_REQUEST = 4012;
    static final int OPUS_GET_INBAND_FEC_REQUEST = 4013;
    static final int OPUS_SET_PACKET_LOSS_PERC_REQUEST = 4014;
    static final int OPUS_GET_PACKET_LOSS_PERC_REQUEST = 4015;
    static final int OPUS_SET_DTX_REQUEST = 4016;
    static final int OPUS_GET_DTX_REQUEST = 4017;
    static final int OPUS_RESET_STATE = 4028;

    /** The library name JNA looks up: libopus.so(.0) on Linux, libopus.dylib, opus.dll. */
    static final String LIBRARY = "opus";

    /** Frees native state whose owner was dropped without close(): a safety net, not the way state is freed. */
    static final Cleaner CLEANER = Cleaner.create();

    /** Encoder and decoder states created and not yet destroyed, for tests that look for leaks. */
    static final AtomicInteger LIVE_STATES = new AtomicInteger();

    /** The variadic control functions; see the class comment. */
    interface Controls extends Library {
        int opus_encoder_ctl(Pointer st, int request, Object... args);

        int opus_decoder_ctl(Pointer st, int request, Object... args);
    }

    private static final String PROBLEM;
    private static final String VERSION;
    private static final Controls CONTROLS;

    static {
        String problem = null;
        String version = null;
        Controls controls = null;
        try {
            NativeLibrary library = NativeLibrary.getInstance(LIBRARY);
            Native.register(LibOpus.class, library);
            controls = Native.load(LIBRARY, Controls.class);
            version = opus_get_version_string();
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError: no libopus, or JNA's own libjnidispatch could not be unpacked/loaded.
            problem = reason(e);
        }
        PROBLEM = problem;
        VERSION = version;
        CONTROLS = controls;
    }

    private LibOpus() {
    }

    /**
     * JNA's multi-line message on one line, each place it looked once, without the class path search (which only
     * lists jars): {@code Unable to load library 'opus': libopus.so: cannot open shared object file: ...}.
     */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        StringBuilder line = new StringBuilder();
        message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("Native library ("))
                .distinct().forEach(l -> {
                    if (line.length() > 0) {
                        line.append(line.charAt(line.length() - 1) == ':' ? " " : "; ");
                    }
                    line.append(l);
                });
        return line.toString();
    }

    /** Why libopus cannot be used in this process, or null when it can. */
    static String problem() {
        return PROBLEM;
    }

    /** libopus's own version string, e.g. {@code libopus 1.3.1}; null when it did not load. */
    static String version() {
        return VERSION;
    }

    static Controls controls() {
        return CONTROLS;
    }

    /**
     * The native memory of one codec: the libopus state and the two buffers every call goes through (direct
     * mapping passes a whole array, not a view at an offset, so views are copied in and out). {@link #run} frees
     * all of it; the owner's {@link java.lang.ref.Cleaner.Cleanable} makes sure that happens once.
     */
    static final class CodecMemory implements Runnable {
        final Pointer state;
        final Memory in;
        final Memory out;
        private final boolean encoder;

        CodecMemory(Pointer state, boolean encoder, Memory in, Memory out) {
            this.state = state;
            this.encoder = encoder;
            this.in = in;
            this.out = out;
            LIVE_STATES.incrementAndGet();
        }

        @Override
        public void run() {
            if (encoder) {
                opus_encoder_destroy(state);
            } else {
                opus_decoder_destroy(state);
            }
            in.close();
            out.close();
            LIVE_STATES.decrementAndGet();
        }
    }

    static native Pointer opus_encoder_create(int fs, int channels, int application, int[] error);

    static native int opus_encode(Pointer st, Pointer pcm, int frameSize, Pointer data, int maxDataBytes);

    static native void opus_encoder_destroy(Pointer st);

    static native int opus_encoder_get_size(int channels);

    static native Pointer opus_decoder_create(int fs, int channels, int[] error);

    static native int opus_decode(Pointer st, Pointer data, int len, Pointer pcm, int frameSize, int decodeFec);

    static native void opus_decoder_destroy(Pointer st);

    static native int opus_decoder_get_size(int channels);

    static native String opus_get_version_string();

    static native String opus_strerror(int error);
}
