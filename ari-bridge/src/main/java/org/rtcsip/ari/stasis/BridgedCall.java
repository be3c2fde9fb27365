package org.rtcsip.ari.stasis;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.ari.ari.AriException;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.ari.sidecar.MediaLeg;

/**
 * One call the FastAGI hook sent through media-sidecar: the caller (in Stasis, not answered), the target ari-bridge
 * dials, and on answer the media path
 * <pre>
 *   caller ==[bridge -ba]== ExternalMedia -ema (caller's codec) ~~WebSocket~~ media-sidecar
 *   media-sidecar ~~WebSocket~~ ExternalMedia -emb (target's codec) ==[bridge -bb]== target
 * </pre>
 * Each bridge holds two channels of one codec, so Asterisk never translates; media-sidecar transcodes.
 * Runs on the Stasis app's event thread only; ng requests run elsewhere and report back through
 * {@link StasisApp#onEventThread}.
 */
final class BridgedCall {
    private static final Logger LOG = Logger.getLogger(BridgedCall.class.getName());

    enum State {
        /** the target is created and being dialed */
        DIALING,
        /** the target rings or sends progress */
        EARLY,
        /** the media path is being built (answered, or early media) */
        CONNECTING,
        /** all four channels confirmed in their bridges and media-sidecar joined the legs */
        UP,
        ENDED
    }

    final CallIds ids;
    private final String dial;
    private final String callerCodec;
    private final String targetCodec;
    private final StasisApp app;
    private State state = State.DIALING;
    private boolean answered;
    private boolean mediaStarted;
    private boolean sidecarJoined;
    private boolean sidecarAsked;
    private boolean calleeCreated;
    private boolean bridgesCounted;
    private final Set<String> inBridges = new HashSet<>();
    private int calleeCause;
    private ScheduledFuture<?> setupTimer;
    private final long startedNanos;

    BridgedCall(CallIds ids, String dial, String callerCodec, String targetCodec, StasisApp app) {
        this.ids = ids;
        this.dial = dial;
        this.callerCodec = callerCodec;
        this.targetCodec = targetCodec;
        this.app = app;
        this.startedNanos = System.nanoTime();
    }

    /** A call found complete in Asterisk after a restart of ari-bridge: it goes on as it is. */
    static BridgedCall adopted(CallIds ids, StasisApp app) {
        BridgedCall c = new BridgedCall(ids, "", "", "", app);
        c.state = State.UP;
        c.answered = true;
        c.mediaStarted = true;
        c.sidecarJoined = true;
        c.sidecarAsked = true;
        c.calleeCreated = true;
        c.bridgesCounted = true;
        c.inBridges.addAll(Set.of(ids.caller(), ids.callee(), ids.callerMedia(), ids.calleeMedia()));
        return c;
    }

    State state() {
        return state;
    }

    boolean mediaStarted() {
        return mediaStarted;
    }

    boolean calleeCreated() {
        return calleeCreated;
    }

    boolean answered() {
        return answered;
    }

    // ---- signalling

    /** The caller entered Stasis: create the target (it enters Stasis too) and dial it from its StasisStart. */
    void start() {
        try {
            // formats, not originator: Asterisk refuses both at once ("Originator and formats can't both be
            // specified"), and the target's codec is what keeps Asterisk from translating
            app.ari().createChannel(dial, app.appName(), "callee," + ids.callId(), ids.callee(), targetCodec, null);
            calleeCreated = true;
        } catch (AriException e) {
            LOG.warning(ids.callId() + ": cannot create the target " + dial + ": " + e.getMessage());
            end(HangupCause.CONGESTION, "originate failed: " + e.getMessage());
        }
    }

    void calleeInStasis() {
        if (state != State.DIALING) {
            return;
        }
        try {
            app.ari().dial(ids.callee(), ids.caller(), (int) app.config().dialTimeout().toSeconds());
        } catch (AriException e) {
            end(HangupCause.CONGESTION, "dial failed: " + e.getMessage());
        }
    }

