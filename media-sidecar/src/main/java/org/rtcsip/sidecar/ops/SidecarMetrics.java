package org.rtcsip.sidecar.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import org.rtcsip.sidecar.net.BindFailure;
import org.rtcsip.sidecar.ng.NgMetrics;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.LoopPlacement;
import org.rtcsip.sidecar.session.RelayMetrics;

/**
 * The Prometheus view of the sidecar. Every value is read at scrape time from the counters the loops and the ng
 * server keep anyway, so the packet path pays nothing for metrics.
 */
public final class SidecarMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public SidecarMetrics(RelayMetrics relay, NgMetrics ng, IntSupplier sessions, IntSupplier portsInUse,
                          IntSupplier portCapacity) {
        GaugeWithCallback.builder().name("sidecar_sessions").help("Calls in progress")
                .callback(cb -> cb.call(sessions.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("sidecar_ports_in_use").help("Bound UDP media ports (RTP and RTCP)")
                .callback(cb -> cb.call(portsInUse.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("sidecar_ports_capacity").help("UDP media ports in the configured range")
                .callback(cb -> cb.call(portCapacity.getAsInt())).register(registry);
        CounterWithCallback.builder().name("sidecar_packets").help("Media packets received from parties")
                .labelNames("kind").callback(cb -> {
                    cb.call(relay.rtpPackets.sum(), "rtp");
                    cb.call(relay.rtcpPackets.sum(), "rtcp");
                }).register(registry);
        CounterWithCallback.builder().name("sidecar_bytes").help("Media bytes received from parties")
                .labelNames("kind").callback(cb -> {
                    cb.call(relay.rtpBytes.sum(), "rtp");
                    cb.call(relay.rtcpBytes.sum(), "rtcp");
                }).register(registry);
        CounterWithCallback.builder().name("sidecar_forwarded_packets").help("Media packets sent on to the other party")
                .callback(cb -> cb.call(relay.forwardedPackets.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_dropped_packets").help("Received packets not forwarded, by reason")
                .labelNames("reason").callback(cb -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(relay.drops(r), r.label());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("sidecar_media_timeouts").help("Calls torn down for lack of media")
                .callback(cb -> cb.call(relay.mediaTimeouts.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_transcoded_frames").help("Audio frames encoded by transcoders")
                .callback(cb -> cb.call(relay.transcodedFrames.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_concealed_frames")
                .help("Lost frames a transcoder filled in, by how").labelNames("method").callback(cb -> {
                    cb.call(relay.concealedFrames.sum(), "plc");
                    cb.call(relay.fecRecoveredFrames.sum(), "fec");
                }).register(registry);
        CounterWithCallback.builder().name("sidecar_dtmf_event_packets")
                .help("telephone-event packets sent by transcoders (RFC 4733, clock rate mapped)")
                .callback(cb -> cb.call(relay.dtmfEventPackets.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_dtmf_dropped_no_telephone_event")
                .help("telephone-event packets dropped because the other side has no telephone-event")
                .callback(cb -> cb.call(relay.dtmfWithoutTelephoneEvent.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_rtcp_reports_sent")
                .help("RTCP SR/RR the sidecar sent as RTP source of transcoded legs")
                .callback(cb -> cb.call(relay.rtcpReportsSent.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_mos_reports")
                .help("RTCP reports on transcoded legs turned into an E-model MOS")
                .callback(cb -> cb.call(relay.mosReports.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_mos_sum")
                .help("Sum of those MOS values: sidecar_mos_sum / sidecar_mos_reports is the average")
                .callback(cb -> cb.call(relay.mosMilliSum.sum() / 1000.0)).register(registry);
        CounterWithCallback.builder().name("sidecar_dtls_handshakes").help("DTLS-SRTP handshakes completed")
                .callback(cb -> cb.call(relay.dtlsHandshakes.sum())).register(registry);
        CounterWithCallback.builder().name("sidecar_dtls_failures")
                .help("DTLS-SRTP handshakes failed, by reason (fingerprint_mismatch means no media)")
                .labelNames("reason").callback(cb -> relay.dtlsFailures.forEach((r, n) -> cb.call(n.sum(), r)))
                .register(registry);
        CounterWithCallback.builder().name("sidecar_ng_requests").help("ng requests by command and result")
                .labelNames("command", "result").callback(cb -> {
                    for (Map.Entry<String, Map<String, Long>> c : ng.snapshot().entrySet()) {
                        for (Map.Entry<String, Long> r : c.getValue().entrySet()) {
                            cb.call(r.getValue(), c.getKey(), r.getKey());
                        }
                    }
                }).register(registry);
        registerNgTimings(ng);
        CounterWithCallback.builder().name("sidecar_ng_retransmissions")
                .help("ng requests answered from the cookie cache instead of running again")
                .callback(cb -> cb.call(ng.retransmissions())).register(registry);
        CounterWithCallback.builder().name("sidecar_ng_undecodable").help("ng datagrams without a cookie, not answered")
                .callback(cb -> cb.call(ng.undecodable())).register(registry);
        CounterWithCallback.builder().name("sidecar_ng_replies_trimmed")
                .help("query, delete and list replies cut down to fit a UDP datagram (their warning says what)")
                .callback(cb -> cb.call(ng.trimmedReplies())).register(registry);
        CounterWithCallback.builder().name("sidecar_ng_replies_too_large")
                .help("ng replies too large for a UDP datagram even trimmed, answered with an error instead")
                .callback(cb -> cb.call(ng.oversizedReplies())).register(registry);
    }

    /**
     * {@code sidecar_ng_request_seconds{command,stage}}: a histogram of {@link NgMetrics.Stage}, kept by the ng code
     * in fixed buckets (no Prometheus type on its path) and read here at scrape time. {@code stage="queued"} is the
     * wait for the call's media loop: when the total's tail grows and this one with it, control work is waiting
     * behind media.
     */
    private void registerNgTimings(NgMetrics ng) {
        double[] bounds = new double[NgMetrics.BUCKET_BOUNDS_MICROS.length + 1];
        for (int i = 0; i < NgMetrics.BUCKET_BOUNDS_MICROS.length; i++) {
            bounds[i] = NgMetrics.BUCKET_BOUNDS_MICROS[i] / 1e6;
        }
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        String name = "sidecar_ng_request_seconds";
        registry.register(() -> {
            HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder().name(name)
                    .help("ng request time by command, in seconds: stage=\"queued\" from the datagram to the call's"
                            + " media loop starting it, stage=\"total\" from the datagram to the reply");
            for (NgMetrics.Timing t : ng.timings()) {
                snapshot.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(Labels.of("command", t.command(), "stage", t.stage()))
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, t.bucketCounts()))
                        .sum(t.sumSeconds()).build());
            }
            return snapshot.build();
        });
    }

    /**
     * {@code sidecar_internal_errors_total{where}}: unexpected exceptions the process caught and survived, by the
     * place that caught them (ng, ng-control, media-packet, media-task, media-tick, media-loop, warmup...). Every
     * place is always listed, so a test or an alert can ask for 0.
     */
    public void registerInternalErrors(Map<String, LongSupplier> byWhere) {
        Map<String, LongSupplier> places = Map.copyOf(byWhere);
        CounterWithCallback.builder().name("sidecar_internal_errors")
                .help("Unexpected exceptions caught and survived (a bug), by where they were caught")
                .labelNames("where").callback(cb -> places.forEach((where, n) -> cb.call(n.getAsLong(), where)))
                .register(registry);
    }

    /** {@code sidecar_media_read_pauses_total}: sockets not read for a while because they were flooded. */
    public void registerReadPauses(LongSupplier pauses) {
        CounterWithCallback.builder().name("sidecar_media_read_pauses")
                .help("A media socket handed over more than 20,000 packets/s (a flood) and was not read for the rest"
                        + " of that 200 ms")
                .callback(cb -> cb.call(pauses.getAsLong())).register(registry);
    }

    /**
     * {@code sidecar_ports_exhausted_total} (Ran out of ports: every port in use) and
     * {@code sidecar_media_bind_failures_total{reason}} (no socket could be bound at all).
     */
    public void registerPortAllocation(LongSupplier exhausted, ToLongFunction<BindFailure> bindFailures) {
        CounterWithCallback.builder().name("sidecar_ports_exhausted")
                .help("Calls refused with 'Ran out of ports': every media port in use")
                .callback(cb -> cb.call(exhausted.getAsLong())).register(registry);
        CounterWithCallback.builder().name("sidecar_media_bind_failures")
                .help("Calls refused because no media socket could be bound, by reason (address_unavailable: the"
                        + " interface address is gone; descriptors_exhausted: EMFILE/ENFILE)")
                .labelNames("reason").callback(cb -> {
                    for (BindFailure f : BindFailure.values()) {
                        cb.call(bindFailures.applyAsLong(f), f.label());
                    }
                }).register(registry);
    }

    /**
     * {@code sidecar_ng_replies_unsent}: replies the ng socket could not send; {@code sidecar_ng_refused}:
     * requests dropped for their source address (ng-allow).
     */
    public void registerNgSocket(LongSupplier unsentReplies, LongSupplier refused) {
        CounterWithCallback.builder().name("sidecar_ng_refused")
                .help("ng requests dropped unanswered: their source address is not allowed (ng-allow)")
                .callback(cb -> cb.call(refused.getAsLong())).register(registry);
        CounterWithCallback.builder().name("sidecar_ng_replies_unsent")
                .help("ng replies the socket could not send (send buffer full, peer unreachable)")
                .callback(cb -> cb.call(unsentReplies.getAsLong())).register(registry);
    }

    /** {@code sidecar_loop_calls} and {@code sidecar_loop_load}: how calls are spread over the media loops. */
    public void registerLoops(LoopPlacement placement) {
        GaugeWithCallback.builder().name("sidecar_loop_calls")
                .help("Calls on each media loop (and, while they are queued, requests about calls not set up)")
                .labelNames("loop").callback(cb -> {
                    int[] calls = placement.callsPerLoop();
                    for (int i = 0; i < calls.length; i++) {
                        cb.call(calls[i], Integer.toString(i));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("sidecar_loop_load")
                .help("Weighed load of each media loop, by which new calls are placed: 1 per call, plus "
                        + LoopPlacement.TRANSCODED_STREAM_WEIGHT + " per transcoded stream")
                .labelNames("loop").callback(cb -> {
                    long[] load = placement.loadPerLoop();
                    for (int i = 0; i < load.length; i++) {
                        cb.call(load[i], Integer.toString(i));
                    }
                }).register(registry);
    }

    /** {@code sidecar_draining} and {@code sidecar_drain_seconds_left}. */
    public void registerDrain(Drain drain, LongSupplier clockMillis) {
        GaugeWithCallback.builder().name("sidecar_draining")
                .help("1 while draining (SIGTERM or POST /drain): no new calls, calls in progress served until they end")
                .callback(cb -> cb.call(drain.phase() == Drain.Phase.SERVING ? 0 : 1)).register(registry);
        GaugeWithCallback.builder().name("sidecar_drain_seconds_left")
                .help("Seconds until the drain timeout ends the calls still in progress (the whole timeout before a"
                        + " drain)")
                .callback(cb -> cb.call(drain.secondsLeft(clockMillis.getAsLong()))).register(registry);
    }

    /** {@code sidecar_opus_backend_info{backend="libopus",version="libopus 1.3.1"} 1}: what transcodes Opus. */
    public void registerOpusBackend(String backend, String version) {
        Info info = Info.builder().name("sidecar_opus_backend")
                .help("The Opus implementation transcoding uses (option opus-backend) and its version")
                .labelNames("backend", "version").register(registry);
        info.setLabelValues(backend, version);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
