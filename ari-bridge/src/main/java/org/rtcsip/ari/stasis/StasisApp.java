package org.rtcsip.ari.stasis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.ari.ari.AriClient;
import org.rtcsip.ari.ari.AriEvent;
import org.rtcsip.ari.ari.AriEventDecoder;
import org.rtcsip.ari.ari.AriEventStream;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.ari.config.BridgeConfig;
import org.rtcsip.ari.sidecar.MediaLeg;
import org.rtcsip.ari.sidecar.MediaSidecar;
import org.rtcsip.ari.sidecar.NgException;

/**
 * The Stasis application: takes the ARI events of its channels, one at a time on its own thread, and drives one
 * {@link BridgedCall} per call the FastAGI hook routed here. After every (re)open of the events WebSocket it
 * reconciles with what Asterisk and media-sidecar hold ({@link Reconciler}).
 */
public final class StasisApp implements AriEventStream.Listener {
    private static final Logger LOG = Logger.getLogger(StasisApp.class.getName());

    private final AriClient ari;
    private final MediaSidecar sidecar;
    private final BridgeConfig config;
    private final StasisCounters counters;
    private final AriEventDecoder decoder = new AriEventDecoder();
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stasis");
        t.setDaemon(true);
        return t;
    });
    /** ng requests: {@code external media} waits for two WebSocket connects, so it never runs on the event thread. */
    private final ExecutorService ngRequests = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ng-client");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BridgedCall> calls = new LinkedHashMap<>();
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final AtomicInteger activeBridges = new AtomicInteger();
    private volatile long lastReconcileMillis = -1;

    public StasisApp(AriClient ari, MediaSidecar sidecar, BridgeConfig config, StasisCounters counters) {
        this.ari = ari;
        this.sidecar = sidecar;
        this.config = config;
        this.counters = counters;
    }

    // ---- AriEventStream.Listener (OkHttp threads): hand everything to the event thread

    @Override
    public void opened(boolean reopened) {
        if (reopened) {
            counters.eventsReopened();
        }
        onEventThread(() -> {
            long start = System.nanoTime();
            new Reconciler(this).run();
            lastReconcileMillis = (System.nanoTime() - start) / 1_000_000;
        });
    }

    @Override
    public void message(String text) {
        AriEvent event;
        try {
            event = decoder.decode(text);
        } catch (AriEventDecoder.MalformedEventException e) {
            counters.error("malformed_event");
            LOG.warning("malformed ARI event (" + e.getMessage() + "): " + e.excerpt());
            return;
        }
        onEventThread(() -> dispatch(event));
    }

    @Override
    public void closed(String reason, Duration retryIn) {
        // nothing to do until it opens again: Asterisk keeps the app's channels and bridges meanwhile
    }

    // ---- dispatch (event thread)

    void dispatch(AriEvent event) {
        if (event instanceof AriEvent.StasisStart e) {
            stasisStart(e);
        } else if (event instanceof AriEvent.Dial e) {
            call(e.peer().id()).ifPresent(c -> {
                if (e.peer().id().equals(c.ids.callee())) {
                    c.dialStatus(e.dialStatus());
                }
            });
        } else if (event instanceof AriEvent.ChannelStateChange e) {
            call(e.channel().id()).ifPresent(c -> {
                if (e.channel().id().equals(c.ids.callee()) && e.channel().isUp()) {
                    c.calleeAnswered();
                }
            });
        } else if (event instanceof AriEvent.ChannelEnteredBridge e) {
            call(e.channel().id()).ifPresent(c -> c.enteredBridge(e.channel().id()));
        } else if (event instanceof AriEvent.ChannelDtmfReceived e) {
            call(e.channel().id()).ifPresent(c -> c.dtmf(e.channel().id(), e.digit(), e.durationMs()));
        } else if (event instanceof AriEvent.ChannelHangupRequest e) {
            // soft: Asterisk's own request (our DELETE, shutdown); its cause field holds flags, not Q.850
            if (!e.soft()) {
                call(e.channel().id()).ifPresent(c -> c.channelGone(e.channel().id(), e.cause()));
            }
        } else if (event instanceof AriEvent.ChannelDestroyed e) {
            call(e.channel().id()).ifPresent(c -> c.channelGone(e.channel().id(), e.cause()));
        } else if (event instanceof AriEvent.Unknown e) {
            counters.error("unknown_event");
            LOG.warning("unknown ARI event type " + e.type() + " (not in events.json of ARI 10.0.0): ignored");
        }
        // StasisEnd, ChannelLeftBridge, BridgeDestroyed, Ignored: the destroy and hangup events carry what matters
    }

    private Optional<BridgedCall> call(String channelId) {
        return Optional.ofNullable(calls.get(CallIds.of(channelId).callId()));
    }

    private void stasisStart(AriEvent.StasisStart e) {
        Channel ch = e.channel();
        List<String> args = e.argList();
        if (!args.isEmpty() && args.get(0).equals("callee")) {
            call(ch.id()).ifPresentOrElse(BridgedCall::calleeInStasis, () -> stray(ch, "a target without its call"));
            return;
        }
        if (!args.isEmpty() && args.get(0).equals("media")) {
            call(ch.id()).ifPresentOrElse(c -> c.mediaInStasis(ch.id()),
                    () -> stray(ch, "an ExternalMedia channel without its call"));
            return;
        }
        // The caller, from extensions.conf: Stasis(app,<dial>,<caller codec>,<target codec>)
        if (args.size() < 3 || args.get(0).isEmpty() || !MediaLeg.sidecarCodes(args.get(1))
                || !MediaLeg.sidecarCodes(args.get(2))) {
            stray(ch, "a caller with arguments " + args + " (expected <dial>,<caller codec>,<target codec>)");
            return;
        }
        CallIds ids = CallIds.forCaller(ch.id());
        if (calls.containsKey(ids.callId())) {
            return; // a replayed StasisStart after a reconnect
        }
        BridgedCall call = new BridgedCall(ids, args.get(0), args.get(1), args.get(2), this);
        calls.put(ids.callId(), call);
        activeCalls.incrementAndGet();
        LOG.info(ids.callId() + ": " + ch.name() + " -> " + args.get(0) + " (" + args.get(1) + " -> " + args.get(2)
                + ")");
        call.start();
    }

    /** A channel in our app that no call owns: hung up, so it is never left silent in Stasis. */
    private void stray(Channel ch, String what) {
        counters.error("unexpected_channel");
        LOG.warning(ch.id() + " (" + ch.name() + ") entered Stasis as " + what + ": hanging it up");
        try {
            ari.hangup(ch.id(), HangupCause.CONGESTION);
        } catch (org.rtcsip.ari.ari.AriException ignored) {
            // counted by the client
        }
    }

    // ---- what calls and the reconciler use

    AriClient ari() {
        return ari;
    }

    MediaSidecar sidecar() {
        return sidecar;
    }

    BridgeConfig config() {
        return config;
    }

    String appName() {
        return config.app();
    }

    StasisCounters counters() {
        return counters;
    }

    Map<String, BridgedCall> calls() {
        return calls;
    }

    void adopt(BridgedCall call) {
        calls.put(call.ids.callId(), call);
        activeCalls.incrementAndGet();
        activeBridges.addAndGet(2); // an adopted call holds its two bridges; its end() gives them back
    }

    /** {@code ws://HOST:PORT/media/<MEDIA_WEBSOCKET_CONNECTION_ID>} of an ExternalMedia channel. */
    String mediaUri(Channel externalMedia) {
        String id = externalMedia.channelVar("MEDIA_WEBSOCKET_CONNECTION_ID");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("ExternalMedia channel " + externalMedia.id()
                    + " has no MEDIA_WEBSOCKET_CONNECTION_ID (chan_websocket missing?)");
        }
        URI base = config.mediaUrl();
        String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        return base.getScheme() + "://" + base.getRawAuthority() + path + id;
    }

    void joinLegs(BridgedCall call, MediaLeg caller, MediaLeg callee) {
        CompletableFuture.runAsync(() -> {
            String failure = null;
            try {
                sidecar.joinLegs(call.ids.callId(), caller, callee);
            } catch (NgException e) {
                counters.error(e.kind());
                failure = e.getMessage();
            } catch (RuntimeException e) {
                counters.error("ng_client");
                failure = e.toString();
            }
            String result = failure;
            onEventThread(() -> call.sidecarJoined(result));
        }, ngRequests);
    }

    void deleteSidecarCall(String callId) {
        ngRequests.execute(() -> {
            try {
                sidecar.delete(callId);
            } catch (NgException e) {
                counters.error(e.kind());
                LOG.warning(callId + ": ng delete: " + e.getMessage());
            }
        });
    }

    /** ng list off the event thread; {@code then} runs on the event thread with the call-ids. */
    void sidecarCalls(java.util.function.Consumer<List<String>> then) {
        ngRequests.execute(() -> {
            try {
                List<String> ids = sidecar.calls();
                onEventThread(() -> then.accept(ids));
            } catch (NgException e) {
                counters.error(e.kind());
                LOG.warning("cannot list media-sidecar's calls: " + e.getMessage());
            }
        });
    }

    void bridgesCreated(int delta) {
        activeBridges.addAndGet(delta);
    }

    void callUp(BridgedCall call, long setupMillis) {
        counters.callUp(setupMillis);
    }

    void callEnded(BridgedCall call, int cause, boolean wasUp) {
        if (calls.remove(call.ids.callId()) != null) {
            activeCalls.decrementAndGet();
        }
        counters.callEnded(cause, wasUp);
    }

    void dtmfRelayed() {
        counters.dtmfRelayed();
    }

    /** Null when stopping. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return events.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs {@code task} on the event thread; a bug in one event's handling never stops the thread. */
    public void onEventThread(Runnable task) {
        try {
            events.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            counters.error("internal");
            LOG.log(Level.SEVERE, "Stasis event handling threw", e);
        }
    }

    // ---- ops views

    public int activeCalls() {
        return activeCalls.get();
    }

    public int activeBridges() {
        return activeBridges.get();
    }

    public long lastReconcileMillis() {
        return lastReconcileMillis;
    }

    /** A snapshot of the calls (ops /calls, tests), taken on the event thread. */
    public List<CallSummary> describeCalls() throws Exception {
        CompletableFuture<List<CallSummary>> f = new CompletableFuture<>();
        onEventThread(() -> {
            Collection<BridgedCall> all = calls.values();
            List<CallSummary> out = new ArrayList<>();
            long now = System.nanoTime();
            all.forEach(c -> out.add(c.summary(now)));
            f.complete(out);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /** Stops handling events; calls in Asterisk are left as they are (a restarted ari-bridge adopts them). */
    public void stop() {
        events.shutdownNow();
        ngRequests.shutdown();
        try {
            ngRequests.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
