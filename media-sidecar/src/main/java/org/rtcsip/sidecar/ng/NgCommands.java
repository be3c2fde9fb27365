package org.rtcsip.sidecar.ng;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.CallExecutor;
import org.rtcsip.sidecar.session.CallRef;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.CallReport;
import org.rtcsip.sidecar.session.ExternalLegSpec;
import org.rtcsip.sidecar.session.MediaOptions;
import org.rtcsip.sidecar.session.SignallingException;

/**
 * The ng protocol server's logic, without the socket: takes one datagram ({@code <cookie> <bencode>}), runs the
 * command on the call's media loop, and hands back {@code <cookie> <bencode reply>}. Commands: ping, offer,
 * answer, delete, query, list. Every failure becomes {@code result: error} with rtpengine's reason text.
 */
public final class NgCommands {
    private static final Logger LOG = Logger.getLogger(NgCommands.class.getName());
    private static final int DEFAULT_LIST_LIMIT = 32;

    private final CallRegistry calls;
    private final CallExecutor executor;
    private final CookieCache cookies;
    private final NgMetrics metrics = new NgMetrics();
    private final LongSupplier nanoTime;
    private final LongSupplier epochMillis;

    public NgCommands(CallRegistry calls, CallExecutor executor, LongSupplier nanoTime, LongSupplier epochMillis) {
        this.calls = calls;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.epochMillis = epochMillis;
        this.cookies = new CookieCache(nanoTime);
    }

    public NgMetrics metrics() {
        return metrics;
    }

    /** Handles one datagram; {@code reply} may be called later, from a media loop thread. */
    public void handle(byte[] data, int length, InetSocketAddress peer, Consumer<byte[]> reply) {
        int space = indexOf(data, length, (byte) ' ');
        if (space <= 0) {
            metrics.undecodable.increment(); // no cookie: nothing a client could match a reply to
            return;
        }
        String cookie = new String(data, 0, space, StandardCharsets.UTF_8);
        Consumer<byte[]> send = body -> reply.accept(frame(cookie, body));
        if (!cookies.begin(peer, cookie, send)) {
            metrics.retransmissions.increment();
            return;
        }
        Consumer<Map<String, Object>> finish = dict -> {
            byte[] body = Bencode.encode(dict);
            cookies.complete(peer, cookie, body);
            send.accept(body);
        };
        String command = "unknown";
        try {
            Object decoded = Bencode.decode(data, space + 1, length - space - 1);
            if (!(decoded instanceof Map<?, ?> map)) {
                throw new NgException("Invalid NG data format: not a dictionary");
            }
            @SuppressWarnings("unchecked")
            NgRequest req = new NgRequest((Map<String, Object>) map);
            String name = req.string("command");
            if (name == null) {
                throw new NgException("No command in message");
            }
            command = NgRequest.normalize(name);
            dispatch(command, req, finish);
        } catch (BencodeException e) {
            finish.accept(error(command, "Invalid NG data format: " + e.getMessage()));
        } catch (NgException e) {
            finish.accept(error(command, e.getMessage()));
        }
    }

    private void dispatch(String command, NgRequest req, Consumer<Map<String, Object>> finish) throws NgException {
        switch (command) {
            case "ping" -> {
                metrics.count(command, "pong");
                finish.accept(Map.of("result", "pong"));
            }
            case "list" -> {
                long limit = req.number("limit", DEFAULT_LIST_LIMIT);
                Map<String, Object> r = ok(command);
                r.put("calls", List.copyOf(calls.list((int) Math.max(0, Math.min(limit, 100_000)))));
                finish.accept(r);
            }
            case "offer", "answer", "delete", "query" -> onCallLoop(command, req, finish);
            case "external-media" -> externalMedia(req, finish);
            default -> throw new NgException("Unrecognized command");
        }
    }

