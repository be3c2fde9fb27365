package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the fields of Kamailio's RPC results. A missing or mistyped field throws
 * {@link IllegalArgumentException} naming it; the client turns that into a
 * {@link KamailioReplyException} with the method name.
 */
final class JsonFields {

    /** Kamailio's placeholder for an unset text field (usrloc Path, Instance). */
    private static final String NOT_SET = "[not set]";

    private JsonFields() {
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected an object in field " + field + " of " + brief(parent));
        }
        return node;
    }

    static JsonNode array(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected an array in field " + field + " of " + brief(parent));
        }
        return node;
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw new IllegalArgumentException("expected text in field " + field + " of " + brief(parent));
        }
        return node.asText();
    }

    /** Text, or null when the field is absent, JSON null or Kamailio's {@code [not set]}. */
    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return NOT_SET.equals(text) ? null : text;
    }

    static long integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node != null && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node != null && node.isTextual()) {
            // a few modules print counters as text (dlg.list cseq)
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException notANumber) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("expected an integer in field " + field + " of " + brief(parent));
    }

    static Long optionalInteger(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : integer(parent, field);
    }

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + brief(array));
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            out.add(element.apply(node));
        }
        return List.copyOf(out);
    }

    /** The start of a node's JSON text, for error messages that must stay one line. */
    static String brief(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
