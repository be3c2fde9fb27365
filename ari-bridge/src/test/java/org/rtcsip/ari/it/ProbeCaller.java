package org.rtcsip.ari.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.rtcsip.ari.ari.AriEvent;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.net.MediaLoop;
import org.rtcsip.sidecar.net.websocket.WebSocketClient;
import org.rtcsip.sidecar.net.websocket.WebSocketHandler;
import org.rtcsip.testbed.audio.Goertzel;
import org.rtcsip.testbed.asterisk.AsteriskProcess;

/**
 * A caller made of real Asterisk parts: {@code Local/<exten>@from-test/n} (PCMU) is originated into the test's app
 * "probe"; its ;2 half runs the shipped dialplan (the ari-bridge AGI line, then Stasis or Dial). Once answered, the
 * ;1 half is bridged with an ExternalMedia WebSocket the test itself connects to: the test speaks into the call
 * (a 440 Hz tone) and hears what comes back.
 */
final class ProbeCaller implements AutoCloseable {
    private static final int FRAME = 160; // 20 ms of PCMU
    private static int next;

    final AriTestApp app;
    private final AsteriskProcess asterisk;
    final String id;
    private final MediaLoop loop;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private WebSocketClient ws;
    private ScheduledFuture<?> sender;
    private volatile boolean toneOn;
    private long samplesSent;
    private final List<short[]> heard = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> mediaStart = new CompletableFuture<>();
    private final byte[] frame = new byte[1500];
    private final short[] tone = new short[FRAME];
    private final short[] decoded = new short[FRAME * 6];
    /** ulaw, or opus: then the probe's own media leg is Opus, coded with media-sidecar's Opus codecs at 8 kHz. */
    private String format = "ulaw";
    private AudioEncoder opusEncoder;
    private AudioDecoder opusDecoder;

    ProbeCaller(AsteriskProcess asterisk, AriTestApp app, MediaLoop loop) {
        this.asterisk = asterisk;
        this.app = app;
        this.loop = loop;
        this.id = "probe-" + (++next) + "-" + System.nanoTime() % 100000;
    }

    /** Originates the caller toward {@code exten} of [from-test] (the ari-bridge AGI line). */
    ProbeCaller dial(String exten) throws Exception {
        return dialIn(exten, "from-test");
    }

    /** Originates a PCMU caller toward {@code exten@context}. */
    ProbeCaller dialIn(String exten, String context) throws Exception {
        return dialIn(exten, context, "ulaw");
    }

    /** Originates a caller speaking {@code format} toward {@code exten@context}. */
    ProbeCaller dialIn(String exten, String context, String format) throws Exception {
        this.format = format;
        app.ari.createChannel("Local/" + exten + "@" + context + "/n", "probe", "caller", id, format, null);
        app.await(AriEvent.StasisStart.class, e -> e.channel().id().equals(id), Duration.ofSeconds(10),
                "StasisStart of the probe caller");
        app.ari.dial(id, null, 60);
        return this;
    }

    /** Waits for the call to be answered (the probe's channel goes Up). */
    void awaitAnswered(Duration timeout) throws Exception {
        app.await(AriEvent.ChannelStateChange.class, e -> e.channel().id().equals(id) && e.channel().isUp(),
                timeout, "answer of " + id);
    }

    /** The Q.850 cause the probe's channel ended with. */
    int awaitHangup(Duration timeout) throws Exception {
        return app.await(AriEvent.ChannelDestroyed.class, e -> e.channel().id().equals(id), timeout,
                "hangup of " + id).cause();
    }

    String awaitDialStatus(Predicate status, Duration timeout) throws Exception {
        return app.await(AriEvent.Dial.class, e -> e.peer().id().equals(id) && status.test(e.dialStatus()), timeout,
                "Dial status of " + id).dialStatus();
    }

    /** The dialplan half of the caller: the channel that ran the AGI line and, for sidecar calls, is in Stasis. */
    String dialplanSide() {
        return id + ";2";
    }

    interface Predicate {
        boolean test(String s);
    }

