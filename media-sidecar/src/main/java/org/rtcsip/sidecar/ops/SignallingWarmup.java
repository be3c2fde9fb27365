package org.rtcsip.sidecar.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgRefusedException;
import org.rtcsip.sidecar.net.MediaLoops;
import org.rtcsip.sidecar.net.NgUdpServer;
import org.rtcsip.sidecar.net.UdpSocketAllocator;
import org.rtcsip.sidecar.ng.NgCommands;
import org.rtcsip.sidecar.ng.SdpLimits;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;

/**
 * Synthetic calls (ng offer, answer, delete of the calls Kamailio sends: browser to trunk and back with
 * transcoding, plain RTP, SDES to RTP) through the same code as real ones, so the JIT has compiled the signalling
 * path before the first calls. Measured on a fresh sidecar's first 2000 calls (offer + answer, then delete): 1150
 * methods compiled during them, 4.4-4.8 s of CPU, ng p99 4.8-6.8 ms without it; about 150, 2.1-2.4 s and 2.2-3.9 ms
 * after 5 s of it (the JIT settles only after ~10000 calls; the budget ends the warm-up first).
 *
 * <p>The requests are what Kamailio's rtpengine module sends for kamailio.cfg's flags ({@link KamailioRequest}).
 * Off the books: they go over loopback to an ng socket, {@link NgCommands}, {@link CallRegistry} and
 * socket allocator of their own (own counters: /metrics, /sessions and the port gauges never see them), and run on
 * the real media loops, with media sockets on a loopback address no media interface binds. No media is sent: the
 * synthetic peers never send any, and each worker deletes its call before it offers the next. The peers' SDP
 * addresses are that loopback address too: whatever a call might send before its delete (a full ICE agent's first
 * checks) goes there, not to 127.0.0.1 where other programs listen.
 */
public final class SignallingWarmup {
    private static final Logger LOG = Logger.getLogger(SignallingWarmup.class.getName());
    /** About where the JIT settles (see above); the budget usually ends it first on a busy host. */
    private static final int MAX_CALLS = 8000;
    private static final long REPLY_TIMEOUT_MILLIS = 5000;
    private static final String OUT_OF_PORTS = "Ran out of ports";
    /** Synthetic Kamailio workers sending at once. */
    private static final int WORKERS = 4;
    /** Replies other than ok before it gives up: something is broken, and the log says what. */
    private static final int MAX_FAILURES = 10;
    /** kamailio.cfg's flags on every message (the SDP's addresses are the peers' own: no NAT). */
    private static final String CFG = "replace-origin replace-session-connection trust-address";
    /** kamailio.cfg's flags on a message towards the browser. */
    private static final String TO_BROWSER = "rtcp-mux-offer rtcp-mux-require generate-mid SDES-off ICE=force"
            + " UDP/TLS/RTP/SAVPF";

    /** Builds the warm-up's own registry, the way the real one is built (same codecs, limits, certificates). */
    public interface RegistryFactory {
        CallRegistry create(MediaInterfaces interfaces, UdpSocketAllocator allocator, RelayMetrics metrics);
    }

    /**
     * What it did, for the start-up log: calls set up and torn down, replies other than ok (0 unless something is
     * broken: each is a bug the first real call would meet too), and what it left behind (must be 0).
     */
    public record Result(int calls, int failures, String firstFailure, int callsLeft, int portsLeft,
                         long elapsedNanos, String where) {
        @Override
        public String toString() {
            if (calls == 0 && failures == 0) {
                return "skipped: " + where;
            }
            return calls + " calls (offer, answer, delete) on " + where + " in " + elapsedNanos / 1_000_000 + " ms"
                    + (failures > 0 ? "; " + failures + " failed, first: " + firstFailure : "")
                    + (callsLeft + portsLeft > 0 ? "; left " + callsLeft + " calls and " + portsLeft + " ports" : "");
        }
    }

    private final MediaLoops loops;
    private final int portMin;
    private final int portMax;
    private final List<InetAddress> mediaAddresses;
    private final RegistryFactory registries;
    private final SdpLimits sdpLimits;

