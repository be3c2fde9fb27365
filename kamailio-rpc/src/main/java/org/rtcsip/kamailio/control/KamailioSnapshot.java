package org.rtcsip.kamailio.control;

import java.util.List;
import java.util.Map;
import org.rtcsip.kamailio.rpc.KamailioStatistics;
import org.rtcsip.kamailio.rpc.RtpengineNode;

/**
 * What the last poll of Kamailio saw, for metrics. A counter is null when Kamailio does not have it
 * (its module is not loaded) or when Kamailio did not answer: an outage shows as
 * {@code reachable == false}, never as stale numbers.
 *
 * @param polledAtMillis      when the poll ran (the controller's clock); 0 before the first poll
 * @param reachable           Kamailio answered the last request the controller sent it
 * @param problem             why the last poll failed, one line; null when it worked
 * @param wsConnections       {@code websocket:ws_current_connections}
 * @param registeredContacts  the {@code usrloc:<table>_contacts} counters summed over the usrloc tables
 * @param registeredUsers     {@code usrloc:registered_users} (addresses of record)
 * @param activeDialogs       {@code dialog:active_dialogs} (calls the cfg tracks with dlg_manage())
 * @param rtpengineNodes      {@code rtpengine.show all}: every ng server of every set and its state
 */
public record KamailioSnapshot(long polledAtMillis, boolean reachable, String problem, Long wsConnections,
                               Long registeredContacts, Long registeredUsers, Long activeDialogs,
                               List<RtpengineNode> rtpengineNodes) {

    /** Before the first poll. */
    public static final KamailioSnapshot NOT_POLLED = new KamailioSnapshot(0, false, "not polled yet", null, null,
            null, null, List.of());

    public KamailioSnapshot {
        rtpengineNodes = List.copyOf(rtpengineNodes);
    }

    static KamailioSnapshot answered(long now, KamailioStatistics statistics, List<RtpengineNode> nodes) {
        Map<String, Long> values = statistics.values();
        Long contacts = null;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            // one counter per usrloc table: usrloc:location_contacts, usrloc:browsers_contacts, ...
            if (entry.getKey().startsWith("usrloc:") && entry.getKey().endsWith("_contacts")) {
                contacts = (contacts == null ? 0 : contacts) + entry.getValue();
            }
        }
        return new KamailioSnapshot(now, true, null, values.get("websocket:ws_current_connections"), contacts,
                values.get("usrloc:registered_users"), values.get("dialog:active_dialogs"), nodes);
    }

    static KamailioSnapshot failed(long now, boolean reachable, String problem) {
        return new KamailioSnapshot(now, reachable, problem, null, null, null, null, List.of());
    }
}
