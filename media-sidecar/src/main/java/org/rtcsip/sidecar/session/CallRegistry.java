package org.rtcsip.sidecar.session;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.logging.CallLog;
import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.SdpParseException;
import org.rtcsip.sidecar.sdp.SessionDescription;

/**
 * All calls, and the operations ng commands map to. A call belongs to one media loop (the least loaded when its
 * first request came: {@link LoopPlacement}) and every operation on it, like every packet of it, runs on that loop's
 * thread: callers must run {@link #offer}, {@link #answer}, {@link #delete}, {@link #find} results and
 * {@link #expire} there. Only the call-id map and the placement are shared.
 *
 * <p>Operations are all-or-nothing for ports: whatever an operation bound is released again if it fails, and a
 * call that did not come out of a successful offer is never registered.
 */
public final class CallRegistry {
    private static final Logger LOG = Logger.getLogger(CallRegistry.class.getName());

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger callCount = new AtomicInteger();
    private final LoopPlacement placement;
    private final SocketAllocator allocator;
    private final MediaConnections connections;
    /** Per loop, connections of ended calls whose close handshake is still running (owned by that loop). */
    private final List<List<MediaConnection>> closing = new ArrayList<>();
    /** Per loop, its calls with ExternalMedia legs, which the loop's frame clock keeps fed (owned by that loop). */
    private final List<List<Call>> clocked = new ArrayList<>();
    /**
     * Per loop, its calls (owned by that loop): what its tick walks every 200 ms. Walking {@link #calls} instead
     * visited every loop's calls and built a list each time: 8 % of the CPU while 2000 calls were set up.
     */
    private final List<List<Call>> ofLoop = new ArrayList<>();
    private final SecureRandom random;
    private final RelayMetrics metrics;
    private final SessionLimits limits;
    private final LongSupplier epochMillis;
    private final Negotiation negotiation;
    private final Commit commit;
    private final CodecFactory codecs;

    /** For tests that never meet a browser: a shared certificate, Concentus with default settings. */
    public CallRegistry(MediaInterfaces interfaces, SocketAllocator allocator, RelayMetrics metrics,
                        SessionLimits limits, LongSupplier epochMillis, int loops, SecureRandom random) {
        this(interfaces, allocator, MediaConnections.NONE, metrics, limits, epochMillis, loops, random,
                SHARED_WEBRTC, OpusCodecs.concentus(), OpusEncoderSettings.defaults());
    }

    /** Tests that never meet a browser share one generated certificate and handshake pool. */
    private static final WebRtcContext SHARED_WEBRTC = WebRtcContext.generated();

    /**
     * @param opus         the Opus backend chosen at start-up ({@link OpusCodecs#select})
     * @param opusSettings how Opus is encoded toward browsers, before each browser's fmtp lowers it
     */
    public CallRegistry(MediaInterfaces interfaces, SocketAllocator allocator, MediaConnections connections,
                        RelayMetrics metrics, SessionLimits limits, LongSupplier epochMillis, int loops,
                        SecureRandom random, WebRtcContext webrtc, OpusCodecs opus, OpusEncoderSettings opusSettings) {
        this.allocator = allocator;
        this.connections = connections;
        for (int i = 0; i < loops; i++) {
            closing.add(new ArrayList<>());
            clocked.add(new ArrayList<>());
            ofLoop.add(new ArrayList<>());
        }
        this.random = random;
        this.metrics = metrics;
        this.limits = limits;
        this.epochMillis = epochMillis;
        this.placement = new LoopPlacement(loops);
        this.codecs = new CodecFactory(opus, opusSettings);
        this.negotiation = new Negotiation(interfaces, allocator,
                new OfferAnswer(random, webrtc.certificates, webrtc.ice), limits.maxStreamsPerCall());
        this.commit = new Commit(metrics, webrtc, codecs, random, new MediaClock(epochMillis));
    }

    /** The loop a call-id lives on while it exists (or a request about it is queued): see {@link LoopPlacement}. */
    public int loopOf(String callId) {
        return placement.loopOf(callId);
    }

    /** Where calls go: requests are queued on the loop it names ({@link LoopPlacement#enter}). */
    public LoopPlacement placement() {
        return placement;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    /**
     * Runs both directions of an Opus <-> PCMU call through this registry's codecs with synthetic audio until the
     * JIT has compiled them or {@code budgetNanos} have passed, off the media loops (see {@link TranscoderWarmup});
     * touches no call.
     */
    public TranscoderWarmup.Result warmUpTranscoding(long budgetNanos, BooleanSupplier cancelled) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return new TranscoderWarmup(codecs).run(budgetNanos, System::nanoTime, cancelled,
                jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null);
    }

