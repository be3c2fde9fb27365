package org.rtcsip.sidecar.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * The hostile media suite (issue 12, deliverable 2): three live calls through the sidecar process, a plain relay,
 * an SDES-SRTP call and a WebRTC call (ICE, DTLS-SRTP, RTP and RTCP muxed), stream audio both ways every 20 ms
 * while every media port they use takes hostile datagrams of each {@link MediaPackets} kind, from a stranger and
 * from the legitimate party's own address (so they reach the parsers behind the source checks). After each kind
 * {@link SidecarInvariants} hold with the calls up; at the end every flow must have kept at least 99 % of its
 * packets, and deleting the calls must leave 0 sessions and 0 ports.
 */
class HostileMediaTest {
    /** Hostile datagrams per kind, per port, per source (stranger, party) in one round. */
    private static final int PER_PORT = Integer.getInteger("hostile.media.packets", 40);
    private static final double MIN_DELIVERED = 0.99;
    private static final int LIVE_CALLS = 3;

    @Test
    void hostilePacketsOnLiveCallsLeaveTheProcessAndTheLegitimateAudioWhole() throws Exception {
        HostileRun run = HostileRun.fromProperties(Duration.ofMinutes(6));
        assertTimeoutPreemptively(run.testTimeout().plusMinutes(2), () -> suite(run));
    }

    private void suite(HostileRun run) throws Exception {
        long start = System.nanoTime();
        Map<MediaPackets, long[]> sent = new EnumMap<>(MediaPackets.class);
        List<LiveCall> calls = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<Throwable> tickFailure = new AtomicReference<>();
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "hostile-media", "--codec-warmup=0",
                "-Xmx256m");
             NgClient ng = sidecar.ngClient();
             RawNg raw = new RawNg(sidecar.ngAddress());
             DatagramChannel stranger = DatagramChannel.open().bind(Party.loopback(0))) {
            calls.add(RelayCall.start(ng, "live-relay"));
            calls.add(SdesCall.start(ng, "live-sdes"));
            calls.add(WebRtcCall.start(ng, "live-webrtc"));
            ticker.scheduleAtFixedRate(() -> {
                try {
                    for (LiveCall call : calls) {
                        call.tick();
                    }
                } catch (Throwable t) {
                    tickFailure.compareAndSet(null, t);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            Thread.sleep(1000); // every party latched, every flow going
            SidecarInvariants invariants = new SidecarInvariants(sidecar, raw);
            invariants.afterBatch("warm-up (the calls streaming, no hostile packet yet)", LIVE_CALLS);

            int rounds = 0;
            do {
                for (MediaPackets kind : MediaPackets.values()) {
                    long[] n = sent.computeIfAbsent(kind, k -> new long[2]);
                    int caseNumber = rounds * 1_000_000;
                    for (LiveCall call : calls) {
                        for (LiveCall.Target target : call.targets()) {
                            for (int i = 0; i < PER_PORT; i++) {
                                Random random = run.random(kind.ordinal(), caseNumber++);
                                stranger.send(ByteBuffer.wrap(kind.make(random)), target.port());
                                target.sendFromParty(kind.make(random));
                                n[0]++;
                                n[1]++;
                                // paced, so a burst never fills a socket's buffer (that would be a flood: MediaFloodTest)
                                LockSupport.parkNanos(kind == MediaPackets.DATAGRAMS_OF_64_KB ? 4_000_000 : 150_000);
                            }
                        }
                    }
                    assertEquals(null, tickFailure.get(), "the legitimate parties' thread failed");
                    invariants.afterBatch(kind + " round " + (rounds + 1), LIVE_CALLS);
                }
                rounds++;
            } while (run.longRun() && System.nanoTime() - start < run.duration().toNanos());

            Thread.sleep(500);
            ticker.shutdown();
            assertTrue(ticker.awaitTermination(5, TimeUnit.SECONDS), "the parties' thread stopped");
            assertEquals(null, tickFailure.get(), "the legitimate parties' thread failed");
            Thread.sleep(200);
            for (LiveCall call : calls) {
                call.drain();
            }
            String drops = drops(sidecar);
            for (LiveCall call : calls) {
                assertEquals("ok", ng.exchange(dict("command", "delete", "call-id", call.callId)).get("result"));
            }
            invariants.afterBatch("the live calls deleted");
            String flat = invariants.flat();
            print(run, rounds, sent, calls, flat, drops, (System.nanoTime() - start) / 1e9);
            for (LiveCall call : calls) {
                for (Flow flow : call.flows()) {
                    assertTrue(flow.received() >= MIN_DELIVERED * flow.sent(), flow.name + ": " + flow.received()
                            + " of " + flow.sent() + " packets arrived (need 99 %)");
                }
            }
        } finally {
            ticker.shutdownNow();
            for (LiveCall call : calls) {
                call.close();
            }
        }
    }

    /** The sidecar's drop counters that moved, by reason. */
    private static String drops(SidecarProcess sidecar) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : sidecar.get("/metrics").body().split("\n")) {
            if (line.startsWith("sidecar_dropped_packets_total{") && !line.endsWith(" 0.0")) {
                b.append(line.substring("sidecar_dropped_packets_total".length())).append(' ');
            }
        }
        return b.toString().strip();
    }

    private static void print(HostileRun run, int rounds, Map<MediaPackets, long[]> sent, List<LiveCall> calls,
            String flat, String drops, double seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[hostile-media] %s, %d round(s) in %.0f s"
                + " against %d live calls (%d media ports); the process lived (crashes 0), internal errors 0, stack"
                + " traces 0, 0 sessions and 0 ports after the deletes (leaks 0); %s%n", run.describe(), rounds,
                seconds, calls.size(), calls.stream().mapToInt(c -> c.targets().size()).sum(), flat));
        long all = 0;
        for (Map.Entry<MediaPackets, long[]> e : sent.entrySet()) {
            all += e.getValue()[0] + e.getValue()[1];
            b.append(String.format(Locale.ROOT, "[hostile-media]   %-32s %6d from a stranger, %6d from the party's"
                    + " own address%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        b.append(String.format(Locale.ROOT, "[hostile-media]   in all %d hostile datagrams; the sidecar dropped %s%n",
                all, drops));
        for (LiveCall call : calls) {
            for (Flow flow : call.flows()) {
                b.append(String.format(Locale.ROOT, "[hostile-media]   legitimate %-26s sent %6d, received %6d,"
                        + " loss %.2f %%%n", flow.name, flow.sent(), flow.received(),
                        100.0 * (flow.sent() - flow.received()) / Math.max(1, flow.sent())));
            }
        }
        System.out.print(b);
    }
}
