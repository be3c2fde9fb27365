package org.rtcsip.sidecar.ops;

import java.util.Locale;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.rtcsip.kamailio.control.KamailioSnapshot;
import org.rtcsip.kamailio.control.OpsController;
import org.rtcsip.kamailio.rpc.RtpengineNode;

/**
 * Kamailio's state as the ops controller last polled it, on the sidecar's /metrics. An outage is
 * {@code kamailio_up 0} with the other Kamailio gauges absent (no stale numbers), never an error.
 */
public final class KamailioMetrics {
    private KamailioMetrics() {
    }

    public static void register(PrometheusRegistry registry, OpsController controller) {
        GaugeWithCallback.builder().name("kamailio_up")
                .help("1 when Kamailio answered the sidecar's last JSON-RPC request (--kamailio-rpc), else 0")
                .callback(cb -> cb.call(controller.snapshot().reachable() ? 1 : 0)).register(registry);
        value(registry, "kamailio_websocket_connections", "WebSocket connections Kamailio holds (browsers)",
                controller, KamailioSnapshot::wsConnections);
        value(registry, "kamailio_registered_contacts", "Contacts in Kamailio's usrloc tables (registered devices)",
                controller, KamailioSnapshot::registeredContacts);
        value(registry, "kamailio_registered_users", "Addresses of record with a registration in Kamailio",
                controller, KamailioSnapshot::registeredUsers);
        value(registry, "kamailio_active_dialogs", "Calls Kamailio's dialog module tracks",
                controller, KamailioSnapshot::activeDialogs);
        GaugeWithCallback.builder().name("kamailio_rtpengine_node_state")
                .help("Each ng server of Kamailio's rtpengine sets: 1 for its current state (enabled, disabled ="
                        + " failed a ping, disabled_permanently = rtpengine.enable 0), 0 for the others")
                .labelNames("url", "set", "state").callback(cb -> {
                    for (RtpengineNode node : controller.snapshot().rtpengineNodes()) {
                        for (RtpengineNode.State state : RtpengineNode.State.values()) {
                            cb.call(node.state() == state ? 1 : 0, node.url(), Integer.toString(node.set()),
                                    state.name().toLowerCase(Locale.ROOT));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("kamailio_rpc_failures")
                .help("JSON-RPC requests to Kamailio that got no answer or a fault")
                .callback(cb -> cb.call(controller.rpcFailures())).register(registry);
        GaugeWithCallback.builder().name("sidecar_kamailio_membership")
                .help("This sidecar in Kamailio's rtpengine set, as the controller made it: 1 for the current state"
                        + " (not_ready, enabling, enabled, disabling, disabled)")
                .labelNames("url", "state").callback(cb -> {
                    OpsController.Membership current = controller.membership();
                    for (OpsController.Membership state : OpsController.Membership.values()) {
                        cb.call(current == state ? 1 : 0, controller.ngUrl(), state.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
    }

    private static void value(PrometheusRegistry registry, String name, String help, OpsController controller,
                              java.util.function.Function<KamailioSnapshot, Long> field) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            Long value = field.apply(controller.snapshot());
            if (value != null) {
                cb.call(value);
            }
        }).register(registry);
    }
}