    void dialStatus(String status) {
        if (state == State.ENDED) {
            return;
        }
        switch (status == null ? "" : status) {
            case "RINGING" -> {
                if (state == State.DIALING) {
                    state = State.EARLY;
                }
                quietly(() -> app.ari().ring(ids.caller()), "ring the caller");
            }
            case "PROGRESS" -> {
                if (state == State.DIALING) {
                    state = State.EARLY;
                }
                quietly(() -> app.ari().progress(ids.caller()), "send progress to the caller");
                startMedia(); // early media: the path is the same, the caller is not answered yet
            }
            case "ANSWER" -> calleeAnswered();
            default -> {
                int cause = HangupCause.forDialStatus(status, calleeCause);
                if (cause > 0) {
                    end(cause, "target dial status " + status);
                }
            }
        }
    }

    void calleeAnswered() {
        if (answered || state == State.ENDED) {
            return;
        }
        answered = true;
        try {
            app.ari().answer(ids.caller());
        } catch (AriException e) {
            end(HangupCause.NORMAL_CLEARING, "cannot answer the caller: " + e.getMessage());
            return;
        }
        startMedia();
        becomeUpIfComplete();
    }

    // ---- media path

    private void startMedia() {
        if (mediaStarted || state == State.ENDED) {
            return;
        }
        mediaStarted = true;
        state = State.CONNECTING;
        setupTimer = app.schedule(() -> {
            if (state == State.CONNECTING) {
                end(HangupCause.RESOURCE_UNAVAILABLE, "media path not up within "
                        + app.config().setupTimeout().toSeconds() + " s");
            }
        }, app.config().setupTimeout());
        try {
            app.ari().createMixingBridge(ids.callerBridge(), ids.callId());
            app.ari().createMixingBridge(ids.calleeBridge(), ids.callId());
            app.bridgesCreated(2);
            bridgesCounted = true;
            Channel a = app.ari().externalMediaWebSocket(ids.callerMedia(), app.appName(), callerCodec,
                    "media," + ids.callId() + ",caller");
            Channel b = app.ari().externalMediaWebSocket(ids.calleeMedia(), app.appName(), targetCodec,
                    "media," + ids.callId() + ",callee");
            // Parties join now; each ExternalMedia channel joins at its StasisStart, which Asterisk sends only
            // once media-sidecar has connected its WebSocket.
            app.ari().addChannels(ids.callerBridge(), ids.caller());
            app.ari().addChannels(ids.calleeBridge(), ids.callee());
            MediaLeg callerLeg = new MediaLeg("caller", app.mediaUri(a), callerCodec);
            MediaLeg calleeLeg = new MediaLeg("callee", app.mediaUri(b), targetCodec);
            sidecarAsked = true;
            app.joinLegs(this, callerLeg, calleeLeg);
        } catch (AriException | IllegalArgumentException e) {
            end(HangupCause.RESOURCE_UNAVAILABLE, "cannot build the media path: " + e.getMessage());
        }
    }

    /** media-sidecar answered {@code external media}: {@code failure} null when both legs are connected. */
    void sidecarJoined(String failure) {
        if (state == State.ENDED) {
            return;
        }
        if (failure != null) {
            end(HangupCause.RESOURCE_UNAVAILABLE, "media-sidecar: " + failure);
            return;
        }
        sidecarJoined = true;
        becomeUpIfComplete();
    }

    /** An ExternalMedia channel entered Stasis: media-sidecar is connected to it. */
    void mediaInStasis(String channelId) {
        if (state == State.ENDED) {
            return;
        }
        String bridge = channelId.equals(ids.callerMedia()) ? ids.callerBridge() : ids.calleeBridge();
        try {
            app.ari().addChannels(bridge, channelId);
        } catch (AriException e) {
            end(HangupCause.RESOURCE_UNAVAILABLE, "cannot bridge " + channelId + ": " + e.getMessage());
        }
    }

    void enteredBridge(String channelId) {
        inBridges.add(channelId);
        becomeUpIfComplete();
    }

    private void becomeUpIfComplete() {
        if (state != State.CONNECTING || !answered || !sidecarJoined || inBridges.size() < 4) {
            return;
        }
        state = State.UP;
        if (setupTimer != null) {
            setupTimer.cancel(false);
        }
        app.callUp(this, (System.nanoTime() - startedNanos) / 1_000_000);
        LOG.info(ids.callId() + ": up, " + callerCodec + " <-> " + targetCodec + " through media-sidecar");
    }

