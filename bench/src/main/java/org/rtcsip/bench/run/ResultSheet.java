package org.rtcsip.bench.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The numbers one generator run hands to the comparison table: flat {@code key=value} pairs, so a run per
 * server can be written to a file and the table built from several files.
 */
public final class ResultSheet {
    private final Properties values = new Properties();

    public void put(String key, String value) {
        if (value != null) {
            values.setProperty(key, value);
        }
    }

    public void put(String key, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            values.setProperty(key, String.format(Locale.ROOT, "%.6g", value));
        }
    }

    public void put(String key, long value) {
        values.setProperty(key, Long.toString(value));
    }

    public String text(String key) {
        return values.getProperty(key);
    }

    /** The number under {@code key}, or NaN if absent or not a number. */
    public double number(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Adds every pair of {@code other}, overwriting. */
    public void putAll(ResultSheet other) {
        values.putAll(other.values);
    }

    public void save(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            values.store(w, "bench results");
        }
    }

    public static ResultSheet load(Path file) throws IOException {
        ResultSheet s = new ResultSheet();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            s.values.load(r);
        }
        return s;
    }
}