    /** Bridges the answered probe with the test's own media WebSocket and starts sending silence. */
    void connectAudio() throws Exception {
        String em = id + "-em";
        Channel media = app.ari.externalMediaWebSocket(em, "probe", format, "probe");
        if (format.equals("opus")) {
            OpusCodecs opus = OpusCodecs.select(OpusBackend.AUTO);
            opusEncoder = opus.encoder(OpusEncoderSettings.defaults());
            opusDecoder = opus.decoder(8000);
        }
        URI uri = URI.create("ws://127.0.0.1:" + asterisk.httpPort() + "/media/"
                + media.channelVar("MEDIA_WEBSOCKET_CONNECTION_ID"));
        loop.execute(() -> {
            ws = new WebSocketClient(loop, uri, null, 4096, 5_000_000_000L, new WebSocketHandler() {
                @Override
                public void opened(long now) {
                }

                @Override
                public void binary(byte[] buf, int off, int len, long now) {
                    int samples;
                    if (opusDecoder != null) {
                        samples = opusDecoder.decode(buf, off, len, decoded, 0);
                    } else {
                        samples = Math.min(len, decoded.length);
                        G711.decodeUlaw(buf, off, samples, decoded, 0);
                    }
                    heard.add(java.util.Arrays.copyOf(decoded, Math.max(0, samples)));
                }

                @Override
                public void text(String text, long now) {
                    if (text.startsWith("MEDIA_START")) {
                        mediaStart.complete(text);
                    }
                }

                @Override
                public void closed(int code, String reason, long now) {
                    mediaStart.completeExceptionally(new AssertionError("probe media closed " + code));
                }

                @Override
                public void failed(String reason, long now) {
                    mediaStart.completeExceptionally(new AssertionError("probe media failed: " + reason));
                }
            });
            ws.connect(System.nanoTime());
        });
        mediaStart.get(5, TimeUnit.SECONDS);
        app.await(AriEvent.StasisStart.class, e -> e.channel().id().equals(em), Duration.ofSeconds(5),
                "StasisStart of the probe's media channel");
        app.ari.createMixingBridge(id + "-bridge", "probe");
        app.ari.addChannels(id + "-bridge", id, em);
        sender = clock.scheduleAtFixedRate(() -> loop.execute(this::sendFrame), 0, 20, TimeUnit.MILLISECONDS);
    }

    private void sendFrame() {
        if (ws == null || !ws.isOpen()) {
            return;
        }
        for (int i = 0; i < FRAME; i++) {
            double t = (samplesSent + i) / 8000.0;
            tone[i] = toneOn ? (short) (8000 * Math.sin(2 * Math.PI * 440 * t)) : 0;
        }
        samplesSent += FRAME;
        int len;
        if (opusEncoder != null) {
            len = opusEncoder.encode(tone, 0, FRAME, frame, 0, frame.length);
        } else {
            G711.encodeUlaw(tone, 0, FRAME, frame, 0);
            len = FRAME;
        }
        ws.send(frame, 0, len);
    }

    /**
     * Sends a steady 440 Hz tone and returns the share of the heard energy at 440 Hz over {@code millis}, measured
     * from when the tone is first heard back (at most 5 s: on a busy host a new media path takes a moment to carry
     * sound), so a start-up delay does not count as silence and silence still fails.
     */
    double toneShareHeard(long millis) throws InterruptedException {
        heard.clear();
        toneOn = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Goertzel.share(heard, 440, 8000) < 0.5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        heard.clear();
        Thread.sleep(millis);
        toneOn = false;
        List<short[]> frames;
        synchronized (heard) {
            frames = new ArrayList<>(heard);
        }
        return Goertzel.share(frames, 440, 8000);
    }

    /** Listens (sending silence) for {@code millis}; the share of the heard energy at {@code frequency}. */
    double listen(long millis, double frequency) throws InterruptedException {
        heard.clear();
        Thread.sleep(millis);
        List<short[]> frames;
        synchronized (heard) {
            frames = new ArrayList<>(heard);
        }
        return Goertzel.share(frames, frequency, 8000);
    }

    int framesHeard() {
        return heard.size();
    }

    void sendDtmf(String digits) throws Exception {
        app.ari.sendDtmf(id, digits, 120);
    }

    /** The digits that come back to the probe (ChannelDtmfReceived on its channel), waiting for {@code count}. */
    String dtmfHeard(int count, Duration timeout) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(app.await(AriEvent.ChannelDtmfReceived.class, e -> e.channel().id().equals(id), timeout,
                    "DTMF digit " + (i + 1) + " of " + count + " back on " + id + " (so far: " + b + ")").digit());
        }
        return b.toString();
    }

    /** Hangs up the caller (cause 16), then removes the test's own media channel and bridge. */
    void hangup() throws Exception {
        app.ari.hangup(id, 16);
        removeProbeMedia();
    }

    /** The test's own media channel and bridge (not part of the call under test). */
    void removeProbeMedia() {
        if (sender != null) {
            sender.cancel(false);
        }
        try {
            app.ari.hangup(id + "-em", 16);
        } catch (Exception ignored) {
            // gone already
        }
        try {
            app.ari.destroyBridge(id + "-bridge");
        } catch (Exception ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            app.ari.hangup(id, 16);
        } catch (Exception ignored) {
            // gone already
        }
        removeProbeMedia();
        clock.shutdownNow();
        loop.execute(() -> {
            if (opusEncoder != null) {
                opusEncoder.close();
                opusDecoder.close();
            }
        });
    }
}
