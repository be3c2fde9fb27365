package org.rtcsip.sidecar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.kamailio.control.ControllerRpc;
import org.rtcsip.kamailio.control.OpsController;
import org.rtcsip.kamailio.control.OpsControllerLoop;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;

import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.config.MediaInterface;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.net.MediaLoops;
import org.rtcsip.sidecar.net.MediaTransport;
import org.rtcsip.sidecar.net.NgUdpServer;
import org.rtcsip.sidecar.net.UdpSocketAllocator;
import org.rtcsip.sidecar.net.WebSocketMediaConnections;
import org.rtcsip.sidecar.ng.NgCommands;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.ops.KamailioMetrics;
import org.rtcsip.sidecar.ops.OpsHttpServer;
import org.rtcsip.sidecar.ops.SidecarMetrics;
import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.CallReport;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;
import org.rtcsip.sidecar.session.TranscoderWarmup;
import org.rtcsip.sidecar.session.WebRtcContext;

/**
 * The running process, wired together: media loops and their sockets, the call registry, the ng control server,
 * the ops HTTP server and, with {@code --kamailio-rpc}, the ops controller that keeps this sidecar in Kamailio's
 * rtpengine set. Tests start one in-process with a config of their own.
 *
 * <p>A drain ({@link #drain}: SIGTERM via Main, or POST /drain) takes the sidecar out of Kamailio's set, keeps
 * serving the calls in progress (ng answers and deletes included) and completes {@link #drained()} when the last
 * one ended or the drain timeout passed; the owner decides what then (Main exits 0).
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sidecar.class.getName());
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 2000;
    /** POST /drain waits this long at most for Kamailio's answer to the disable (the controller's timeout is 2 s). */
    private static final long DRAIN_ANSWER_WAIT_NANOS = 3_000_000_000L;
    /** A control or media thread that has not gone round its loop for this long is reported by /health. */
    private static final long STALLED_NANOS = 5_000_000_000L;
    /** In-memory handshake pairs at start (both roles): about 3.5 s of one core when it is free. */
    private static final int DTLS_WARMUP_HANDSHAKES = 2000;

    private final SidecarConfig config;
    private final MediaLoops loops;
    private final UdpSocketAllocator allocator;
    private final CallRegistry calls;
    private final NgCommands ng;
    private final NgUdpServer ngServer;
    private final OpsHttpServer http;
    private final SidecarMetrics metrics;
    private final WebRtcContext webrtc;
    private final Drain drain;
    private final KamailioRpcClient kamailioClient;
    private final OpsController controller;
    private volatile OpsControllerLoop controllerLoop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread drainWatch;
    private volatile boolean ready;
    private final OpusCodecs opus;
    /** False while the start-up codec warm-up runs ({@code codec-warmup}); /health says which. */
    private volatile boolean codecsWarm;
    private volatile Thread warmupThread;

    public Sidecar(SidecarConfig config) throws IOException {
        this.config = config;
        List<MediaInterfaceAddress> addresses = new ArrayList<>();
        for (MediaInterface i : config.interfaces()) {
            addresses.add(new MediaInterfaceAddress(i.name(), i.local(), i.advertised()));
        }
        RelayMetrics relayMetrics = new RelayMetrics();
        CallRegistry[] registry = new CallRegistry[1];
        this.loops = new MediaLoops(config.mediaLoops(), MediaTransport.choose(config.mediaTransport()),
                (loop, now) -> registry[0].expire(loop, now));
        this.allocator = new UdpSocketAllocator(loops, config.portMin(), config.portMax());
        SessionLimits limits = new SessionLimits(config.mediaTimeout().toSeconds(),
                config.finalTimeout().toSeconds(), config.deleteDelay().toSeconds(), config.maxSessions());
        this.webrtc = WebRtcContext.generated();
        // opus-backend = libopus was checked to load with the configuration; auto logs what it chose.
        this.opus = OpusCodecs.select(config.opusBackend());
        OpusEncoderSettings opusSettings = OpusEncoderSettings.defaults().withBitrate(config.opusBitrate())
                .withComplexity(config.opusComplexity());
        this.calls = new CallRegistry(new MediaInterfaces(addresses), allocator, new WebSocketMediaConnections(loops),
                relayMetrics, limits, System::currentTimeMillis, loops.size(), new SecureRandom(), webrtc, opus,
                opusSettings);
        registry[0] = calls;
        this.ng = new NgCommands(calls, loops, System::nanoTime, System::currentTimeMillis);
        int portCapacity = (config.portMax() - config.portMin() + 1) / 2 * 2 * addresses.size();
        this.metrics = new SidecarMetrics(relayMetrics, ng.metrics(), calls::size, allocator::portsInUse,
                () -> portCapacity);
        if (config.kamailioRpc().isPresent()) {
            // the controller retries on its own schedule: one attempt per request, short timeouts
            this.kamailioClient = KamailioRpcClient.builder(config.kamailioRpc().get().toString())
                    .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                    .readRetries(1, Duration.ZERO, Duration.ZERO).build();
            this.controller = new OpsController(ControllerRpc.of(kamailioClient), config.kamailioNgUrl(),
                    config.kamailioPollInterval(), controllerLog());
            KamailioMetrics.register(metrics.registry(), controller);
        } else {
            this.kamailioClient = null;
            this.controller = null;
        }
        this.drain = new Drain(config.drainTimeout(), calls::size,
                () -> controller == null || controller.disableAttempted());
        metrics.registerDrain(drain, System::currentTimeMillis);
        metrics.registerOpusBackend(opus.backend().optionValue(), opus.version());
        this.ngServer = new NgUdpServer(config.ngListen(), ng);
        try {
            this.http = new OpsHttpServer(config.httpListen(), metrics, this::sessionsSnapshot, this::health,
                    this::drainRequest);
        } catch (IOException e) {
            ngServer.close();
            if (kamailioClient != null) {
                kamailioClient.close();
            }
            throw new IOException("cannot listen for HTTP on " + config.httpListen() + ": " + e.getMessage(), e);
        }
    }

    private static OpsController.Log controllerLog() {
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

    public Sidecar start() throws IOException {
        loops.start();
        ngServer.start();
        http.start();
        ready = true;
        codecsWarm = config.codecWarmup().isZero();
        LOG.info("media-sidecar ready: ng on " + ngServer.boundAddresses() + ", http on " + http.address()
                + ", media ports " + config.portMin() + "-" + config.portMax() + " on "
                + config.interfaces().stream().map(i -> i.name() + "/" + i.local().getHostAddress()
                + (i.advertised().equals(i.local()) ? "" : "!" + i.advertised().getHostAddress())).toList()
                + ", " + loops.size() + " media loops on " + loops.transport() + ", DTLS fingerprint "
                + webrtc.certificates().current().fingerprint() + ", DTLS public-key crypto "
                + (DtlsOptions.openSslProblem() == null ? DtlsOptions.openSslVersion()
                        : "Bouncy Castle (OpenSSL 3 libcrypto unavailable: " + DtlsOptions.openSslProblem() + ")")
                + (controller == null ? "" : ", Kamailio control of " + controller.ngUrl() + " at "
                + controller.rpcUrl()));
        if (codecsWarm) {
            enableInKamailio();
        } else {
            // in the background: ng answers from the start (Kamailio marks a silent sidecar down for a minute)
            Thread warmup = new Thread(this::warmUpCodecs, "codec-warmup");
            warmup.setDaemon(true);
            warmup.setPriority(Thread.MIN_PRIORITY);
            warmupThread = warmup;
            warmup.start();
        }
        return this;
    }

    private void warmUpCodecs() {
        try {
            // a drain or a close ends it early: neither should wait for a warm-up
            BooleanSupplier stop = () -> closed.get() || drain.phase() != Drain.Phase.SERVING;
            TranscoderWarmup.Result r = calls.warmUpTranscoding(config.codecWarmup().toNanos(), stop);
            LOG.info("codec warm-up: " + r + ", opus backend " + opus.version()
                    + (r.undecodable() > 0 ? "; " + r.undecodable() + " frames did not decode" : ""));
            // the DTLS handshake path too: the first browser calls after a start would otherwise pay the JIT
            LOG.info("DTLS warm-up: " + webrtc.warmUpDtls(DTLS_WARMUP_HANDSHAKES, config.codecWarmup().toNanos(),
                    stop));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "codec warm-up failed; calls are served anyway", e);
        } finally {
            codecsWarm = true;
            enableInKamailio();
        }
    }

    /** With a controller: join Kamailio's rtpengine set, now that calls will find the sidecar ready and warm. */
    private synchronized void enableInKamailio() {
        if (controller != null && !closed.get()) {
            // ready before the first run: its first request is the enable, not a poll
            controller.ready();
            controllerLoop = OpsControllerLoop.start(controller, System::currentTimeMillis, controllerLog());
        }
    }

    /**
     * Starts a drain: no new calls (with a controller, this sidecar is disabled in Kamailio's rtpengine set), the
     * calls in progress are served until they end or the drain timeout. Returns false if a drain was under way.
     *
     * @param trigger what asked, for the log: "SIGTERM", "POST /drain from 127.0.0.1"
     */
    public boolean drain(String trigger) {
        String newCalls = controller == null
                ? "no --kamailio-rpc, so new calls stop only once Kamailio's rtpengine set no longer sends them here "
                        + "(sidecarctl kamailio rtpengine disable <this sidecar's ng URL>)"
                : "disabling " + controller.ngUrl() + " in Kamailio at " + controller.rpcUrl() + " (no new calls)";
        if (!drain.begin(System.currentTimeMillis(), trigger, newCalls)) {
            return false;
        }
        OpsControllerLoop loop = controllerLoop;
        if (loop != null) {
            loop.drain();
        } else if (controller != null) {
            controller.drain(); // not started yet: start() will find the drain wanted
        }
        if (controller != null) {
            drain.finished().thenRun(() -> {
                if (controller.membership() != OpsController.Membership.DISABLED) {
                    LOG.warning("Kamailio at " + controller.rpcUrl() + " did not confirm that " + controller.ngUrl()
                            + " is disabled (" + controller.snapshot().problem() + "); it marks the sidecar down"
                            + " when its next ng request gets no answer");
                }
            });
        }
        Thread watch = new Thread(() -> {
            // bounded: the drain ends at its timeout at the latest
            while (!drain.finished().isDone() && !closed.get()) {
                drain.check(System.currentTimeMillis());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drain");
        watch.setDaemon(true);
        drainWatch = watch;
        watch.start();
        return true;
    }

    /** Completes when a drain is over: the last call ended, or the drain timeout passed. */
    public CompletableFuture<Drain.Outcome> drained() {
        return drain.finished();
    }

    public Drain.Phase drainPhase() {
        return drain.phase();
    }

    /** Seconds until the drain timeout, as /health shows them. */
    public long drainSecondsLeft() {
        return drain.secondsLeft(System.currentTimeMillis());
    }

    /** The ops controller, when configured with {@code --kamailio-rpc}. */
    public Optional<OpsController> kamailioController() {
        return Optional.ofNullable(controller);
    }

    private OpsHttpServer.Health health() {
        Map<String, Object> document = new LinkedHashMap<>();
        if (drain.phase() != Drain.Phase.SERVING) {
            document.put("status", "draining");
            document.put("sessions", calls.size());
            document.put("seconds_left", drainSecondsLeft());
            return new OpsHttpServer.Health(503, document);
        }
        if (!ready) {
            document.put("status", "unavailable");
            return new OpsHttpServer.Health(503, document);
        }
        long now = System.nanoTime();
        long ngSince = ngServer.nanosSinceLastTurn(now);
        int stalledLoop = loops.firstStalled(now, STALLED_NANOS);
        if (ngSince < 0 || ngSince > STALLED_NANOS || stalledLoop >= 0) {
            // Kamailio would still send calls to a sidecar whose threads are gone: say so, so it gets restarted
            document.put("status", "failing");
            document.put("problem", ngSince < 0 ? "the ng control thread has stopped"
                    : ngSince > STALLED_NANOS ? "the ng control thread has not turned for " + ngSince / 1_000_000 + " ms"
                    : "media loop " + stalledLoop + " has stopped or stalled");
            return new OpsHttpServer.Health(503, document);
        }
        document.put("status", "ok");
        document.put("codecs", codecsWarm ? "warm" : "warming up");
        document.put("media_transport", loops.transport());
        return new OpsHttpServer.Health(200, document);
    }

    private Map<String, Object> drainRequest(String trigger) {
        boolean started = drain(trigger);
        if (controller != null) {
            // answer with what Kamailio said: its answer (or the failure to reach it) takes milliseconds to seconds
            long deadline = System.nanoTime() + DRAIN_ANSWER_WAIT_NANOS;
            while (!controller.disableAttempted() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "draining");
        answer.put("started", started);
        answer.put("sessions", calls.size());
        answer.put("drain_timeout_seconds", drain.timeoutSeconds());
        answer.put("seconds_left", drainSecondsLeft());
        if (controller != null) {
            Map<String, Object> kamailio = new LinkedHashMap<>();
            kamailio.put("rpc", controller.rpcUrl());
            kamailio.put("ng_url", controller.ngUrl());
            kamailio.put("membership", controller.membership().name());
            answer.put("kamailio", kamailio);
        }
        return answer;
    }

    public List<InetSocketAddress> ngAddresses() throws IOException {
        return ngServer.boundAddresses();
    }

    public InetSocketAddress httpAddress() {
        return http.address();
    }

    public CallRegistry calls() {
        return calls;
    }

    public UdpSocketAllocator sockets() {
        return allocator;
    }

    public SidecarMetrics metrics() {
        return metrics;
    }

    /** Every call as /sessions shows it, each snapshot taken on the call's own loop. */
    public List<Map<String, Object>> sessionsSnapshot() throws Exception {
        long nowNanos = System.nanoTime();
        long nowSeconds = System.currentTimeMillis() / 1000;
        List<List<Map<String, Object>>> perLoop = loops.onEveryLoop(loop -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Call call : calls.callsOfLoop(loop)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("call-id", call.callId());
                CallReport.addTo(entry, call, nowNanos, nowSeconds);
                out.add(entry);
            }
            return out;
        }, SNAPSHOT_TIMEOUT_MILLIS);
        List<Map<String, Object>> all = new ArrayList<>();
        perLoop.forEach(all::addAll);
        return all;
    }

    /** Stops taking requests, tears down every call (releasing its ports) and stops the loops. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        Thread watch = drainWatch;
        if (watch != null && watch != Thread.currentThread()) {
            watch.interrupt();
        }
        Thread warmup = warmupThread;
        if (warmup != null && warmup != Thread.currentThread()) {
            try {
                // it stops within one batch once closed is set; native codec and OpenSSL calls must not run on
                // while the process exits
                warmup.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        OpsControllerLoop control;
        synchronized (this) { // a warm-up finishing now cannot start the controller after this
            control = controllerLoop;
        }
        if (control != null) {
            control.close(Duration.ofSeconds(3));
        }
        if (kamailioClient != null) {
            kamailioClient.close();
        }
        ngServer.close();
        http.stop();
        try {
            loops.onEveryLoop(loop -> {
                calls.destroyAllOfLoop(loop, System.nanoTime());
                return null;
            }, SNAPSHOT_TIMEOUT_MILLIS);
            loops.stop();
            webrtc.close();
        } catch (Exception e) {
            LOG.warning("shutdown: " + e);
        }
    }
}
