package org.rtcsip.ari.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntSupplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.rtcsip.ari.stasis.StasisCounters;

/** ari-bridge's Prometheus metrics ({@code /metrics}). */
public final class BridgeMetrics implements StasisCounters {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter routed = Counter.builder().name("ari_bridge_calls_routed")
            .help("FastAGI routing decisions (direct: Dial runs; sidecar: through media-sidecar)")
            .labelNames("decision").register(registry);
    private final Counter ended = Counter.builder().name("ari_bridge_calls_ended")
            .help("Calls through media-sidecar that ended, by the Q.850 cause sent to the parties and whether they"
                    + " had been up").labelNames("cause", "was_up").register(registry);
    private final Counter up = Counter.builder().name("ari_bridge_calls_up")
            .help("Calls whose media path through media-sidecar came up").register(registry);
    private final Counter setupMillis = Counter.builder().name("ari_bridge_call_setup_milliseconds")
            .help("Sum of the times from the caller entering Stasis to its media path up: divide by"
                    + " ari_bridge_calls_up").register(registry);
    private final Counter errors = Counter.builder().name("ari_bridge_errors")
            .help("Errors by kind: ari_4xx, ari_5xx, ari_unreachable, malformed_event, unknown_event,"
                    + " unexpected_channel, ng_refused, ng_no_answer, agi, internal").labelNames("kind")
            .register(registry);
    private final Counter reconnects = Counter.builder().name("ari_bridge_ari_reconnects")
            .help("Times the ARI events WebSocket was opened again after it was lost").register(registry);
    private final Counter orphans = Counter.builder().name("ari_bridge_orphans_removed")
            .help("What reconciliation removed after a reconnect or restart: call, channel, sidecar_call")
            .labelNames("what").register(registry);
    private final Counter dtmf = Counter.builder().name("ari_bridge_dtmf_relayed")
            .help("DTMF digits relayed between the parties through ARI").register(registry);

    public BridgeMetrics() {
        for (String decision : new String[] {"direct", "sidecar"}) {
            routed.labelValues(decision);
        }
    }

    /** Gauges read when scraped. */
    public void registerGauges(IntSupplier activeCalls, IntSupplier activeBridges, IntSupplier ariConnected) {
        GaugeWithCallback.builder().name("ari_bridge_active_calls").help("Calls through media-sidecar in progress")
                .callback(cb -> cb.call(activeCalls.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("ari_bridge_active_bridges")
                .help("ARI bridges ari-bridge holds (two per call with a media path)")
                .callback(cb -> cb.call(activeBridges.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("ari_bridge_ari_connected")
                .help("1 while the ARI events WebSocket is open (the Stasis app is registered)")
                .callback(cb -> cb.call(ariConnected.getAsInt())).register(registry);
    }

    public void routed(String decision) {
        routed.labelValues(decision).inc();
    }

    @Override
    public void error(String kind) {
        errors.labelValues(kind).inc();
    }

    @Override
    public void callUp(long setupMillis) {
        up.inc();
        this.setupMillis.inc(setupMillis);
    }

    @Override
    public void callEnded(int cause, boolean wasUp) {
        ended.labelValues(Integer.toString(cause), Boolean.toString(wasUp)).inc();
    }

    @Override
    public void dtmfRelayed() {
        dtmf.inc();
    }

    @Override
    public void eventsReopened() {
        reconnects.inc();
    }

    @Override
    public void orphanRemoved(String what) {
        orphans.labelValues(what).inc();
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** The scrape as text (tests, logs). */
    public String scrapeText() throws IOException {
        return new String(scrape(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