    public int size() {
        return callCount.get();
    }

    public Call find(String callId) {
        return calls.get(callId);
    }

    /** Up to {@code limit} call-ids (ng {@code list}); safe from any thread. */
    public List<String> list(int limit) {
        List<String> ids = new ArrayList<>();
        for (String id : calls.keySet()) {
            if (ids.size() >= limit) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Calls of one loop, a copy for that loop's thread to snapshot. */
    public List<Call> callsOfLoop(int loop) {
        return new ArrayList<>(ofLoop.get(loop));
    }

    public String offer(CallRef ref, MediaOptions opts, String sdpText, long nowNanos) throws SignallingException {
        SessionDescription in = parse(sdpText);
        Call call = calls.get(ref.callId());
        boolean newCall = call == null;
        if (newCall) {
            if (limits.maxSessions() >= 0 && callCount.get() >= limits.maxSessions()) {
                throw new SignallingException("Parallel session limit reached");
            }
            call = new Call(ref.callId(), loopOf(ref.callId()), epochMillis.getAsLong() * 1000);
        }
        Leg sender = call.legByTag(ref.fromTag());
        boolean newSender = sender == null;
        if (newSender) {
            sender = new Leg(ref.callId(), ref.fromTag(), null, nowEpochSeconds());
        }
        Leg recipient = ref.toTag() != null ? call.legByTag(ref.toTag()) : null;
        if (recipient == null) {
            recipient = newSender ? null : call.pendingCallee(sender, ref.viaBranch());
            if (recipient == null && sender.peer != null && ref.toTag() == null && ref.viaBranch() == null) {
                recipient = sender.peer; // re-INVITE whose to-tag Kamailio did not pass
            }
        }
        boolean newRecipient = recipient == null;
        if (newRecipient) {
            recipient = new Leg(ref.callId(), ref.toTag(), ref.viaBranch(), nowEpochSeconds());
        }
        Negotiated n = negotiation.offer(new Negotiated(call, newCall, sender, recipient, newSender, newRecipient,
                true), in, opts);
        try {
            commit.apply(n, nowNanos, nowEpochSeconds());
        } catch (RuntimeException e) {
            // a bug, not a refusal: a new call that could not be put in place gives back whatever it holds (all of
            // its ports came from this negotiation)
            if (newCall) {
                n.release(allocator);
                for (Leg leg : List.of(n.from, n.to)) {
                    for (MediaStream s : leg.streams) {
                        s.sockets = null;
                    }
                    releaseLeg(leg, call.loop, nowNanos);
                }
            }
            throw e;
        }
        if (newCall) {
            calls.put(ref.callId(), call);
            ofLoop.get(call.loop).add(call);
            callCount.incrementAndGet();
        }
        placement.live(call.callId, call.loop, LoopPlacement.weightOf(call));
        return n.sdp;
    }

    public String answer(CallRef ref, MediaOptions opts, String sdpText, long nowNanos) throws SignallingException {
        SessionDescription in = parse(sdpText);
        Call call = calls.get(ref.callId());
        if (call == null) {
            throw new SignallingException("Unknown call-id");
        }
        if (ref.toTag() == null || ref.toTag().isEmpty()) {
            throw new SignallingException("No to-tag in message");
        }
        Leg offerer = call.legByTag(ref.fromTag());
        if (offerer == null) {
            throw new SignallingException("Unknown from-tag");
        }
        Leg answerer = call.legByTag(ref.toTag());
        if (answerer == null) {
            answerer = call.pendingCallee(offerer, ref.viaBranch());
            if (answerer == null && offerer.peer != null) {
                // An early-dialog fork answered with a new tag: the media follows the latest answer.
                answerer = offerer.peer;
            }
            if (answerer == null) {
                throw new SignallingException("Unknown to-tag");
            }
        }
        Negotiated n = negotiation.answer(new Negotiated(call, false, answerer, offerer, false, false, false), in,
                opts);
        n.answererTag = ref.toTag();
        commit.apply(n, nowNanos, nowEpochSeconds());
        placement.live(call.callId, call.loop, LoopPlacement.weightOf(call)); // the answer decides on transcoding
        return n.sdp;
    }

    /** What an {@code external media} request hears once its legs are connected, or one of them failed. */
    public interface ExternalMediaDone {
        void connected(Call call);

        void failed(String reason);
    }

    /**
     * ng {@code external media} (docs/ng-external-media.md): a call of two ExternalMedia WebSocket legs joined by
     * relay (same codec) or a transcoder. The call exists (query, list, delete see it) while its legs connect; the
     * answer comes once both named their format, or the call is gone again and the reason is told.
     */
    public void externalMedia(CallRef ref, List<ExternalLegSpec> specs, long nowNanos, ExternalMediaDone done)
            throws SignallingException {
        if (specs.size() != 2) {
            throw new SignallingException("Missing 'legs': two are needed");
        }
        if (calls.containsKey(ref.callId())) {
            throw new SignallingException("Call-ID already exists");
        }
        if (limits.maxSessions() >= 0 && callCount.get() >= limits.maxSessions()) {
            throw new SignallingException("Parallel session limit reached");
        }
        PayloadFormat[] codecs = new PayloadFormat[2];
        for (int i = 0; i < 2; i++) {
            ExternalLegSpec spec = specs.get(i);
            if (!"websocket".equals(spec.transport())) {
                throw new SignallingException("Unsupported external media transport '" + spec.transport() + "'");
            }
            codecs[i] = ExternalMedia.codec(spec.codec());
        }
        Call call = new Call(ref.callId(), loopOf(ref.callId()), epochMillis.getAsLong() * 1000);
        Leg a = new Leg(ref.callId(), specs.get(0).tag(), null, nowEpochSeconds());
        Leg b = new Leg(ref.callId(), specs.get(1).tag(), null, nowEpochSeconds());
        a.peer = b;
        b.peer = a;
        call.legs.add(a);
        call.legs.add(b);
        MediaStream sa = a.stream(0, metrics);
        MediaStream sb = b.stream(0, metrics);
        sa.peer = sb;
        sb.peer = sa;
        CodecPlan plan = ExternalMedia.plan(codecs[0], codecs[1]);
        sa.plan = ExternalMedia.streamPlan(codecs[0], specs.get(0), plan);
        sb.plan = ExternalMedia.streamPlan(codecs[1], specs.get(1), plan);
        ExternalMedia.Waiting waiting = new ExternalMedia.Waiting(call, done, (c, now) -> destroy(c, "external media failed", now));
        sa.external = new ExternalMediaLeg(sa, specs.get(0), codecs[0], waiting, random, nowNanos);
        sb.external = new ExternalMediaLeg(sb, specs.get(1), codecs[1], waiting, random, nowNanos);
        commit.externalTranscoders(sa, sb, nowNanos);
        calls.put(ref.callId(), call);
        ofLoop.get(call.loop).add(call);
        clocked.get(call.loop).add(call);
        callCount.incrementAndGet();
        placement.live(call.callId, call.loop, LoopPlacement.weightOf(call));
        call.lastSignalNanos = nowNanos;
        call.lastSignalEpochSeconds = nowEpochSeconds();
        try {
            // connections first, then paths: a send chain ends in its stream's connection
            for (MediaStream s : List.of(sa, sb)) {
                s.external.connection = connections.open(s.external.spec().uri(), s.external, nowNanos);
            }
        } catch (SignallingException | RuntimeException e) {
            destroy(call, "external media refused", nowNanos);
            throw e;
        }
        if (call.destroyed) {
            return; // a connect that failed at once has told {@code done} already
        }
        commit.rebuildPaths(call);
    }

    /**
     * ng {@code delete}: the whole call, or only the branch named by {@code via-branch} while other branches live.
     * With a delay the call keeps relaying until then. Returns the call as it was (for statistics), or null if
     * unknown.
     */
    public Call delete(CallRef ref, long deleteDelaySeconds, long nowNanos) {
        Call call = calls.get(ref.callId());
        if (call == null) {
            return null;
        }
        if (ref.fromTag() != null && !ref.fromTag().isEmpty() && call.legByTag(ref.fromTag()) == null
                && call.legByTag(ref.toTag()) == null) {
            return null;
        }
        long delay = deleteDelaySeconds >= 0 ? deleteDelaySeconds : limits.deleteDelaySeconds();
        if (ref.viaBranch() != null) {
            Leg branch = null;
            for (Leg leg : call.legs) {
                if (ref.viaBranch().equals(leg.viaBranch) && leg.tag() == null) {
                    branch = leg;
                }
            }
            if (branch != null && call.legs.size() > 2) {
                releaseLeg(branch, call.loop, nowNanos);
                call.legs.remove(branch);
                commit.rebuildPaths(call);
                placement.live(call.callId, call.loop, LoopPlacement.weightOf(call));
                return call;
            }
        }
        if (delay > 0) {
            call.destroyAtNanos = nowNanos + delay * 1_000_000_000L;
        } else {
            destroy(call, "deleted", nowNanos);
        }
        return call;
    }

    /**
     * Periodic work of one loop: tears down calls whose media timed out, whose final timeout passed or whose delete
     * is due, and lets the others' streams send their RTCP.
     */
    public void expire(int loop, long nowNanos) {
        List<MediaConnection> ending = closing.get(loop);
        for (int i = ending.size() - 1; i >= 0; i--) {
            ending.get(i).poll(nowNanos);
            if (ending.get(i).isEnded()) {
                ending.remove(i);
            }
        }
        List<Call> mine = ofLoop.get(loop);
        for (int i = mine.size() - 1; i >= 0; i--) { // from the end: destroy removes the call from this list
            Call call = mine.get(i);
            if (call.destroyAtNanos != 0 && nowNanos - call.destroyAtNanos >= 0) {
                destroy(call, "delete-delay over", nowNanos);
                continue;
            }
            long last = Math.max(call.lastSignalNanos, call.lastPacketNanos());
            if (limits.mediaTimeoutSeconds() > 0
                    && nowNanos - last > limits.mediaTimeoutSeconds() * 1_000_000_000L) {
                metrics.mediaTimeouts.increment();
                destroy(call, "no media for " + limits.mediaTimeoutSeconds() + " s", nowNanos);
                continue;
            }
            long ageMicros = epochMillis.getAsLong() * 1000 - call.createdEpochMicros;
            if (limits.finalTimeoutSeconds() > 0 && ageMicros > limits.finalTimeoutSeconds() * 1_000_000L) {
                destroy(call, "final timeout", nowNanos);
                continue;
            }
            for (Leg leg : call.legs) {
                for (MediaStream s : leg.streams) {
                    s.tick(nowNanos);
                }
            }
        }
    }

    /** Whether {@code loop} holds a call that needs its frame clock (an ExternalMedia call). On the loop. */
    public boolean clocks(int loop) {
        return !clocked.get(loop).isEmpty();
    }

    /** The frame clock of {@code loop} (every 20 ms): its ExternalMedia legs get a frame in every frame time. */
    public void frame(int loop, long nowNanos) {
        List<Call> mine = clocked.get(loop);
        for (int i = 0; i < mine.size(); i++) {
            for (Leg leg : mine.get(i).legs) {
                for (MediaStream s : leg.streams) {
                    s.frame(nowNanos);
                }
            }
        }
    }

    /** Releases every call (shutdown). Must run on each call's loop, like the rest. */
    public void destroyAllOfLoop(int loop, long nowNanos) {
        for (Call call : callsOfLoop(loop)) {
            destroy(call, "shutdown", nowNanos);
        }
    }

    private void destroy(Call call, String why, long nowNanos) {
        if (call.destroyed) {
            return;
        }
        call.destroyed = true;
        clocked.get(call.loop).remove(call);
        ofLoop.get(call.loop).remove(call);
        for (Leg leg : call.legs) {
            releaseLeg(leg, call.loop, nowNanos);
        }
        if (calls.remove(call.callId, call)) {
            callCount.decrementAndGet();
            placement.ended(call.callId);
        }
        CallLog.of(call.callId).fine(LOG, () -> "torn down: " + why);
    }

    private void releaseLeg(Leg leg, int loop, long nowNanos) {
        for (MediaStream s : leg.streams) {
            Commit.closeTranscoder(s);
            if (s.external != null) {
                s.external.close(nowNanos);
                if (s.external.connection != null && !s.external.connection.isEnded()) {
                    closing.get(loop).add(s.external.connection); // polled until its close handshake ends
                }
            }
            if (s.webrtc != null) {
                s.webrtc.close(); // sends close_notify while the socket is still ours
                s.webrtc = null;
            }
            if (s.sockets != null) {
                allocator.release(s.sockets);
                s.sockets = null;
            }
            if (s.peer != null && s.peer.peer == s) {
                s.peer.peer = null;
            }
        }
    }

    private static SessionDescription parse(String sdpText) throws SignallingException {
        if (sdpText == null) {
            throw new SignallingException("No SDP body in message");
        }
        try {
            return SessionDescription.parse(sdpText);
        } catch (SdpParseException e) {
            throw new SignallingException("Failed to parse SDP: " + e.getMessage());
        }
    }

    private long nowEpochSeconds() {
        return epochMillis.getAsLong() / 1000;
    }
}
