package org.rtcsip.kamailio.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One dialog tracked by Kamailio's dialog module ({@code dlg.list}). Only dialogs the script
 * tracks (dlg_manage() or the dlg_flag) are listed.
 *
 * @param hashEntry  with {@code hashId}, the dialog's id in dlg.* commands (dlg.end_dlg h_entry h_id)
 * @param state      1 unconfirmed, 2 early, 3 answered (200 OK, no ACK yet), 4 confirmed, 5 deleted
 * @param startTime  Unix seconds of the 200 OK (0 before)
 * @param timeout    Unix seconds at which Kamailio ends the dialog by itself
 */
public record DialogInfo(long hashEntry, long hashId, String callId, String fromUri, String toUri, int state,
                         long startTime, long initTime, long durationSeconds, long timeout,
                         long lifetimeSeconds, Leg caller, Leg callee) {

    /** One side of the dialog: its tag, Contact, last CSeq, route set and Kamailio socket. */
    public record Leg(String tag, String contact, String cseq, String routeSet, String socket) {

        static Leg from(JsonNode node) {
            return new Leg(JsonFields.optionalText(node, "tag"), JsonFields.optionalText(node, "contact"),
                    JsonFields.optionalText(node, "cseq"), JsonFields.optionalText(node, "route_set"),
                    JsonFields.optionalText(node, "socket"));
        }
    }

    /** dlg.list: an array of dialogs. */
    static List<DialogInfo> listFrom(JsonNode result) {
        return JsonFields.list(result, DialogInfo::from);
    }

    static DialogInfo from(JsonNode node) {
        return new DialogInfo(JsonFields.integer(node, "h_entry"), JsonFields.integer(node, "h_id"),
                JsonFields.text(node, "call-id"), JsonFields.text(node, "from_uri"), JsonFields.text(node, "to_uri"),
                (int) JsonFields.integer(node, "state"), JsonFields.integer(node, "start_ts"),
                JsonFields.integer(node, "init_ts"), JsonFields.integer(node, "duration"),
                JsonFields.integer(node, "timeout"), JsonFields.integer(node, "lifetime"),
                Leg.from(JsonFields.object(node, "caller")), Leg.from(JsonFields.object(node, "callee")));
    }

    /** The dialog state as the dialog module documents it. */
    public String stateName() {
        switch (state) {
            case 1:
                return "unconfirmed";
            case 2:
                return "early";
            case 3:
                return "answered";
            case 4:
                return "confirmed";
            case 5:
                return "deleted";
            default:
                return "state " + state;
        }
    }
}
