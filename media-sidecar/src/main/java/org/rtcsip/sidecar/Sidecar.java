package org.rtcsip.sidecar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.rtcsip.sidecar.config.MediaInterface;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.net.MediaLoops;
import org.rtcsip.sidecar.net.NgUdpServer;
import org.rtcsip.sidecar.net.UdpSocketAllocator;
import org.rtcsip.sidecar.ng.NgCommands;
import org.rtcsip.sidecar.ops.OpsHttpServer;
import org.rtcsip.sidecar.ops.SidecarMetrics;
import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.CallReport;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;
import org.rtcsip.sidecar.session.WebRtcContext;

/**
 * The running process, wired together: media loops and their sockets, the call registry, the ng control server
 * and the ops HTTP server. Tests start one in-process with a config of their own.
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sidecar.class.getName());
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 2000;

    private final SidecarConfig config;
    private final MediaLoops loops;
    private final UdpSocketAllocator allocator;
    private final CallRegistry calls;
    private final NgCommands ng;
    private final NgUdpServer ngServer;
    private final OpsHttpServer http;
    private final SidecarMetrics metrics;
    private final WebRtcContext webrtc;
    private volatile boolean ready;

    public Sidecar(SidecarConfig config) throws IOException {
        this.config = config;
        List<MediaInterfaceAddress> addresses = new ArrayList<>();
        for (MediaInterface i : config.interfaces()) {
            addresses.add(new MediaInterfaceAddress(i.name(), i.local(), i.advertised()));
        }
        RelayMetrics relayMetrics = new RelayMetrics();
        CallRegistry[] registry = new CallRegistry[1];
        this.loops = new MediaLoops(config.mediaLoops(), (loop, now) -> registry[0].expire(loop, now));
        this.allocator = new UdpSocketAllocator(loops, config.portMin(), config.portMax());
        SessionLimits limits = new SessionLimits(config.mediaTimeout().toSeconds(),
                config.finalTimeout().toSeconds(), config.deleteDelay().toSeconds(), config.maxSessions());
        this.webrtc = WebRtcContext.generated();
        this.calls = new CallRegistry(new MediaInterfaces(addresses), allocator, relayMetrics, limits,
                System::currentTimeMillis, loops.size(), new SecureRandom(), webrtc);
        registry[0] = calls;
        this.ng = new NgCommands(calls, loops, System::nanoTime, System::currentTimeMillis);
        int portCapacity = (config.portMax() - config.portMin() + 1) / 2 * 2 * addresses.size();
        this.metrics = new SidecarMetrics(relayMetrics, ng.metrics(), calls::size, allocator::portsInUse,
                () -> portCapacity);
        this.ngServer = new NgUdpServer(config.ngListen(), ng);
        try {
            this.http = new OpsHttpServer(config.httpListen(), metrics, this::sessionsSnapshot, () -> ready);
        } catch (IOException e) {
            ngServer.close();
            throw new IOException("cannot listen for HTTP on " + config.httpListen() + ": " + e.getMessage(), e);
        }
    }

    public Sidecar start() throws IOException {
        loops.start();
        ngServer.start();
        http.start();
        ready = true;
        LOG.info("media-sidecar ready: ng on " + ngServer.boundAddresses() + ", http on " + http.address()
                + ", media ports " + config.portMin() + "-" + config.portMax() + " on "
                + config.interfaces().stream().map(i -> i.name() + "/" + i.local().getHostAddress()
                + (i.advertised().equals(i.local()) ? "" : "!" + i.advertised().getHostAddress())).toList()
                + ", " + loops.size() + " media loops, DTLS fingerprint "
                + webrtc.certificates().current().fingerprint());
        return this;
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

    /** Stops taking requests, tears down every call (releasing its ports) and stops the loops. */
    @Override
    public void close() {
        ready = false;
        ngServer.close();
        http.stop();
        try {
            loops.onEveryLoop(loop -> {
                calls.destroyAllOfLoop(loop);
                return null;
            }, SNAPSHOT_TIMEOUT_MILLIS);
            loops.stop();
            webrtc.close();
        } catch (Exception e) {
            LOG.warning("shutdown: " + e);
        }
    }
}
