package org.rtcsip.bench.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.bench.audio.OpusModes;
import org.rtcsip.bench.stats.LatencyHistogram;
import org.rtcsip.ngwire.NgRefusedException;

/**
 * The calls of one scenario against one ng server: sets calls up and tears them down over ng, streams their
 * media (one pacer thread, a few receive loops) and measures windows of it. Control methods are for one
 * thread; the packet path runs on the fleet's own threads.
 */
public final class CallFleet implements AutoCloseable {
    private final Scenario scenario;
    private final FrameSet callerFrames;
    private final FrameSet calleeFrames;
    private final CallSignalling ng;
    private final LocalPorts ports;
    private final SecureRandom random = new SecureRandom();
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final Pacer pacer = new Pacer();
    private final ReceiveLoop[] loops;
    private final List<Thread> threads = new ArrayList<>();
    private final List<BenchCall> calls = new ArrayList<>();
    private final List<BenchCall> idle = new ArrayList<>();
    private int numbered;
    /** Offer + answer round trip of each call set up, in nanoseconds. */
    public final LatencyHistogram setupRoundTrips = new LatencyHistogram();
    public final LatencyHistogram offerRoundTrips = new LatencyHistogram();
    public final LatencyHistogram answerRoundTrips = new LatencyHistogram();
    public final LatencyHistogram deleteRoundTrips = new LatencyHistogram();

    /**
     * @param callerFrames what the caller sends (PCMU, or Opus when the scenario transcodes)
     * @param receiveLoops selector threads receiving media
     */
    public CallFleet(InetSocketAddress ngServer, Scenario scenario, FrameSet callerFrames, FrameSet calleeFrames,
            int receiveLoops, int firstLocalPort, int lastLocalPort) throws IOException {
        this(new NgSignalling(ngServer), scenario, callerFrames, calleeFrames, receiveLoops, firstLocalPort,
                lastLocalPort);
    }

