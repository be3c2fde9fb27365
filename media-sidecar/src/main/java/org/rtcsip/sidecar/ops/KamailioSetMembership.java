package org.rtcsip.sidecar.ops;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import org.rtcsip.kamailio.control.ControllerRpc;
import org.rtcsip.kamailio.control.OpsController;
import org.rtcsip.kamailio.control.OpsControllerLoop;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;

/**
 * This sidecar's place in Kamailio's rtpengine set ({@code --kamailio-rpc}): enabled once the sidecar is ready and
 * warm, disabled when it drains, and Kamailio's state read for /metrics in between. Thread-safe.
 */
public final class KamailioSetMembership {
    private static final Logger LOG = Logger.getLogger(KamailioSetMembership.class.getName());

    private final KamailioRpcClient client;
    private final OpsController controller;
    private OpsControllerLoop loop;
    private boolean closed;

    /**
     * @param rpc    Kamailio's JSON-RPC URL
     * @param ngUrl  this sidecar as kamailio.cfg's rtpengine_sock names it
     */
    public KamailioSetMembership(URI rpc, String ngUrl, Duration pollInterval) {
        // the controller retries on its own schedule: one attempt per request, short timeouts
        this.client = KamailioRpcClient.builder(rpc.toString()).connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2)).readRetries(1, Duration.ZERO, Duration.ZERO).build();
        this.controller = new OpsController(ControllerRpc.of(client), ngUrl, pollInterval, log());
    }

    public OpsController controller() {
        return controller;
    }

    /** Joins the set now that calls will find the sidecar ready and warm: the controller's loop starts. */
    public synchronized void enable() {
        if (!closed && loop == null) {
            // ready before the first run: its first request is the enable, not a poll
            controller.ready();
            loop = OpsControllerLoop.start(controller, System::currentTimeMillis, log());
        }
    }

    /** Leaves the set: no new calls from Kamailio. Before {@link #enable}, the enable will find the drain wanted. */
    public synchronized void drain() {
        if (loop != null) {
            loop.drain();
        } else {
            controller.drain();
        }
    }

    /** True once Kamailio was asked to disable this sidecar (whatever it answered, or if it could not be reached). */
    public boolean disableAttempted() {
        return controller.disableAttempted();
    }

    /** How new calls stop, for the drain's log line. */
    public String howNewCallsStop() {
        return "disabling " + controller.ngUrl() + " in Kamailio at " + controller.rpcUrl() + " (no new calls)";
    }

    /** After a drain: says so if Kamailio never confirmed the disable. */
    public void warnIfStillEnabled() {
        if (controller.membership() != OpsController.Membership.DISABLED) {
            LOG.warning("Kamailio at " + controller.rpcUrl() + " did not confirm that " + controller.ngUrl()
                    + " is disabled (" + controller.snapshot().problem() + "); it marks the sidecar down when its next"
                    + " ng request gets no answer");
        }
    }

    /** For POST /drain's answer: {@code rpc}, {@code ng_url}, {@code membership}. */
    public Map<String, Object> state() {
        Map<String, Object> kamailio = new LinkedHashMap<>();
        kamailio.put("rpc", controller.rpcUrl());
        kamailio.put("ng_url", controller.ngUrl());
        kamailio.put("membership", controller.membership().name());
        return kamailio;
    }

    /** For the ready line. */
    public String describe() {
        return "Kamailio control of " + controller.ngUrl() + " at " + controller.rpcUrl();
    }

    /** Stops the controller's loop (3 s at most) and the RPC client; no enable after this. */
    public void close() {
        OpsControllerLoop running;
        synchronized (this) { // a warm-up finishing now cannot start the loop after this
            closed = true;
            running = loop;
        }
        if (running != null) {
            running.close(Duration.ofSeconds(3));
        }
        client.close();
    }

    private static OpsController.Log log() {
        Logger log = Logger.getLogger(OpsController.class.getName());
        return new OpsController.Log() {
            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void warning(String line) {
                log.warning(line);
            }
        };
    }
}
