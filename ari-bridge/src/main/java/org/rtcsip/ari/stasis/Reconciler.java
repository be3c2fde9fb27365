package org.rtcsip.ari.stasis;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import org.rtcsip.ari.ari.AriException;
import org.rtcsip.ari.ari.Bridge;
import org.rtcsip.ari.ari.Channel;

/**
 * Runs on the event thread after each open of the events WebSocket: events missed while it was closed are
 * recovered from {@code GET /channels}, {@code /bridges} and media-sidecar's ng {@code list}.
 * <ul>
 * <li>a call whose caller or target is gone ends: the other party is hung up with 16, its ExternalMedia
 *     channels, bridges and media-sidecar call removed (Asterisk restarted: every call ends this way);</li>
 * <li>a call ari-bridge does not know (it restarted) whose caller, target, both ExternalMedia channels and both
 *     bridges exist and are joined goes on as it is (adopted); anything less of such a call is removed (a party
 *     left alone is hung up with 16, two parties without a whole media path with 41), so none stays silent;</li>
 * <li>other channels in the app (e.g. a caller whose target was never created) are hung up with 41;</li>
 * <li>media-sidecar calls with ari-bridge's prefix that no call owns are deleted.</li>
 * </ul>
 */
final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final StasisApp app;

    Reconciler(StasisApp app) {
        this.app = app;
    }

    void run() {
        Map<String, Channel> channels = new HashMap<>();
        Map<String, Bridge> bridges = new HashMap<>();
        List<String> appChannels;
        try {
            app.ari().channels().forEach(c -> channels.put(c.id(), c));
            app.ari().bridges().forEach(b -> bridges.put(b.id(), b));
            appChannels = app.ari().application(app.appName()).channels();
        } catch (AriException e) {
            LOG.warning("reconcile: cannot list channels and bridges (" + e.getMessage() + "); retrying in 1 s");
            app.schedule(this::run, java.time.Duration.ofSeconds(1));
            return;
        }
        endCallsMissingAParty(channels, bridges);
        adoptOrRemoveUnknownCalls(channels, bridges);
        hangUpStrays(channels, appChannels);
        deleteSidecarOrphans();
    }

    private void endCallsMissingAParty(Map<String, Channel> channels, Map<String, Bridge> bridges) {
        for (BridgedCall call : List.copyOf(app.calls().values())) {
            CallIds ids = call.ids;
            boolean caller = channels.containsKey(ids.caller());
            boolean callee = channels.containsKey(ids.callee());
            if (!caller || (call.calleeCreated() && !callee)) {
                // a target gone before its answer was not reached (as BridgedCall.channelGone decides)
                int cause = caller && !call.answered() ? HangupCause.CONGESTION : HangupCause.NORMAL_CLEARING;
                app.counters().orphanRemoved("call");
                call.end(cause, "after reconnect: " + (caller ? "target" : "caller") + " gone");
                continue;
            }
            Channel target = channels.get(ids.callee());
            if (target != null && target.isUp()) {
                call.calleeAnswered();
            }
            if (call.mediaStarted()) {
                for (String em : List.of(ids.callerMedia(), ids.calleeMedia())) {
                    Channel c = channels.get(em);
                    if (c != null && c.isUp()) {
                        call.mediaInStasis(em); // its StasisStart may have been missed; adding twice is harmless
                    }
                }
                for (String b : List.of(ids.callerBridge(), ids.calleeBridge())) {
                    Bridge bridge = bridges.get(b);
                    if (bridge != null) {
                        bridge.channelIds().forEach(call::enteredBridge);
                    }
                }
            }
        }
    }

    private void adoptOrRemoveUnknownCalls(Map<String, Channel> channels, Map<String, Bridge> bridges) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String id : channels.keySet()) {
            if (CallIds.isOurs(id)) {
                unknown.add(CallIds.of(id).callId());
            }
        }
        for (String id : bridges.keySet()) {
            if (CallIds.isOurs(id)) {
                unknown.add(CallIds.of(id).callId());
            }
        }
        unknown.removeAll(app.calls().keySet());
        for (String callId : unknown) {
            CallIds ids = CallIds.of(callId + "-b");
            Bridge ba = bridges.get(ids.callerBridge());
            Bridge bb = bridges.get(ids.calleeBridge());
            boolean complete = channels.containsKey(ids.caller()) && channels.containsKey(ids.callee())
                    && ba != null && bb != null
                    && ba.channelIds().containsAll(List.of(ids.caller(), ids.callerMedia()))
                    && bb.channelIds().containsAll(List.of(ids.callee(), ids.calleeMedia()));
            if (complete) {
                LOG.info(callId + ": found complete after a restart: adopted, media goes on");
                app.adopt(BridgedCall.adopted(ids, app));
                continue;
            }
            // One party gone (it hung up while no ari-bridge listened): the other hears normal clearing. Both
            // there but the media path incomplete (ari-bridge stopped while building it): 41.
            boolean bothParties = channels.containsKey(ids.caller()) && channels.containsKey(ids.callee());
            int cause = bothParties ? HangupCause.TEMPORARY_FAILURE : HangupCause.NORMAL_CLEARING;
            LOG.warning(callId + ": found incomplete after a restart: removed, parties hung up with " + cause);
            app.counters().orphanRemoved("call");
            for (String ch : List.of(ids.caller(), ids.callee())) {
                if (channels.containsKey(ch)) {
                    hangup(ch, cause);
                }
            }
            for (String ch : List.of(ids.callerMedia(), ids.calleeMedia())) {
                if (channels.containsKey(ch)) {
                    hangup(ch, HangupCause.NORMAL_CLEARING);
                }
            }
            for (String b : List.of(ids.callerBridge(), ids.calleeBridge())) {
                if (bridges.containsKey(b)) {
                    destroy(b);
                }
            }
            app.deleteSidecarCall(callId);
        }
    }

    /**
     * A channel in the app that no call owns. It may have entered Stasis just now, its StasisStart still queued
     * behind this reconcile: it is looked at again 2 s later and hung up only if still no call owns it.
     */
    private void hangUpStrays(Map<String, Channel> channels, List<String> appChannels) {
        List<String> candidates = appChannels.stream()
                .filter(id -> channels.containsKey(id) && !app.calls().containsKey(CallIds.of(id).callId()))
                .toList();
        if (candidates.isEmpty()) {
            return;
        }
        app.schedule(() -> {
            for (String id : candidates) {
                if (app.calls().containsKey(CallIds.of(id).callId())
                        || !hangup(id, HangupCause.TEMPORARY_FAILURE)) {
                    continue; // a call took it meanwhile, or it is gone (e.g. with the incomplete call above)
                }
                LOG.warning(id + ": in the Stasis app without a call (ari-bridge stopped while it was set up):"
                        + " hung up with 41");
                app.counters().orphanRemoved("channel");
            }
        }, java.time.Duration.ofSeconds(2));
    }

    /** ng list runs off the event thread (media-sidecar may not answer); the result comes back to it. */
    private void deleteSidecarOrphans() {
        app.sidecarCalls(callIds -> {
            for (String callId : callIds) {
                if (CallIds.isOurs(callId) && !app.calls().containsKey(callId)) {
                    LOG.warning(callId + ": media-sidecar call without an Asterisk call: deleted");
                    app.counters().orphanRemoved("sidecar_call");
                    app.deleteSidecarCall(callId);
                }
            }
        });
    }

    /** True when the channel was there and is hung up now. */
    private boolean hangup(String channelId, int cause) {
        try {
            app.ari().hangup(channelId, cause);
            return true;
        } catch (AriException e) {
            return false; // gone already, or counted by the client
        }
    }

    private void destroy(String bridgeId) {
        try {
            app.ari().destroyBridge(bridgeId);
        } catch (AriException e) {
            // gone already, or counted by the client
        }
    }
}
