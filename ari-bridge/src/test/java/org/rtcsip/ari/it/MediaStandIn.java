package org.rtcsip.ari.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusBackend;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.sidecar.net.MediaLoop;
import org.rtcsip.sidecar.net.websocket.WebSocketClient;
import org.rtcsip.sidecar.net.websocket.WebSocketHandler;
import org.rtcsip.ngwire.Bencode;

/**
 * Stands in for media-sidecar's ng {@code external media} (docs/ng-external-media.md) until media-sidecar answers it
 * itself: an ng server on 127.0.0.1:2223 that connects to both Asterisk {@code /media/<id>} WebSockets with
 * media-sidecar's own {@link WebSocketClient} on a media loop, waits for MEDIA_START on each, and relays frames
 * between them (equal codecs unchanged; otherwise decoded to 8 kHz linear and encoded again, Opus with
 * media-sidecar's own codecs: no PLC, no FEC, no jitter handling, unlike media-sidecar's transcoder). It answers
 * {@code delete}, {@code list} and {@code ping} too. Not a fake Asterisk: every Asterisk in these tests is real.
 */
final class MediaStandIn implements MediaSide {
    static final int NG_PORT = 2223;

    private final DatagramSocket ng;
    private final MediaLoop loop;
    private final Thread thread;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    final AtomicLong framesRelayed = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    volatile String refuseWith;

    private final class Leg implements WebSocketHandler {
        final String tag;
        final String codec;
        final CompletableFuture<String> started = new CompletableFuture<>();
        WebSocketClient ws;
        Leg other;
        final byte[] converted = new byte[2048];
        volatile boolean closed;
        volatile String lastStatus = "";

        Leg(String tag, String codec) {
            this.tag = tag;
            this.codec = codec;
        }

        @Override
        public void opened(long now) {
        }

        final short[] pcm = new short[960];
        AudioDecoder opusDecoder;
        AudioEncoder opusEncoder;

        @Override
        public void binary(byte[] buf, int off, int len, long now) {
            if (other == null || other.ws == null || !other.ws.isOpen() || len > converted.length) {
                return;
            }
            if (codec.equals(other.codec)) {
                other.ws.send(buf, off, len);
                framesRelayed.incrementAndGet();
                return;
            }
            int samples;
            if (codec.startsWith("opus")) {
                samples = opusDecoder.decode(buf, off, len, pcm, 0);
            } else {
                samples = len;
                for (int i = 0; i < len; i++) {
                    pcm[i] = codec.startsWith("PCMU") ? G711.ulawToLinear(buf[off + i]) : G711.alawToLinear(buf[off + i]);
                }
            }
            if (samples <= 0) {
                return;
            }
            int out;
            if (other.codec.startsWith("opus")) {
                out = other.opusEncoder.encode(pcm, 0, samples, converted, 0, converted.length);
            } else {
                out = samples;
                for (int i = 0; i < samples; i++) {
                    converted[i] = other.codec.startsWith("PCMU") ? G711.linearToUlaw(pcm[i]) : G711.linearToAlaw(pcm[i]);
                }
            }
            other.ws.send(converted, 0, out);
            framesRelayed.incrementAndGet();
        }

        @Override
        public void text(String text, long now) {
            if (text.startsWith("STATUS")) {
                lastStatus = text;
            }
            if (text.startsWith("MEDIA_START")) {
                String format = field(text, "format");
                String want = switch (codec) {
                    case "PCMU/8000" -> "ulaw";
                    case "PCMA/8000" -> "alaw";
                    default -> "opus";
                };
                if (want.equals(format)) {
                    started.complete(text);
                } else {
                    started.completeExceptionally(new IOException("leg " + tag + ": MEDIA_START format " + format
                            + ", expected " + want));
                }
            }
        }

        @Override
        public void closed(int code, String reason, long now) {
            closed = true;
            started.completeExceptionally(new IOException("leg " + tag + " closed " + code));
        }

        @Override
        public void failed(String reason, long now) {
            closed = true;
            started.completeExceptionally(new IOException("External media connect failed: " + reason));
        }
    }

    private record Call(Leg a, Leg b) {
    }

    MediaStandIn() throws IOException {
        ng = new DatagramSocket(new InetSocketAddress("127.0.0.1", NG_PORT));
        loop = new MediaLoop(0, now -> calls.values().forEach(c -> {
            pollLeg(c.a(), now);
            pollLeg(c.b(), now);
        }));
        loop.start();
        thread = new Thread(this::serve, "media-stand-in-ng");
        thread.setDaemon(true);
        thread.start();
    }

    private static void pollLeg(Leg l, long now) {
        if (l.ws != null) {
            l.ws.poll(now);
        }
    }

