package org.rtcsip.sidecar;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;

import org.rtcsip.kamailio.control.OpsController;

import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.config.AddressBlock;
import org.rtcsip.sidecar.config.CallLimits;
import org.rtcsip.sidecar.config.MediaInterface;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.ice.StunCodec;
import org.rtcsip.sidecar.net.MediaLoop;
import org.rtcsip.sidecar.net.MediaLoops;
import org.rtcsip.sidecar.net.MediaTransport;
import org.rtcsip.sidecar.net.NgUdpServer;
import org.rtcsip.sidecar.net.UdpSocketAllocator;
import org.rtcsip.sidecar.net.WebSocketMediaConnections;
import org.rtcsip.sidecar.ng.NgCommands;
import org.rtcsip.sidecar.ng.SdpLimits;
import org.rtcsip.sidecar.ops.CertificateReload;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.ops.DrainControl;
import org.rtcsip.sidecar.ops.HealthCheck;
import org.rtcsip.sidecar.ops.KamailioMetrics;
import org.rtcsip.sidecar.ops.KamailioSetMembership;
import org.rtcsip.sidecar.ops.LogLevelSwitch;
import org.rtcsip.sidecar.ops.OpsHttpServer;
import org.rtcsip.sidecar.ops.SidecarMetrics;
import org.rtcsip.sidecar.ops.SignallingWarmup;
import org.rtcsip.sidecar.ops.StartupWarmup;
import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.CallReport;
import org.rtcsip.sidecar.session.MediaConnections;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;
import org.rtcsip.sidecar.session.WebRtcContext;
import org.rtcsip.sidecar.srtp.SrtpPreparation;

