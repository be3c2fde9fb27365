package org.rtcsip.sidecar.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A credential that never shows in a log line or a record's toString. */
public final class Secret {
    private final byte[] value;

    Secret(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Compares in constant time, so the answer's timing does not tell how much of a guess was right. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(value, s.value);
    }

    @Override
    public int hashCode() {
        return value.length;
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
