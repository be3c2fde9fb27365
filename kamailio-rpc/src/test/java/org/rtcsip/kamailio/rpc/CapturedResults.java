package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The results Kamailio 5.6.3 returned, per method (src/test/resources/captures/kamailio-5.6.3-results.json). */
final class CapturedResults {

    private static final JsonNode RESULTS = load();

    private CapturedResults() {
    }

    static JsonNode of(String method) {
        JsonNode result = RESULTS.get(method);
        if (result == null) {
            throw new IllegalArgumentException("no captured result for " + method);
        }
        return result.deepCopy();
    }

    private static JsonNode load() {
        try (InputStream in = CapturedResults.class.getResourceAsStream("/captures/kamailio-5.6.3-results.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource captures/kamailio-5.6.3-results.json");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