    private void onCallLoop(String command, NgRequest req, Consumer<Map<String, Object>> finish) throws NgException {
        String callId = req.string("call-id");
        if (callId == null || callId.isEmpty()) {
            throw new NgException("No call-id in message");
        }
        String fromTag = req.string("from-tag");
        if ((fromTag == null || fromTag.isEmpty()) && !command.equals("query") && !command.equals("delete")) {
            throw new NgException("No from-tag in message");
        }
        CallRef ref = new CallRef(callId, fromTag, emptyToNull(req.string("to-tag")),
                emptyToNull(req.string("via-branch")));
        MediaOptions opts = command.equals("offer") || command.equals("answer") ? MediaOptionsReader.read(req)
                : null;
        boolean fatal = req.strings("flags").stream().anyMatch(f -> NgRequest.normalize(f).equals("fatal"));
        boolean loadLimitUnderstood = req.strings("supports").contains(LOAD_LIMIT);
        long deleteDelay = req.number("delete-delay", -1);
        String sdp = req.string("sdp");
        executor.execute(calls.loopOf(callId), () -> {
            Map<String, Object> reply;
            try {
                long now = nanoTime.getAsLong();
                reply = switch (command) {
                    case "offer" -> withSdp(command, calls.offer(ref, opts, sdp, now));
                    case "answer" -> withSdp(command, calls.answer(ref, opts, sdp, now));
                    case "delete" -> delete(ref, deleteDelay, fatal, now);
                    default -> query(ref, now);
                };
            } catch (SignallingException e) {
                reply = loadLimitUnderstood && e.getMessage().equals(SESSION_LIMIT) ? loadLimit(command, e.getMessage())
                        : error(command, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ng " + command + " for call " + callId + " failed", e);
                reply = error(command, "Internal error: " + e);
            }
            finish.accept(reply);
        });
    }

    /** The reply waits for both legs to connect; it is sent from the call's loop when they have (or failed). */
    private void externalMedia(NgRequest req, Consumer<Map<String, Object>> finish) throws NgException {
        String command = "external-media";
        String callId = req.string("call-id");
        if (callId == null || callId.isEmpty()) {
            throw new NgException("No call-id in message");
        }
        String fromTag = req.string("from-tag");
        if (fromTag == null || fromTag.isEmpty()) {
            throw new NgException("No from-tag in message");
        }
        String toTag = req.string("to-tag");
        List<ExternalLegSpec> legs = ExternalMediaCommand.legs(req, fromTag, toTag);
        CallRef ref = new CallRef(callId, fromTag, toTag, null);
        executor.execute(calls.loopOf(callId), () -> {
            try {
                calls.externalMedia(ref, legs, nanoTime.getAsLong(), new CallRegistry.ExternalMediaDone() {
                    @Override
                    public void connected(Call call) {
                        finish.accept(ExternalMediaCommand.reply(call, ok(command)));
                    }

                    @Override
                    public void failed(String reason) {
                        finish.accept(error(command, reason));
                    }
                });
            } catch (SignallingException e) {
                finish.accept(error(command, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ng " + command + " for call " + callId + " failed", e);
                finish.accept(error(command, "Internal error: " + e));
            }
        });
    }

    private Map<String, Object> withSdp(String command, String sdp) {
        Map<String, Object> r = ok(command);
        r.put("sdp", sdp);
        return r;
    }

    private Map<String, Object> delete(CallRef ref, long deleteDelay, boolean fatal, long now) {
        Call call = calls.delete(ref, deleteDelay, now);
        if (call == null) {
            String why = "Call-ID not found or tags didn't match";
            if (fatal) {
                return error("delete", why);
            }
            Map<String, Object> r = ok("delete");
            r.put("warning", why);
            return r;
        }
        Map<String, Object> r = ok("delete");
        CallReport.addTo(r, call, now, epochMillis.getAsLong() / 1000);
        return r;
    }

    private Map<String, Object> query(CallRef ref, long now) throws SignallingException {
        Call call = calls.find(ref.callId());
        if (call == null) {
            throw new SignallingException("Unknown call-id");
        }
        Map<String, Object> r = ok("query");
        CallReport.addTo(r, call, now, epochMillis.getAsLong() / 1000);
        return r;
    }

    private Map<String, Object> ok(String command) {
        metrics.count(command, "ok");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "ok");
        return r;
    }

    /**
     * Over a configured limit (max-sessions), toward a client that said it {@code supports} it: rtpengine's
     * {@code result: load limit}, on which Kamailio's rtpengine module tries the next node of the set at once and
     * keeps this one enabled (ng-protocol.md §1.3).
     */
    private Map<String, Object> loadLimit(String command, String message) {
        metrics.count(command, LOAD_LIMIT);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", LOAD_LIMIT);
        r.put("message", message);
        return r;
    }

    private Map<String, Object> error(String command, String reason) {
        metrics.count(command, "error");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "error");
        r.put("error-reason", reason);
        return r;
    }

    /** The {@code supports} entry and result of rtpengine's overload answer. */
    static final String LOAD_LIMIT = "load limit";
    /** rtpengine's refusal of a new call beyond max-sessions (CallRegistry throws it). */
    static final String SESSION_LIMIT = "Parallel session limit reached";

    private static byte[] frame(String cookie, byte[] body) {
        byte[] c = cookie.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[c.length + 1 + body.length];
        System.arraycopy(c, 0, out, 0, c.length);
        out[c.length] = ' ';
        System.arraycopy(body, 0, out, c.length + 1, body.length);
        return out;
    }

    private static int indexOf(byte[] data, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
