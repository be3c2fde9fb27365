package org.rtcsip.sidecar.it.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A PASSporT (RFC 8225) inside an SIP Identity header value ({@code <header>.<payload>.<signature>;info=<...>;...},
 * RFC 8224 §4.1): its payload, and a copy with the payload changed and the signature kept, as a forger on the path
 * would send it.
 */
final class Passport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Passport() {
    }

    /** The decoded JSON payload (attest, dest, iat, orig, origid for SHAKEN, RFC 8588). */
    static JsonNode payload(String identity) {
        String[] jws = token(identity).split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jws[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("PASSporT payload of " + identity, e);
        }
    }

    /** The same header value with orig.tn replaced and the original signature kept. */
    static String withOrigTn(String identity, String tn) {
        String[] jws = token(identity).split("\\.");
        ObjectNode payload = (ObjectNode) payload(identity);
        ((ObjectNode) payload.path("orig")).put("tn", tn);
        try {
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
            return jws[0] + "." + forged + "." + jws[2] + identity.substring(identity.indexOf(';'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(String identity) {
        int parameters = identity.indexOf(';');
        return (parameters < 0 ? identity : identity.substring(0, parameters)).strip();
    }
}