/**
 * The running process, wired together: media loops and their sockets, the call registry, the ng control server,
 * the ops HTTP server and, with {@code --kamailio-rpc}, this sidecar's membership in Kamailio's rtpengine set.
 * What runs the process lives in ops: the drain ({@link DrainControl}), /health ({@link HealthCheck}) and the
 * start-up warm-up ({@link StartupWarmup}). Tests start one in-process with a config of their own.
 *
 * <p>A drain ({@link #drain}: SIGTERM via Main, or POST /drain) takes the sidecar out of Kamailio's set, keeps
 * serving the calls in progress (ng answers and deletes included) and completes {@link #drained()} when the last
 * one ended or the drain timeout passed; the owner decides what then (Main exits 0).
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sidecar.class.getName());
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 2000;

    private final SidecarConfig config;
    private final LogLevelSwitch logLevels;
    private final MediaLoops loops;
    private final UdpSocketAllocator allocator;
    private final CallRegistry calls;
    private final NgCommands ng;
    private final NgUdpServer ngServer;
    private final OpsHttpServer http;
    private final SidecarMetrics metrics;
    private final WebRtcContext webrtc;
    private final CertificateReload certificateReload;
    private final Optional<KamailioSetMembership> kamailio;
    private final DrainControl drain;
    private final StartupWarmup warmup;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ready;

    public Sidecar(SidecarConfig config) throws IOException {
        this.config = config;
        this.logLevels = new LogLevelSwitch(config.logLevel());
        List<MediaInterfaceAddress> addresses = new ArrayList<>();
        Map<String, InetAddress> mediaAddresses = new LinkedHashMap<>();
        for (MediaInterface i : config.interfaces()) {
            addresses.add(new MediaInterfaceAddress(i.name(), i.local(), i.advertised()));
            mediaAddresses.put(i.name() + "/" + i.local().getHostAddress(), i.local());
        }
        UdpSocketAllocator.checkBindable(mediaAddresses);
        RelayMetrics relayMetrics = new RelayMetrics();
        CallRegistry[] registry = new CallRegistry[1];
        this.loops = new MediaLoops(config.mediaLoops(), MediaTransport.choose(config.mediaTransport()),
                new MediaLoops.TickHandler() {
                    @Override
                    public void tick(int loop, long now) {
                        registry[0].expire(loop, now);
                    }

                    @Override
                    public void frame(int loop, long now) {
                        registry[0].frame(loop, now);
                    }

                    @Override
                    public boolean framesWanted(int loop) {
                        return registry[0].clocks(loop);
                    }
                });
        this.allocator = new UdpSocketAllocator(loops, config.portMin(), config.portMax());
        SessionLimits limits = new SessionLimits(config.mediaTimeout().toSeconds(),
                config.finalTimeout().toSeconds(), config.deleteDelay().toSeconds(), config.maxSessions(),
                config.callLimits().maxStreamsPerCall());
        // dtls-cert/dtls-key were read with the configuration; a file changed since then fails start-up here
        DtlsCertificate certificate = config.dtlsFiles().isPresent() ? config.dtlsFiles().get().load()
                : DtlsCertificate.generate(java.time.Instant.now());
        this.webrtc = WebRtcContext.of(certificate, config.ice());
        this.certificateReload = new CertificateReload(config.dtlsFiles(), webrtc.certificates());
        // opus-backend = libopus was checked to load with the configuration; auto logs what it chose.
        OpusCodecs opus = OpusCodecs.select(config.opusBackend());
        OpusEncoderSettings opusSettings = OpusEncoderSettings.defaults().withBitrate(config.opusBitrate())
                .withComplexity(config.opusComplexity());
        this.calls = new CallRegistry(new MediaInterfaces(addresses), allocator, new WebSocketMediaConnections(loops),
                relayMetrics, limits, System::currentTimeMillis, loops.size(), new SecureRandom(), webrtc, opus,
                opusSettings);
        registry[0] = calls;
        CallLimits callLimits = config.callLimits();
        SdpLimits sdpLimits = new SdpLimits(callLimits.maxSdpBytes(), callLimits.maxMediaPerOffer(),
                callLimits.maxAttributesPerMedia());
        this.ng = new NgCommands(calls, loops, System::nanoTime, System::currentTimeMillis, sdpLimits);
        // the warm-up's calls get a registry of their own, built as this one is
        SignallingWarmup signallingWarmup = new SignallingWarmup(loops, config.portMin(), config.portMax(),
                List.copyOf(mediaAddresses.values()), (interfaces, sockets, counters) -> new CallRegistry(interfaces,
                        sockets, MediaConnections.NONE, counters, limits, System::currentTimeMillis, loops.size(),
                        new SecureRandom(), webrtc, opus, opusSettings), sdpLimits);
        int portCapacity = (config.portMax() - config.portMin() + 1) / 2 * 2 * addresses.size();
        this.metrics = new SidecarMetrics(relayMetrics, ng.metrics(), calls::size, allocator::portsInUse,
                () -> portCapacity);
        this.kamailio = config.kamailioRpc().map(rpc -> new KamailioSetMembership(rpc, config.kamailioNgUrl(),
                config.kamailioPollInterval()));
        kamailio.ifPresent(k -> KamailioMetrics.register(metrics.registry(), k.controller()));
        this.drain = new DrainControl(config.drainTimeout(), calls::size, kamailio);
        this.warmup = new StartupWarmup(config.codecWarmup(), signallingWarmup, calls, webrtc, opus.version());
        metrics.registerDrain(drain.state(), System::currentTimeMillis);
        metrics.registerLoops(calls.placement());
        metrics.registerOpusBackend(opus.backend().optionValue(), opus.version());

        List<AddressBlock> ngSources = config.ngAllow().resolve(config.ngListen());
        Predicate<InetAddress> ngAllowed = config.ngAllow().any() ? a -> true
                : a -> ngSources.stream().anyMatch(b -> b.contains(a));
        this.ngServer = new NgUdpServer(config.ngListen(), config.ngSocketBuffer(), ngAllowed, ng);
        LOG.info("ng requests taken from " + (config.ngAllow().any() ? "any source" : ngSources.stream()
                .map(AddressBlock::toString).toList()) + " (ng-allow)");
        metrics.registerNgSocket(ngServer::unsentReplies, ngServer::refused);
        metrics.registerPortAllocation(allocator::exhausted, allocator::bindFailures);
        metrics.registerReadPauses(loops::readPauses);
        metrics.registerInternalErrors(internalErrors());
        HealthCheck health = new HealthCheck(drain, calls::size, () -> ready, warmup::warm,
                new HealthCheck.Threads() {
                    @Override
                    public long ngNanosSinceLastTurn(long nowNanos) {
                        return ngServer.nanosSinceLastTurn(nowNanos);
                    }

                    @Override
                    public int firstStalledLoop(long nowNanos, long stalledNanos) {
                        return loops.firstStalled(nowNanos, stalledNanos);
                    }

                    @Override
                    public String mediaTransport() {
                        return loops.transport();
                    }
                }, () -> allocator.standingProblems().stream().map(UdpSocketAllocator.Problem::describe).toList());
        try {
            this.http = new OpsHttpServer(config.httpListen(), metrics, this::sessionsSnapshot, health, drain,
                    logLevels, config.opsToken().map(secret -> secret::matches));
            http.postAction("/reload", "reads dtls-cert and dtls-key again (as SIGHUP)", trigger -> {
                CertificateReload.Result result = certificateReload.reload(trigger);
                return new OpsHttpServer.PostAction.Answer(result.reloaded() ? 200 : 422, result.document());
            });
        } catch (IOException e) {
            ngServer.close();
            kamailio.ifPresent(KamailioSetMembership::close);
            throw new IOException("cannot listen for HTTP on " + config.httpListen().getAddress().getHostAddress()
                    + ":" + config.httpListen().getPort() + ": " + e.getMessage(), e);
        }
    }

    /** Where an unexpected exception can be caught and survived, and how many were, for /metrics. */
    private Map<String, LongSupplier> internalErrors() {
        Map<String, LongSupplier> byWhere = new LinkedHashMap<>();
        byWhere.put("ng", ng.metrics()::internalErrors);
        byWhere.put("ng-control", ngServer::internalErrors);
        for (MediaLoop.Where where : MediaLoop.Where.values()) {
            byWhere.put(where.label(), () -> loops.internalErrors(where));
        }
        byWhere.put("warmup", warmup::failures);
        return byWhere;
    }

    public Sidecar start() throws IOException {
        // ice4j's first use costs up to seconds (classes, its configuration): in the background now, not on the
        // first browser's first check; start-up does not wait for it
        Thread stun = new Thread(StunCodec::prepare, "stun-prepare");
        stun.setDaemon(true);
        stun.start();
        // jitsi-srtp times its AES implementations on first use: here, not on the media loop of the first SRTP call
        SrtpPreparation.prepare();
        loops.start();
        ngServer.start();
        http.start();
        ready = true;
        LOG.info("media-sidecar ready: ng on " + ngServer.boundAddresses() + ", http on " + http.address()
                + ", media ports " + config.portMin() + "-" + config.portMax() + " on "
                + config.interfaces().stream().map(i -> i.name() + "/" + i.local().getHostAddress()
                + (i.advertised().equals(i.local()) ? "" : "!" + i.advertised().getHostAddress())).toList()
                + ", " + loops.size() + " media loops on " + loops.transport() + ", ICE " + webrtc.ice().optionValue()
                + ", DTLS fingerprint "
                + webrtc.certificates().current().fingerprint() + ", DTLS public-key crypto "
                + (DtlsOptions.openSslProblem() == null ? DtlsOptions.openSslVersion()
                        : "Bouncy Castle (OpenSSL 3 libcrypto unavailable: " + DtlsOptions.openSslProblem() + ")")
                + kamailio.map(k -> ", " + k.describe()).orElse(""));
        // with a controller: join Kamailio's set once calls will find the sidecar warm; a drain ends the warm-up
        warmup.start(() -> drain.phase() != Drain.Phase.SERVING,
                () -> kamailio.ifPresent(KamailioSetMembership::enable));
        return this;
    }

    /**
     * Starts a drain: no new calls (with a controller, this sidecar is disabled in Kamailio's rtpengine set), the
     * calls in progress are served until they end or the drain timeout. Returns false if a drain was under way.
     *
     * @param trigger what asked, for the log: "SIGTERM", "POST /drain from 127.0.0.1"
     */
    public boolean drain(String trigger) {
        return drain.begin(trigger);
    }

    /** Reads dtls-cert/dtls-key again (SIGHUP, POST /reload): new calls get the new certificate. */
    public CertificateReload.Result reloadCertificate(String trigger) {
        return certificateReload.reload(trigger);
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
        return drain.secondsLeft();
    }

    /** The log level switch behind POST /log-level; Main's SIGUSR1 uses it too. */
    public LogLevelSwitch logLevels() {
        return logLevels;
    }

    /** The ops controller, when configured with {@code --kamailio-rpc}. */
    public Optional<OpsController> kamailioController() {
        return kamailio.map(KamailioSetMembership::controller);
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
        drain.close();
        warmup.close();
        kamailio.ifPresent(KamailioSetMembership::close);
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
