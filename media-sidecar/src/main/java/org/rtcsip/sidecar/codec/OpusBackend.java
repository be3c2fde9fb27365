package org.rtcsip.sidecar.codec;

import java.util.Locale;

/**
 * Which implementation codes Opus (option {@code opus-backend}): the native libopus when it loads ({@link #AUTO}),
 * libopus or nothing ({@link #LIBOPUS}), or always the pure-Java Concentus ({@link #CONCENTUS}). {@link OpusCodecs}
 * turns the choice into the backend in use, which is never {@link #AUTO}.
 */
public enum OpusBackend {
    AUTO, LIBOPUS, CONCENTUS;

    /** The option's spelling: {@code auto}, {@code libopus}, {@code concentus}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The backend an option value names, ignoring case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static OpusBackend parse(String text) {
        for (OpusBackend b : values()) {
            if (b.optionValue().equalsIgnoreCase(text.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("not an opus backend: " + text);
    }
}
