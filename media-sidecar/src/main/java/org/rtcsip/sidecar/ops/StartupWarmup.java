package org.rtcsip.sidecar.ops;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.TranscoderWarmup;
import org.rtcsip.sidecar.session.WebRtcContext;

/**
 * The start-up warm-up ({@code codec-warmup}): synthetic calls through the ng commands ({@link SignallingWarmup}),
 * synthetic Opus <-> PCMU transcoding and in-memory DTLS handshakes in a background thread, each for up to the
 * budget (the transcoding until the JIT has compiled it, up to {@value #CODEC_BUDGETS} budgets), so the JIT has
 * compiled those paths before the first calls come in. ng answers from
 * the start meanwhile (Kamailio marks a silent sidecar down for a minute); what should wait for it (joining
 * Kamailio's set) runs when it is over.
 */
public final class StartupWarmup {
    private static final Logger LOG = Logger.getLogger(StartupWarmup.class.getName());
    /** In-memory handshake pairs (both roles): about 3.5 s of one core when it is free. */
    private static final int DTLS_HANDSHAKES = 2000;
    /**
     * The codec part ends once the JIT is done with it: at ~3 s on libopus here and ~11 s on Concentus (all Java),
     * where a warm-up cut at 5 s left its frame pair at 340 us against ~200 us compiled, and the first transcoded
     * calls paid the rest. It may run this many budgets.
     */
    static final int CODEC_BUDGETS = 3;

    private final Duration budget;
    private final SignallingWarmup signalling;
    private final CallRegistry calls;
    private final WebRtcContext webrtc;
    private final String opusVersion;
    private final LongAdder failures = new LongAdder();
    private volatile boolean warm;
    private volatile boolean closed;
    private volatile Thread thread;

    /** @param budget how long each part may run; zero = no warm-up */
    public StartupWarmup(Duration budget, SignallingWarmup signalling, CallRegistry calls, WebRtcContext webrtc,
                         String opusVersion) {
        this.budget = budget;
        this.signalling = signalling;
        this.calls = calls;
        this.webrtc = webrtc;
        this.opusVersion = opusVersion;
    }

    /**
     * Starts the warm-up, or runs {@code then} at once when there is none.
     *
     * @param stop ends it early (a drain: no one should wait for a warm-up)
     * @param then runs once it is over, on its thread
     */
    public void start(BooleanSupplier stop, Runnable then) {
        if (budget.isZero()) {
            warm = true;
            then.run();
            return;
        }
        Thread t = new Thread(() -> run(() -> closed || stop.getAsBoolean(), then), "codec-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    private void run(BooleanSupplier stop, Runnable then) {
        try {
            SignallingWarmup.Result s = signalling.run(budget.toNanos(), stop);
            if (s.failures() > 0 || s.callsLeft() + s.portsLeft() > 0) {
                failures.increment(); // a synthetic call the code refused is a bug the first real call meets too
                LOG.warning("signalling warm-up: " + s); // says how many failed, the first reason, what was left
            } else {
                LOG.info("signalling warm-up: " + s);
            }
            TranscoderWarmup.Result r = calls.warmUpTranscoding(CODEC_BUDGETS * budget.toNanos(), stop);
            LOG.info("codec warm-up: " + r + ", opus backend " + opusVersion
                    + (r.undecodable() > 0 ? "; " + r.undecodable() + " frames did not decode" : ""));
            // the DTLS handshake path too: the first browser calls after a start would otherwise pay the JIT
            LOG.info("DTLS warm-up: " + webrtc.warmUpDtls(DTLS_HANDSHAKES, budget.toNanos(), stop));
            if (!stop.getAsBoolean()) {
                LOG.info("warm-up garbage: " + WarmupGarbage.collect());
            }
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(Level.WARNING, "codec warm-up failed; calls are served anyway", e);
        } finally {
            warm = true;
            then.run();
        }
    }

    /** False while it runs; /health says "warming up". */
    public boolean warm() {
        return warm;
    }

    /** Warm-ups that failed on an exception (counted in sidecar_internal_errors_total{where="warmup"}). */
    public long failures() {
        return failures.sum();
    }

    /**
     * Ends it and waits for it (2 s at most): it stops within one batch, and native codec and OpenSSL calls must
     * not run on while the process exits.
     */
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