    private static String field(String text, String name) {
        for (String part : text.split(" ")) {
            if (part.startsWith(name + ":")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }

    @Override
    public int calls() {
        return calls.size();
    }

    @Override
    public long framesRelayed() {
        return framesRelayed.get();
    }

    @Override
    public long deletes() {
        return deletes.get();
    }

    /** Asks every leg for chan_websocket's STATUS (queue_length: frames Asterisk holds to play); their answers. */
    List<String> queueStatus() throws InterruptedException {
        loop.execute(() -> calls.values().forEach(c -> {
            c.a().ws.sendText("GET_STATUS");
            c.b().ws.sendText("GET_STATUS");
        }));
        Thread.sleep(200);
        List<String> out = new ArrayList<>();
        calls.values().forEach(c -> {
            out.add("caller leg: " + c.a().lastStatus);
            out.add("callee leg: " + c.b().lastStatus);
        });
        return out;
    }

    /** What a crashed media-sidecar does to Asterisk: every WebSocket drops. */
    void dropAllConnections() {
        loop.execute(() -> {
            calls.values().forEach(c -> {
                c.a().ws.close(1001, "going away", System.nanoTime());
                c.b().ws.close(1001, "going away", System.nanoTime());
            });
            calls.clear();
        });
    }

    @SuppressWarnings("unchecked")
    private void serve() {
        byte[] buf = new byte[65536];
        while (!ng.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                ng.receive(p);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            String text = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            int space = text.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String cookie = text.substring(0, space);
            Map<String, Object> reply;
            try {
                reply = handle((Map<String, Object>) Bencode.decode(buf, space + 1, p.getLength() - space - 1));
            } catch (Exception e) {
                reply = error(e.getMessage());
            }
            byte[] body = Bencode.encode(reply);
            byte[] out = Arrays.copyOf((cookie + " ").getBytes(StandardCharsets.ISO_8859_1), cookie.length() + 1
                    + body.length);
            System.arraycopy(body, 0, out, cookie.length() + 1, body.length);
            try {
                ng.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException ignored) {
                // the client retries
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> handle(Map<String, Object> req) throws Exception {
        String command = text(req.get("command"));
        String callId = text(req.get("call-id"));
        switch (command) {
            case "ping":
                return Map.of("result", "pong");
            case "list":
                return Map.of("result", "ok", "calls", new ArrayList<>(calls.keySet()));
            case "delete":
                deletes.incrementAndGet();
                Call gone = calls.remove(callId);
                if (gone != null) {
                    loop.execute(() -> {
                        gone.a().ws.close(1000, "delete", System.nanoTime());
                        gone.b().ws.close(1000, "delete", System.nanoTime());
                    });
                    return ok();
                }
                Map<String, Object> r = ok();
                r.put("warning", "Call-ID not found or tags didn't match");
                return r;
            case "external media":
                return externalMedia(callId, (List<Object>) req.get("legs"));
            default:
                return error("Unrecognized command");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> externalMedia(String callId, List<Object> legs) throws Exception {
        if (calls.containsKey(callId)) {
            return error("Call-ID already exists");
        }
        if (legs == null || legs.size() != 2) {
            return error("Missing 'legs': two are needed");
        }
        if (refuseWith != null) {
            return error(refuseWith);
        }
        Map<String, Object> la = (Map<String, Object>) legs.get(0);
        Map<String, Object> lb = (Map<String, Object>) legs.get(1);
        Leg a = new Leg("caller", text(la.get("codec")));
        Leg b = new Leg("callee", text(lb.get("codec")));
        for (Leg leg : List.of(a, b)) {
            if (leg.codec.startsWith("opus")) {
                OpusCodecs opus = OpusCodecs.select(OpusBackend.AUTO);
                leg.opusDecoder = opus.decoder(8000);
                leg.opusEncoder = opus.encoder(OpusEncoderSettings.defaults());
            }
        }
        a.other = b;
        b.other = a;
        loop.execute(() -> {
            a.ws = new WebSocketClient(loop, URI.create(text(la.get("uri"))), null, 4096, 5_000_000_000L, a);
            b.ws = new WebSocketClient(loop, URI.create(text(lb.get("uri"))), null, 4096, 5_000_000_000L, b);
            a.ws.connect(System.nanoTime());
            b.ws.connect(System.nanoTime());
        });
        try {
            CompletableFuture.allOf(a.started, b.started).get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            loop.execute(() -> {
                if (a.ws != null) {
                    a.ws.close(1000, "failed", System.nanoTime());
                }
                if (b.ws != null) {
                    b.ws.close(1000, "failed", System.nanoTime());
                }
            });
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return error(cause.getMessage());
        }
        calls.put(callId, new Call(a, b));
        Map<String, Object> r = ok();
        r.put("transcoding", a.codec.equals(b.codec) ? "no" : "yes");
        return r;
    }

    private static Map<String, Object> ok() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "ok");
        return r;
    }

    private static Map<String, Object> error(String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "error");
        r.put("error-reason", reason == null ? "error" : reason);
        return r;
    }

    /** media-sidecar's Bencode decodes byte strings to byte[]. */
    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    @Override
    public void close() throws Exception {
        ng.close();
        loop.stop();
        loop.join(2000);
    }
}
