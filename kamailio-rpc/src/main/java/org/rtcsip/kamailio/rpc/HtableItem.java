package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One htable item ({@code htable.get}, {@code htable.dump}). Kamailio keeps integers and strings
 * apart; {@code value} holds either as text and {@code integer} says which.
 *
 * @param expire as Kamailio prints it ({@code NEVER} or seconds); null in htable.dump, which omits it
 */
public record HtableItem(String name, String value, boolean integer, String expire) {

    /** htable.get: {@code {item:{name, value, flags, expire}}}. */
    static HtableItem fromGet(JsonNode result) {
        JsonNode item = JsonFields.object(result, "item");
        return new HtableItem(JsonFields.text(item, "name"), JsonFields.text(item, "value"),
                item.get("value").isIntegralNumber(), JsonFields.optionalText(item, "expire"));
    }

    /** htable.dump: {@code [{entry, size, slot:[...]}]}, the items of every slot in order. */
    static List<HtableItem> dumpFrom(JsonNode result) {
        List<List<HtableItem>> slots = JsonFields.list(result,
                entry -> JsonFields.list(JsonFields.array(entry, "slot"), HtableItem::fromSlot));
        return slots.stream().flatMap(List::stream).toList();
    }

    /** htable.dump slot entry: {@code {name, value, type: "int"|"str"}}. */
    static HtableItem fromSlot(JsonNode slot) {
        return new HtableItem(JsonFields.text(slot, "name"), JsonFields.text(slot, "value"),
                "int".equals(JsonFields.text(slot, "type")), null);
    }

    /** The value as a number; throws {@link NumberFormatException} for a string item that is not one. */
    public long longValue() {
        return Long.parseLong(value);
    }
}
