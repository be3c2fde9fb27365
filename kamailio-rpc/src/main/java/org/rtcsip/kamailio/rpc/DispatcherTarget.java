package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One destination of a dispatcher set ({@code dispatcher.list} DEST).
 *
 * @param flags     as Kamailio prints them: state letter (A active, I inactive, T trying, D disabled),
 *                  then P probing or X not
 * @param attrs     the raw attribute string of the list file ({@code duid=gw1;weight=50}), null if none
 * @param duid      the destination's unique id attribute, null if none
 * @param weight    the weight attribute, null if none
 */
public record DispatcherTarget(String uri, String flags, int priority, String attrs, String duid, Long weight) {

    static DispatcherTarget from(JsonNode wrapper) {
        JsonNode dest = JsonFields.object(wrapper, "DEST");
        JsonNode attrs = dest.get("ATTRS");
        boolean hasAttrs = attrs != null && attrs.isObject();
        String flags = JsonFields.text(dest, "FLAGS");
        if (flags.isEmpty()) {
            throw new IllegalArgumentException("empty FLAGS in " + JsonFields.brief(dest));
        }
        DispatcherState.fromFlag(flags.charAt(0));
        return new DispatcherTarget(JsonFields.text(dest, "URI"), flags, (int) JsonFields.integer(dest, "PRIORITY"),
                hasAttrs ? JsonFields.optionalText(attrs, "BODY") : null,
                hasAttrs ? blankToNull(JsonFields.optionalText(attrs, "DUID")) : null,
                hasAttrs ? JsonFields.optionalInteger(attrs, "WEIGHT") : null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    public DispatcherState state() {
        return DispatcherState.fromFlag(flags.charAt(0));
    }

    public boolean probing() {
        return flags.length() > 1 && Character.toUpperCase(flags.charAt(1)) == 'P';
    }
}
