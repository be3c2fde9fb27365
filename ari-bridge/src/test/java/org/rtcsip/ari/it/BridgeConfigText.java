package org.rtcsip.ari.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import org.rtcsip.testbed.repo.Repository;

/**
 * The shipped conf-samples/ari-bridge/ari-bridge.conf with some of its values changed, as an operator edits it:
 * each key's shipped line must still be there, so the tests notice when the shipped file changes under them.
 */
final class BridgeConfigText {
    private BridgeConfigText() {
    }

    static String shipped() {
        try {
            return Files.readString(Repository.existing(Repository.root().resolve(
                    "conf-samples/ari-bridge/ari-bridge.conf")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped text with {@code key = value} for each entry, then {@code extra} (e.g. routes) appended. */
    static String with(Map<String, String> values, String extra) {
        String text = shipped();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String line = text.lines().filter(l -> l.startsWith(e.getKey() + " = ")).findFirst()
                    .orElseThrow(() -> new AssertionError("the shipped ari-bridge.conf no longer has a line "
                            + e.getKey() + " = ..."));
            text = text.replace(line, e.getKey() + " = " + e.getValue());
        }
        return text + extra;
    }
}