    // ---- DTMF: ExternalMedia carries none, so digits cross through ARI

    void dtmf(String fromChannel, String digit, int durationMillis) {
        if (!answered || state == State.ENDED) {
            return;
        }
        String to = fromChannel.equals(ids.caller()) ? ids.callee()
                : fromChannel.equals(ids.callee()) ? ids.caller() : null;
        if (to == null) {
            return;
        }
        int duration = Math.max(100, Math.min(durationMillis, 2000));
        quietly(() -> app.ari().sendDtmf(to, digit, duration), "relay DTMF " + digit);
        app.dtmfRelayed();
    }

    // ---- the end

    /**
     * A channel of this call is gone (hangup request with a cause, or destroyed). The caller's or target's cause
     * goes to the other party; a lost ExternalMedia leg ends both parties with 41.
     */
    void channelGone(String channelId, int cause) {
        if (state == State.ENDED) {
            return;
        }
        if (channelId.equals(ids.caller())) {
            end(cause > 0 ? cause : HangupCause.NORMAL_CLEARING, "caller hung up (cause " + cause + ")");
        } else if (channelId.equals(ids.callee())) {
            calleeCause = cause;
            if (!answered) {
                // A SIP target that fails before answer carries its reason (486 -> 17, 404 -> 1, 603 -> 21);
                // "normal clearing" or no cause before an answer means it could not be reached.
                int toCaller = cause == 0 || cause == HangupCause.NORMAL_CLEARING ? HangupCause.CONGESTION : cause;
                end(toCaller, "target ended before answer (cause " + cause + ")");
            } else {
                end(cause > 0 ? cause : HangupCause.NORMAL_CLEARING, "target hung up (cause " + cause + ")");
            }
        } else if (channelId.equals(ids.callerMedia()) || channelId.equals(ids.calleeMedia())) {
            end(HangupCause.TEMPORARY_FAILURE, "media leg " + channelId + " closed");
        }
    }

    /** Hangs up whatever is left of the call with {@code cause} toward the parties, frees bridges and the ng call. */
    void end(int cause, String why) {
        if (state == State.ENDED) {
            return;
        }
        State was = state;
        state = State.ENDED;
        if (setupTimer != null) {
            setupTimer.cancel(false);
        }
        LOG.info(ids.callId() + ": ending in " + was + " with cause " + cause + ": " + why);
        hangup(ids.caller(), cause);
        if (calleeCreated) {
            hangup(ids.callee(), cause);
        }
        if (mediaStarted) {
            hangup(ids.callerMedia(), HangupCause.NORMAL_CLEARING);
            hangup(ids.calleeMedia(), HangupCause.NORMAL_CLEARING);
            destroy(ids.callerBridge());
            destroy(ids.calleeBridge());
        }
        if (bridgesCounted) {
            app.bridgesCreated(-2);
        }
        if (sidecarAsked) {
            app.deleteSidecarCall(ids.callId());
        }
        app.callEnded(this, cause, was == State.UP);
    }

    private void hangup(String channelId, int cause) {
        try {
            app.ari().hangup(channelId, cause);
        } catch (AriException e) {
            if (!e.isNotFound()) {
                LOG.warning(ids.callId() + ": hangup " + channelId + ": " + e.getMessage());
            }
        }
    }

    private void destroy(String bridgeId) {
        try {
            app.ari().destroyBridge(bridgeId);
        } catch (AriException e) {
            if (!e.isNotFound()) {
                LOG.warning(ids.callId() + ": destroy bridge " + bridgeId + ": " + e.getMessage());
            }
        }
    }

    private interface AriCall {
        void run() throws AriException;
    }

    /** For signalling that helps but is not essential (ring, progress, DTMF): a failure is logged, not fatal. */
    private void quietly(AriCall call, String what) {
        try {
            call.run();
        } catch (AriException e) {
            LOG.log(Level.INFO, ids.callId() + ": cannot " + what + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return ids.callId() + " " + state + " " + callerCodec + "->" + targetCodec + " " + dial;
    }

    CallSummary summary(long nowNanos) {
        return new CallSummary(ids.callId(), state.name(), ids.caller(), ids.callee(), callerCodec, targetCodec, dial,
                (nowNanos - startedNanos) / 1_000_000);
    }
}
