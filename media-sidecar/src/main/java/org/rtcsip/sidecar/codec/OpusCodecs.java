package org.rtcsip.sidecar.codec;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Opus backend this process uses, and the maker of its decoders and encoders. {@link #select} resolves the
 * operator's {@link OpusBackend} choice once at start-up: {@code auto} takes libopus when it loads (faster, no
 * allocation per packet, and it decodes browsers' hybrid packets at 8 kHz) and otherwise falls back to Concentus
 * with a warning saying how to get libopus.
 */
public final class OpusCodecs {
    private static final Logger LOG = Logger.getLogger(OpusCodecs.class.getName());
    /** What to tell an operator whose machine has no libopus. */
    public static final String HOW_TO_INSTALL = "install it (Debian/Ubuntu: apt-get install libopus0)";
    private static final String CONCENTUS_VERSION = "concentus 1.0.2";
    /** The last selection line logged, so that a process logs its choice once however many registries ask. */
    private static volatile String announced;

    private final OpusBackend backend;
    private final String version;

    private OpusCodecs(OpusBackend backend, String version) {
        this.backend = backend;
        this.version = version;
    }

    /**
     * The backend for {@code requested}, logging which one was chosen (once per process).
     *
     * @throws IllegalStateException for {@link OpusBackend#LIBOPUS} when libopus cannot be loaded, naming why
     */
    public static OpusCodecs select(OpusBackend requested) {
        return select(requested, LibOpus.problem(), LibOpus.version(), LOG);
    }

    /** {@link #select(OpusBackend)} with the outcome of loading libopus given (null problem = it loaded). */
    static OpusCodecs select(OpusBackend requested, String libopusProblem, String libopusVersion, Logger log) {
        OpusCodecs chosen;
        if (requested == OpusBackend.CONCENTUS) {
            chosen = concentus();
            announce(log, Level.INFO, "opus backend: " + chosen.version + " (opus-backend = concentus)");
        } else if (libopusProblem == null) {
            chosen = new OpusCodecs(OpusBackend.LIBOPUS, libopusVersion);
            announce(log, Level.INFO, "opus backend: " + chosen.version + " (opus-backend = "
                    + requested.optionValue() + ")");
        } else if (requested == OpusBackend.LIBOPUS) {
            throw new IllegalStateException(unavailable(libopusProblem));
        } else {
            chosen = concentus();
            announce(log, Level.WARNING, "opus backend: " + chosen.version + ", the slower pure-Java fallback: "
                    + unavailable(libopusProblem));
        }
        return chosen;
    }

    /** Concentus, whatever libopus does: for tests and benchmarks that compare backends. */
    public static OpusCodecs concentus() {
        return new OpusCodecs(OpusBackend.CONCENTUS, CONCENTUS_VERSION);
    }

    /**
     * libopus, for tests and benchmarks that compare backends.
     *
     * @throws IllegalStateException when it cannot be loaded, naming why
     */
    public static OpusCodecs libopus() {
        if (LibOpus.problem() != null) {
            throw new IllegalStateException(unavailable(LibOpus.problem()));
        }
        return new OpusCodecs(OpusBackend.LIBOPUS, LibOpus.version());
    }

    /** Why libopus cannot be loaded in this process, or empty when it can. */
    public static Optional<String> libopusProblem() {
        return Optional.ofNullable(LibOpus.problem());
    }

    /** libopus encoder and decoder states made and not yet freed in this process: a leak shows here. */
    public static int liveNativeStates() {
        return LibOpus.LIVE_STATES.get();
    }

    private static String unavailable(String problem) {
        return "libopus cannot be loaded (" + problem + "); " + HOW_TO_INSTALL;
    }

    private static void announce(Logger log, Level level, String line) {
        if (!line.equals(announced)) {
            announced = line;
            log.log(level, line);
        }
    }

    /** {@link OpusBackend#LIBOPUS} or {@link OpusBackend#CONCENTUS}, never AUTO. */
    public OpusBackend backend() {
        return backend;
    }

    /** The implementation and its version, e.g. {@code libopus 1.3.1} (libopus's own string). */
    public String version() {
        return version;
    }

    /**
     * A decoder to mono PCM at {@code sampleRate} (8000, 12000, 16000, 24000 or 48000). Close it when its stream
     * ends.
     */
    public AudioDecoder decoder(int sampleRate) {
        return backend == OpusBackend.LIBOPUS ? new LibOpusDecoder(sampleRate) : new ConcentusOpusDecoder(sampleRate);
    }

    /** An encoder from 8 kHz mono PCM with {@code settings}. Close it when its stream ends. */
    public AudioEncoder encoder(OpusEncoderSettings settings) {
        return backend == OpusBackend.LIBOPUS ? new LibOpusEncoder(settings) : new ConcentusOpusEncoder(settings);
    }

    @Override
    public String toString() {
        return version;
    }
}