    /** @param signalling how calls are set up: straight over ng, or through Kamailio with SIP */
    public CallFleet(CallSignalling signalling, Scenario scenario, FrameSet callerFrames, FrameSet calleeFrames,
            int receiveLoops, int firstLocalPort, int lastLocalPort) throws IOException {
        this.scenario = scenario;
        this.callerFrames = callerFrames;
        this.calleeFrames = calleeFrames;
        this.ng = signalling;
        this.ports = new LocalPorts(InetAddress.getLoopbackAddress(), firstLocalPort, lastLocalPort);
        this.loops = new ReceiveLoop[receiveLoops];
        for (int i = 0; i < receiveLoops; i++) {
            loops[i] = new ReceiveLoop(i);
            threads.add(daemon(loops[i], "bench-receive-" + i));
        }
        Thread sender = daemon(pacer, "bench-pacer");
        sender.setPriority(Thread.MAX_PRIORITY);
        threads.add(sender);
        threads.forEach(Thread::start);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Calls streaming media now. */
    public int size() {
        return calls.size();
    }

    /**
     * Sets calls up until {@code target} stream media; each starts sending as soon as its answer is back.
     *
     * @throws NgRefusedException the server refused a call (those set up so far keep running)
     */
    public void grow(int target) throws IOException, NgRefusedException, ScenarioUnsupportedException {
        while (calls.size() < target) {
            BenchCall call = setUp();
            calls.add(call);
            register(call);
        }
    }

    /** Streaming calls by the server port their callee sends to: below {@code splitPort}, and at or above it. */
    public int[] placement(int splitPort) {
        int[] n = new int[2];
        for (BenchCall c : calls) {
            n[c.calleeServerPort < splitPort ? 0 : 1]++;
        }
        return n;
    }

    /** Packets each streaming call's two parties have received so far, in call order. */
    public long[] receivedPerCall() {
        long[] n = new long[calls.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = calls.get(i).caller.packetsReceived + calls.get(i).callee.packetsReceived;
        }
        return n;
    }

    /**
     * Sets {@code count} more calls up that send nothing until {@link #primeIdle}: sessions to weigh, not load.
     */
    public void openIdle(int count) throws IOException, NgRefusedException, ScenarioUnsupportedException {
        for (int i = 0; i < count; i++) {
            idle.add(setUp());
        }
    }

    /** Sends {@code frames} frames from both parties of each idle call (from this thread), then lets them be. */
    public void primeIdle(int frames) {
        for (BenchCall c : idle) {
            register(c.caller);
            register(c.callee);
        }
        for (int f = 0; f < frames; f++) {
            long start = System.nanoTime();
            for (BenchCall c : idle) {
                c.caller.sendNext(System.nanoTime(), null, null);
                c.callee.sendNext(System.nanoTime(), null, null);
            }
            LockSupport.parkNanos(start + 20_000_000L - System.nanoTime());
        }
    }

    /** Calls set up by {@link #openIdle}. */
    public int idleSize() {
        return idle.size();
    }

    /** Parties of idle calls that got at least one packet back from the server. */
    public int idlePartiesReached() {
        int n = 0;
        for (BenchCall c : idle) {
            n += (c.caller.packetsReceived > 0 ? 1 : 0) + (c.callee.packetsReceived > 0 ? 1 : 0);
        }
        return n;
    }

    /** Deletes streaming calls, newest first, until {@code target} remain. */
    public void shrink(int target) throws IOException {
        while (calls.size() > target) {
            BenchCall call = calls.remove(calls.size() - 1);
            pacer.remove(call.number, call.caller, call.callee);
            end(call);
        }
    }

    /** Deletes every idle call. */
    public void closeIdle() throws IOException {
        for (BenchCall c : idle) {
            end(c);
        }
        idle.clear();
    }

    /**
     * Starts a window of send times {@code [now + settle, now + settle + length)}. Pass it to {@link #close}
     * after its end.
     */
    public MeasurementWindow openWindow(long settleNanos, long lengthNanos) {
        long start = System.nanoTime() + settleNanos;
        MeasurementWindow w = new MeasurementWindow(start, start + lengthNanos, loops.length);
        pacer.setWindow(w);
        for (ReceiveLoop loop : loops) {
            loop.setWindow(w);
        }
        return w;
    }

    /**
     * Waits {@code graceNanos} past the window's end for late packets, seals it and sums it up: what has not
     * arrived by then is lost.
     */
    public WindowResult close(MeasurementWindow w, long graceNanos) throws InterruptedException {
        long wait = w.endNanos + graceNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        w.seal();
        boolean inTime = w.awaitAcknowledgements(2_000_000_000L);
        ReceiveRecorder total = new ReceiveRecorder();
        for (ReceiveRecorder r : w.receivers) {
            r.addTo(total);
        }
        long callerBytes = 0;
        long callerPackets = 0;
        for (BenchCall c : calls) {
            callerBytes += c.caller.payloadBytesReceived;
            callerPackets += c.caller.packetsReceived;
        }
        long jitterSum = 0;
        long jitterMax = 0;
        int parties = 0;
        for (BenchCall c : calls) {
            for (MediaLeg leg : new MediaLeg[] {c.caller, c.callee}) {
                if (leg.packetsReceived > 0) {
                    long j = leg.jitterNanos();
                    jitterSum += j;
                    jitterMax = Math.max(jitterMax, j);
                    parties++;
                }
            }
        }
        SendRecorder s = w.sender;
        return new WindowResult(calls.size(), (w.endNanos - w.startNanos) / 1e9, s.sent, total.received,
                total.latency, s.lateness, parties == 0 ? 0 : jitterSum / parties, jitterMax, total.duplicates,
                total.unmatched, total.rtcp, total.malformed, total.srtpFailures + s.srtpFailures, s.sendFailures,
                total.readErrors, s.skippedTicks, inTime,
                callerPackets == 0 ? Double.NaN : callerBytes / (double) callerPackets);
    }

    /** The Opus modes callers received since their calls began: with transcoding, what the server's encoder made. */
    public OpusModes callerOpusModes() {
        OpusModes total = new OpusModes();
        for (BenchCall c : calls) {
            c.caller.opusModes.addTo(total);
        }
        return total;
    }

    /** Deletes every call and stops the threads. */
    @Override
    public void close() throws IOException {
        try {
            shrink(0);
            closeIdle();
        } finally {
            pacer.stop();
            for (ReceiveLoop loop : loops) {
                loop.stop();
            }
            for (Thread t : threads) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ng.close();
        }
    }

    private BenchCall setUp() throws IOException, NgRefusedException, ScenarioUnsupportedException {
        int number = numbered++;
        DatagramChannel a = ports.open();
        DatagramChannel b;
        try {
            b = ports.open();
        } catch (IOException e) {
            a.close();
            throw e;
        }
        BenchCall call = new BenchCall(number, runId, new MediaLeg("caller", a, a.socket().getLocalPort(), 2 * number),
                new MediaLeg("callee", b, b.socket().getLocalPort(), 2 * number + 1));
        try {
            call.negotiate(ng, scenario, callerFrames, calleeFrames, random);
        } catch (IOException | NgRefusedException | ScenarioUnsupportedException | RuntimeException e) {
            try {
                call.delete(ng); // an offer may have gone through: do not leave it to the server's timeout
            } catch (IOException | NgRefusedException ignored) {
                // nothing more to do
            }
            call.close();
            throw e;
        }
        offerRoundTrips.record(call.offerNanos);
        answerRoundTrips.record(call.answerNanos);
        setupRoundTrips.record(call.offerNanos + call.answerNanos);
        return call;
    }

    private void register(BenchCall call) {
        register(call.caller);
        register(call.callee);
        pacer.add(call.number, call.caller, call.callee);
    }

    private void register(MediaLeg leg) {
        int n = leg.localPort / 2; // consecutive even ports alternate between loops
        loops[Math.floorMod(n, loops.length)].register(leg);
    }

    private void end(BenchCall call) throws IOException {
        try {
            deleteRoundTrips.record(call.delete(ng));
        } catch (NgRefusedException e) {
            // already gone (a media timeout): nothing to free
        } finally {
            call.close();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
