package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.NgClient;

/**
 * An RTP flood at line rate into one call while 50 others stream (issue 12 item 4), through the sidecar process:
 * the other calls must lose less than 0.1 % of their packets, and the flooded socket is read for 20,000 packets a
 * second at most. Loopback only, bounded in time (8 s of flood) and in count. Two floods: from a stranger (dropped
 * for strict source) and from the call's own latched party (relayed). {@code -Dflood.threads=N} and
 * {@code -Dflood.bytes=N} (payload) make it harsher. Figures printed; relay times include this JVM's own scheduling
 * on a host the flood also loads.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MediaFloodTest {
    private static final int CALLS = 50;
    private static final long FLOOD_NANOS = 8_000_000_000L;
    private static final long MAX_FLOOD_PACKETS = 20_000_000L;
    private static final int PACKET_INTERVAL_MILLIS = 20;
    private static final long MAX_READ_PER_SECOND = 20_000;
    private static final int FLOOD_THREADS = Integer.getInteger("flood.threads", 1);
    private static final int FLOOD_BYTES = Integer.getInteger("flood.bytes", 160);

    @Test
    void aStrangersFloodIntoOneCallLeavesTheOthersWhole() throws Exception {
        measure(false);
    }

    @Test
    void aPartysOwnFloodIntoItsCallLeavesTheOthersWhole() throws Exception {
        measure(true);
    }

    private static void measure(boolean fromTheParty) throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), fromTheParty ? "flood-party" : "flood-stranger", 400,
                     "--codec-warmup=0");
             NgClient ng = sidecar.ngClient();
             Selector selector = Selector.open()) {
            List<Leg> legs = new ArrayList<>();
            for (int i = 0; i <= CALLS; i++) {
                legs.add(Leg.open(ng, "flood-" + i, selector));
            }
            Leg target = legs.get(CALLS);
            List<Leg> others = legs.subList(0, CALLS);
            // latch every caller, then let the relay settle
            for (Leg leg : legs) {
                leg.send(0);
            }
            Thread.sleep(300);
            drain(selector);
            for (Leg leg : legs) {
                leg.received.set(0);
            }

            AtomicBoolean stop = new AtomicBoolean();
            long[] latencies = new long[1_000_000];
            AtomicLong measured = new AtomicLong();
            long cpuBefore = cpuMillis(sidecar.pid());
            Thread receiver = new Thread(() -> receive(selector, stop, latencies, measured), "flood-receiver");
            receiver.start();
            AtomicLong flooded = new AtomicLong();
            List<Thread> floods = new ArrayList<>();
            for (int f = 0; f < FLOOD_THREADS; f++) {
                floods.add(new Thread(() -> flooded.addAndGet(flood(fromTheParty ? target.caller : null,
                        target.toSidecar)), "flood-" + f));
            }
            long sent = 0;
            long start = System.nanoTime();
            floods.forEach(Thread::start);
            for (int seq = 1; System.nanoTime() - start < FLOOD_NANOS; seq++) {
                long due = start + (long) seq * PACKET_INTERVAL_MILLIS * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (Leg leg : others) {
                    leg.send(seq);
                    sent++;
                }
            }
            for (Thread f : floods) {
                f.join();
            }
            Thread.sleep(500); // what is still on its way
            stop.set(true);
            selector.wakeup();
            receiver.join();

            long cpu = cpuMillis(sidecar.pid()) - cpuBefore;
            long received = others.stream().mapToLong(l -> l.received.get()).sum();
            long[] relayed = java.util.Arrays.copyOf(latencies, (int) Math.min(latencies.length, measured.get()));
            java.util.Arrays.sort(relayed);
            double lossPercent = 100.0 * (sent - received) / sent;
            double seconds = FLOOD_NANOS / 1e9;
            String figures = String.format(Locale.ROOT, "[flood] %s: %d flood packets in %.0f s (%.0f/s) into one"
                    + " call; %d other calls sent %d, received %d, loss %.3f %%; flooded call's own receiver got %d;"
                    + " sidecar dropped %s; the others' relay time p50 %.2f ms, p99 %.2f ms, max %.2f ms; sidecar"
                    + " CPU %.0f %% of one core",
                    fromTheParty ? "its own party" : "a stranger", flooded.get(), seconds, flooded.get() / seconds,
                    CALLS, sent, received, lossPercent, target.received.get(), drops(sidecar), percentile(relayed, 50),
                    percentile(relayed, 99), percentile(relayed, 100), cpu / 10.0 / (seconds + 0.8));
            System.out.println(figures);
            assertTrue(lossPercent < 0.1, figures);
            // one socket is read for 20,000 packets a second at most (MediaLoop.READS_PER_TICK)
            double handled = fromTheParty ? target.received.get() : metric(sidecar, "strict_source");
            assertTrue(handled < MAX_READ_PER_SECOND * (seconds + 1), figures);
            if (flooded.get() / seconds > 2 * MAX_READ_PER_SECOND) {
                assertTrue(sidecar.metric("sidecar_media_read_pauses_total") > 0, figures);
            }
            assertEquals("pong", ng.exchange(dict("command", "ping")).get("result"));
        }
    }

    /** As fast as one thread can send, for {@link #FLOOD_NANOS} or {@link #MAX_FLOOD_PACKETS}. */
    private static long flood(DatagramChannel from, InetSocketAddress to) {
        try (DatagramChannel stranger = from == null ? DatagramChannel.open().bind(loopback(0)) : null) {
            DatagramChannel ch = from == null ? stranger : from;
            ByteBuffer packet = ByteBuffer.wrap(RtpParty.rtpPacket(0, 1, 160, 0x5eed, FLOOD_BYTES));
            long n = 0;
            long end = System.nanoTime() + FLOOD_NANOS;
            while (n < MAX_FLOOD_PACKETS && ((n & 1023) != 0 || System.nanoTime() < end)) {
                packet.putShort(2, (short) n).rewind(); // a new sequence number each time
                ch.send(packet, to);
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("flood", e);
        }
    }

    private static void receive(Selector selector, AtomicBoolean stop, long[] latencies, AtomicLong count) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        try {
            while (!stop.get()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Leg leg = (Leg) key.attachment();
                    while (((DatagramChannel) key.channel()).receive(buffer.clear()) != null) {
                        long now = System.nanoTime();
                        leg.received.incrementAndGet();
                        if (buffer.position() >= 20 && buffer.getInt(8) == 0x1111) {
                            int i = (int) count.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[i] = now - buffer.getLong(12);
                            }
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("receive", e);
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private static void drain(Selector selector) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        selector.selectNow();
        for (SelectionKey key : selector.selectedKeys()) {
            while (((DatagramChannel) key.channel()).receive(buffer.clear()) != null) {
                // old packets
            }
        }
        selector.selectedKeys().clear();
    }

    private static String drops(SidecarProcess sidecar) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String line : sidecar.get("/metrics").body().split("\n")) {
            if (line.startsWith("sidecar_dropped_packets_total{") && !line.endsWith(" 0.0")) {
                b.append(line.substring("sidecar_dropped_packets_total".length())).append(' ');
            }
        }
        return b.length() == 0 ? "nothing" : b.toString().strip();
    }

    private static double metric(SidecarProcess sidecar, String dropReason) throws Exception {
        double n = sidecar.metric("sidecar_dropped_packets_total{reason=\"" + dropReason + "\"}");
        return Double.isNaN(n) ? 0 : n;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** One plain call: a caller that sends toward the sidecar, a callee whose packets are counted. */
    private static final class Leg {
        final DatagramChannel caller;
        final DatagramChannel callee;
        final InetSocketAddress toSidecar;
        final AtomicLong received = new AtomicLong();
        private final ByteBuffer packet = ByteBuffer.wrap(RtpParty.rtpPacket(0, 0, 0, 0x1111, 160));

        private Leg(DatagramChannel caller, DatagramChannel callee, InetSocketAddress toSidecar) {
            this.caller = caller;
            this.callee = callee;
            this.toSidecar = toSidecar;
        }

        static Leg open(NgClient ng, String callId, Selector selector) throws IOException {
            DatagramChannel caller = DatagramChannel.open().bind(loopback(0));
            DatagramChannel callee = DatagramChannel.open().bind(loopback(0));
            callee.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            callee.configureBlocking(false);
            Map<String, Object> offer = ng.exchange(dict("command", "offer", "call-id", callId, "from-tag", "caller",
                    "sdp", sdp(port(caller))));
            Map<String, Object> answer = ng.exchange(dict("command", "answer", "call-id", callId, "from-tag", "caller",
                    "to-tag", "callee", "sdp", sdp(port(callee))));
            if (!"ok".equals(offer.get("result")) || !"ok".equals(answer.get("result"))) {
                throw new IOException(callId + ": " + offer + " / " + answer);
            }
            Leg leg = new Leg(caller, callee, loopback(mediaPort((String) answer.get("sdp"))));
            callee.register(selector, SelectionKey.OP_READ, leg);
            return leg;
        }

        void send(int seq) throws IOException {
            packet.putShort(2, (short) seq).putInt(4, seq * 160).putLong(12, System.nanoTime()).rewind();
            caller.send(packet, toSidecar);
        }

        private static int port(DatagramChannel ch) throws IOException {
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }

        private static String sdp(int port) {
            return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                    + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        }

        private static int mediaPort(String sdp) {
            Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
            if (!m.find()) {
                throw new IllegalArgumentException("no m=audio in " + sdp);
            }
            return Integer.parseInt(m.group(1));
        }
    }
}
