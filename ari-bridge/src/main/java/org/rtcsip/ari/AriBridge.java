package org.rtcsip.ari;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import org.rtcsip.ari.agi.FastAgiListener;
import org.rtcsip.ari.agi.WebrtcRouteScript;
import org.rtcsip.ari.ari.AriClient;
import org.rtcsip.ari.ari.AriEventStream;
import org.rtcsip.ari.config.BridgeConfig;
import org.rtcsip.ari.ops.BridgeMetrics;
import org.rtcsip.ari.ops.OpsHttpServer;
import org.rtcsip.ari.sidecar.MediaSidecar;
import org.rtcsip.ari.sidecar.NgMediaSidecar;
import org.rtcsip.ari.stasis.StasisApp;

/** One running ari-bridge: FastAGI hook, Stasis app on ARI, ng client of media-sidecar, ops HTTP. */
public final class AriBridge implements AutoCloseable {
    /** First wait before reopening a lost events WebSocket; it doubles up to reconnect-max. */
    static final Duration RECONNECT_MIN = Duration.ofMillis(250);

    private final BridgeConfig config;
    private final BridgeMetrics metrics = new BridgeMetrics();
    private final OkHttpClient http;
    private final AriClient ari;
    private final StasisApp stasis;
    private final AriEventStream events;
    private final FastAgiListener agi;
    private final OpsHttpServer ops;

    public AriBridge(BridgeConfig config) throws IOException {
        this(config, new NgMediaSidecar(config.sidecarNg()));
    }

    public AriBridge(BridgeConfig config, MediaSidecar sidecar) throws IOException {
        this.config = config;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                // Asterisk pings nothing on the events socket; our pings notice a dead peer within 20 s
                .pingInterval(10, TimeUnit.SECONDS)
                .build();
        HttpUrl base = HttpUrl.get(config.ariUrl().toString());
        this.ari = new AriClient(http, base, config.ariUser(), config.ariPassword(), e -> metrics.error(e.kind()));
        this.stasis = new StasisApp(ari, sidecar, config, metrics);
        this.events = new AriEventStream(http, ari, config.app(), RECONNECT_MIN, config.reconnectMax(), stasis);
        this.agi = new FastAgiListener(config.listenAgi(), new WebrtcRouteScript(config, () -> this.events.isOpen(),
                d -> metrics.routed(d.kind().label())));
        metrics.registerGauges(stasis::activeCalls, stasis::activeBridges, () -> this.events.isOpen() ? 1 : 0);
        this.ops = new OpsHttpServer(config.listenHttp(), metrics, new OpsHttpServer.HealthView() {
            @Override
            public List<String> problems() {
                List<String> p = new ArrayList<>();
                if (!events.isOpen()) {
                    p.add("ARI events WebSocket to " + config.ariUrl() + " is not open (app " + config.app() + "): "
                            + events.lastFailure());
                }
                String agiFailure = agi.failure();
                if (agiFailure != null) {
                    p.add(agiFailure);
                }
                return p;
            }

            @Override
            public Map<String, Object> details() {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("app", config.app());
                d.put("ari", config.ariUrl().toString());
                d.put("agi", config.listenAgi().getAddress().getHostAddress() + ":" + config.listenAgi().getPort());
                d.put("sidecar_ng", config.sidecarNg().getAddress().getHostAddress() + ":"
                        + config.sidecarNg().getPort());
                d.put("active_calls", stasis.activeCalls());
                d.put("last_reconcile_ms", stasis.lastReconcileMillis());
                return d;
            }
        }, stasis::describeCalls);
    }

    public void start() {
        agi.start();
        events.start();
        ops.start();
    }

    public BridgeConfig config() {
        return config;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public StasisApp stasis() {
        return stasis;
    }

    public AriClient ari() {
        return ari;
    }

    public AriEventStream events() {
        return events;
    }

    public OpsHttpServer ops() {
        return ops;
    }

    /** Stops serving; calls in progress stay in Asterisk with their audio, and the next ari-bridge adopts them. */
    @Override
    public void close() {
        agi.stop();
        events.stop();
        stasis.stop();
        ops.stop();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