    /** @param mediaAddresses the configured interfaces' local addresses, which the warm-up keeps off */
    public SignallingWarmup(MediaLoops loops, int portMin, int portMax, List<InetAddress> mediaAddresses,
                            RegistryFactory registries, SdpLimits sdpLimits) {
        this.loops = loops;
        this.portMin = portMin;
        this.portMax = portMax;
        this.mediaAddresses = mediaAddresses;
        this.registries = registries;
        this.sdpLimits = sdpLimits;
    }

    /** Runs until {@code budgetNanos} have passed, {@value #MAX_CALLS} calls were made or {@code stop} says so. */
    public Result run(long budgetNanos, BooleanSupplier stop) {
        long start = System.nanoTime();
        InetAddress local = freeLoopback();
        if (local == null) {
            return new Result(0, 0, null, 0, 0, 0, "a media interface binds the wildcard address or every"
                    + " loopback address the warm-up could use");
        }
        UdpSocketAllocator allocator = new UdpSocketAllocator(loops, portMin, portMax);
        CallRegistry registry = registries.create(new MediaInterfaces(List.of(
                new MediaInterfaceAddress("warmup", local, local))), allocator, new RelayMetrics());
        NgCommands commands = new NgCommands(registry, loops, System::nanoTime, System::currentTimeMillis, sdpLimits);
        NgUdpServer server;
        try {
            server = NgUdpServer.forWarmup(new InetSocketAddress(local, 0), commands);
        } catch (IOException e) {
            return new Result(0, 0, null, 0, 0, 0, "cannot listen on " + local.getHostAddress() + ": " + e.getMessage());
        }
        Tally tally = new Tally();
        List<Thread> threads = new ArrayList<>();
        try {
            InetSocketAddress to = server.boundAddresses().get(0);
            server.start();
            BooleanSupplier over = () -> System.nanoTime() - start >= budgetNanos || stop.getAsBoolean()
                    || tally.failures.get() >= MAX_FAILURES;
            List<Worker> workers = new ArrayList<>();
            try {
                for (int w = 0; w < WORKERS; w++) {
                    // one send per request: over loopback a lost request is a bug, not something to retry
                    workers.add(new Worker(new NgClient(to, Duration.ofMillis(REPLY_TIMEOUT_MILLIS), 1,
                            "warmup" + w + "_"), tally, over, Long.toHexString(start), local.getHostAddress()));
                }
            } catch (IOException e) {
                workers.forEach(worker -> worker.ng.close()); // none started: their sockets go now
                throw e;
            }
            for (Worker worker : workers) {
                Thread t = new Thread(worker, "ng-warmup-client-" + threads.size());
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
        } catch (IOException e) {
            tally.failed("cannot open a warm-up ng client socket: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the workers end on their own within the reply timeout
        } finally {
            server.close();
        }
        int left = registry.size();
        if (left > 0) {
            destroyAll(registry);
        }
        return new Result(tally.calls.get(), tally.failures.get(), tally.firstFailure, left, allocator.portsInUse(),
                System.nanoTime() - start, local.getHostAddress());
    }

    /** What the workers did, together. */
    private static final class Tally {
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        volatile String firstFailure;

        synchronized void failed(String what) {
            failures.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = what;
            }
        }
    }

    /**
     * One synthetic Kamailio worker: offer, answer, delete, one call after another, on an ng client of its own.
     * Several at once, as Kamailio's workers are: the wait for each reply overlaps, and the loops see calls side by
     * side.
     */
    private static final class Worker implements Runnable {
        private final NgClient ng;
        private final Tally tally;
        private final BooleanSupplier over;
        private final String run;
        private final String peer;

        Worker(NgClient ng, Tally tally, BooleanSupplier over, String run, String peer) {
            this.ng = ng;
            this.tally = tally;
            this.over = over;
            this.run = run;
            this.peer = peer;
        }

        @Override
        public void run() {
            String open = null;
            String openTag = null;
            try {
                int n;
                while (!over.getAsBoolean() && (n = tally.next.getAndIncrement()) < MAX_CALLS) {
                    Scenario scenario = Scenario.values()[n % Scenario.values().length];
                    String callId = "warmup-" + run + "-" + n;
                    String caller = "c" + n;
                    open = callId;
                    openTag = caller;
                    String refused = null;
                    try {
                        ng.request(KamailioRequest.build("offer", scenario.offerFlags, scenario.offerSdp(n, peer),
                                callId, caller, null, peer));
                        ng.request(KamailioRequest.build("answer", scenario.answerFlags,
                                scenario.answerSdp(n, peer), callId, caller, "a" + n, peer));
                    } catch (NgRefusedException e) {
                        refused = e.getMessage();
                    }
                    String deleted = delete(callId, caller);
                    open = null;
                    if (OUT_OF_PORTS.equals(refused)) {
                        Thread.sleep(100); // ports rest after a call: wait for some, as a real burst would
                    } else if (refused != null || deleted != null) {
                        tally.failed(scenario.label + ": " + (refused != null ? refused : "delete: " + deleted));
                    } else {
                        tally.calls.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                tally.failed(e.getMessage()); // no reply, or one that is not an ng reply: NgClient says which
            } finally {
                if (open != null) {
                    try {
                        delete(open, openTag);
                    } catch (IOException e) {
                        LOG.warning("signalling warm-up: could not delete its last call: " + e.getMessage());
                    }
                }
                ng.close();
            }
        }

        /** Deletes the call as Kamailio does on a BYE; null when answered ok, else the reason. */
        private String delete(String callId, String fromTag) throws IOException {
            try {
                ng.request(KamailioRequest.build("delete", "delete-delay=0", null, callId, fromTag, null, peer));
                return null;
            } catch (NgRefusedException e) {
                return e.getMessage();
            }
        }
    }

    private void destroyAll(CallRegistry registry) {
        try {
            loops.onEveryLoop(loop -> {
                registry.destroyAllOfLoop(loop, System.nanoTime());
                return null;
            }, REPLY_TIMEOUT_MILLIS);
        } catch (Exception e) {
            LOG.warning("signalling warm-up: could not tear down its calls: " + e);
        }
    }

    /** A loopback address no media interface binds (they share the port range); null if none is free. */
    private InetAddress freeLoopback() {
        if (mediaAddresses.stream().anyMatch(InetAddress::isAnyLocalAddress)) {
            return null;
        }
        for (int last = 1; last <= 9; last++) {
            try {
                InetAddress candidate = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
                if (!mediaAddresses.contains(candidate)) {
                    return candidate;
                }
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 4 bytes are always a valid address
            }
        }
        return null;
    }

    /**
     * The kinds of call Kamailio sends a WebRTC gateway: the flag strings conf-samples/kamailio/kamailio.cfg's
     * route[MEDIA] builds for them (transcoding on, no NAT), sent as its rtpengine module sends them.
     */
    private enum Scenario {
        BROWSER_TO_TRUNK("browser to trunk",
                CFG + " rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP codec-mask-all transcode-PCMU always-transcode",
                CFG + " " + TO_BROWSER) {
            @Override
            String offerSdp(int n, String peer) {
                return browser(n, "actpass", "111 63 9 0 8 13 110 126", peer);
            }

            @Override
            String answerSdp(int n, String peer) {
                return plain(n, "RTP/AVP 0 101", "", peer);
            }
        },
        TRUNK_TO_BROWSER("trunk to browser",
                CFG + " " + TO_BROWSER + " codec-mask-all transcode-opus",
                CFG + " rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP") {
            @Override
            String offerSdp(int n, String peer) {
                return plain(n, "RTP/AVP 0 8 101", "", peer);
            }

            @Override
            String answerSdp(int n, String peer) {
                return browser(n, "active", "111 110", peer);
            }
        },
        PLAIN("plain RTP", CFG, CFG) {
            @Override
            String offerSdp(int n, String peer) {
                return plain(n, "RTP/AVP 0 8 101", "", peer);
            }

            @Override
            String answerSdp(int n, String peer) {
                return plain(n + 1, "RTP/AVP 0 101", "", peer);
            }
        },
        /** A trunk that sends SDES-SRTP to one that takes plain RTP. */
        SDES_TO_RTP("SDES to RTP", CFG + " RTP/AVP", CFG + " RTP/SAVP") {
            @Override
            String offerSdp(int n, String peer) {
                return plain(n, "RTP/SAVP 0 101", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                        + "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32\r\n", peer);
            }

            @Override
            String answerSdp(int n, String peer) {
                return plain(n + 1, "RTP/AVP 0 101", "", peer);
            }
        };

        final String label;
        final String offerFlags;
        final String answerFlags;

        Scenario(String label, String offerFlags, String answerFlags) {
            this.label = label;
            this.offerFlags = offerFlags;
            this.answerFlags = answerFlags;
        }

        /** @param peer the synthetic peers' address: the warm-up's own, where nothing answers a stray packet */
        abstract String offerSdp(int n, String peer);

        abstract String answerSdp(int n, String peer);

        /** A trunk's SDP; its port is never sent to. */
        static String plain(int n, String media, String extra, String peer) {
            int port = 20000 + 2 * (n % 10000);
            return "v=0\r\no=trunk " + n + " " + n + " IN IP4 " + peer + "\r\ns=trunk\r\nc=IN IP4 " + peer + "\r\nt=0 0\r\n"
                    + "m=audio " + port + " " + media + "\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n" + extra
                    + "a=sendrecv\r\n";
        }

        private static final Map<String, String> BROWSER_FORMATS = Map.of(
                "111", "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n"
                        + "a=fmtp:111 minptime=10;useinbandfec=1\r\n",
                "63", "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n",
                "9", "a=rtpmap:9 G722/8000\r\n",
                "0", "a=rtpmap:0 PCMU/8000\r\n",
                "8", "a=rtpmap:8 PCMA/8000\r\n",
                "13", "a=rtpmap:13 CN/8000\r\n",
                "110", "a=rtpmap:110 telephone-event/48000\r\n",
                "126", "a=rtpmap:126 telephone-event/8000\r\n");

        private static String formatLines(String formats) {
            StringBuilder b = new StringBuilder();
            for (String pt : formats.split(" ")) {
                b.append(BROWSER_FORMATS.get(pt));
            }
            return b.toString();
        }

        /** Chromium's SDP as Kamailio passes it on (the fixture's shape: BUNDLE, extmap, ssrc, candidates). */
        static String browser(int n, String setup, String formats, String peer) {
            int port = 40000 + (n % 20000);
            return "v=0\r\no=- " + (8270188557990650975L + n) + " 2 IN IP4 " + peer + "\r\ns=-\r\nt=0 0\r\n"
                    + "a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS 7d7ae42a\r\n"
                    + "m=audio " + port + " UDP/TLS/RTP/SAVPF " + formats + "\r\nc=IN IP4 " + peer + "\r\n"
                    + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
                    + "a=candidate:1758317558 1 udp 2122260223 " + peer + " " + port + " typ host generation 0"
                    + " network-id 1 network-cost 50\r\n"
                    + "a=ice-ufrag:w" + Integer.toString(n % 1000, 36) + "\r\na=ice-pwd:bzjSZ2LorsV7WtqIWEcuC8S4\r\n"
                    + "a=ice-options:trickle\r\n"
                    + "a=fingerprint:sha-256 29:E6:C2:C2:7A:E5:8A:20:37:D4:32:B9:E4:C4:C4:58:3D:02:06:2A:48:0C:A4:D7"
                    + ":4B:C6:01:50:21:FB:E5:1F\r\n"
                    + "a=setup:" + setup + "\r\na=mid:0\r\n"
                    + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
                    + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendrecv\r\n"
                    + "a=msid:7d7ae42a d2eada64\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
                    + formatLines(formats)
                    + "a=ssrc:" + (4059951476L + n) + " cname:+YoUaaNe2itguBy6\r\n";
        }
    }
}
