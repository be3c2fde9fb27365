package org.rtcsip.sidecar.ng;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.sidecar.logging.CallLog;
import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.CallExecutor;
import org.rtcsip.sidecar.session.CallRef;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.CallReport;
import org.rtcsip.sidecar.session.ExternalLegSpec;
import org.rtcsip.sidecar.session.LoopPlacement;
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
    private static final int MAX_LIST_LIMIT = 100_000;
    /** rtpengine's reason for a failure that is not the request's fault. */
    static final String INTERNAL_ERROR = "Internal error";
    private static final int MAX_REASON_CHARS = 300;

    private final CallRegistry calls;
    private final CallExecutor executor;
    private final CookieCache cookies;
    private final SdpLimits sdpLimits;
    private final NgMetrics metrics = new NgMetrics();
    private final LongSupplier nanoTime;
    private final LongSupplier epochMillis;

    public NgCommands(CallRegistry calls, CallExecutor executor, LongSupplier nanoTime, LongSupplier epochMillis) {
        this(calls, executor, nanoTime, epochMillis, SdpLimits.DEFAULTS);
    }

    /** @param sdpLimits caps on the SDP of offers and answers, checked before the call's loop sees the request */
    public NgCommands(CallRegistry calls, CallExecutor executor, LongSupplier nanoTime, LongSupplier epochMillis,
                      SdpLimits sdpLimits) {
        this.sdpLimits = sdpLimits;
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
        long received = nanoTime.getAsLong();
        int space = indexOf(data, length, (byte) ' ');
        if (space <= 0) {
            metrics.undecodable.increment(); // no cookie: nothing a client could match a reply to
            return;
        }
        byte[] cookie = Arrays.copyOf(data, space); // raw bytes: the client matches the reply byte for byte
        Consumer<byte[]> send = body -> reply.accept(frame(cookie, body));
        if (!cookies.begin(peer, cookie, send)) {
            metrics.retransmissions.increment();
            return;
        }
        int budget = ReplyFit.bodyBudget(space);
        Reply finish = (command, dict) -> {
            ReplyFit.Fitted fitted = command.equals("query") || command.equals("delete")
                    ? ReplyFit.statistics(dict, budget) : new ReplyFit.Fitted(Bencode.encode(dict), false);
            if (fitted.trimmed()) {
                metrics.trimmedReplies.increment();
            }
            byte[] body = fitted.body();
            if (body.length > budget) {
                metrics.oversizedReplies.increment();
                LOG.warning("ng " + command + " reply of " + body.length + " bytes does not fit a UDP datagram;"
                        + " answering an error instead");
                body = Bencode.encode(errorDict("Reply too large for a UDP datagram (" + body.length + " bytes)"));
            }
            cookies.complete(peer, cookie, body);
            send.accept(body);
            metrics.time(command, NgMetrics.Stage.TOTAL, nanoTime.getAsLong() - received);
        };
        String command = "unknown";
        String callId = null;
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
            callId = req.string("call-id");
            if (LOG.isLoggable(Level.FINE)) {
                String label = NgMetrics.label(command);
                CallLog.of(callId).fine(LOG, () -> "ng " + label + " from " + peer.getAddress().getHostAddress() + ":"
                        + peer.getPort());
            }
            dispatch(command, req, finish, budget, received);
        } catch (BencodeException e) {
            finish.send(command, error(command, "Invalid NG data format: " + e.getMessage()));
        } catch (NgException e) {
            finish.send(command, error(command, e.getMessage()));
        } catch (RuntimeException e) {
            // e.g. the call's media loop stopped (shutdown): answer, or the cookie would wait forever
            finish.send(command, internalError(command, callId, e));
        }
    }

    /**
     * A bug or an unforeseen state, not the client's fault in words it could act on: the client gets rtpengine's
     * plain {@code Internal error} (no Java text, which would leak internals and mean nothing to Kamailio's log);
     * the log gets one line with the call-id ({@link CallLog}) and the stack trace; {@code sidecar_internal_errors_total{where="ng"}}
     * counts it.
     */
    private Map<String, Object> internalError(String command, String callId, Throwable e) {
        metrics.internalErrors.increment();
        CallLog.of(callId).log(LOG, Level.WARNING, () -> "ng " + NgMetrics.label(command)
                + " failed on an internal error; answered 'Internal error'", e);
        return error(command, INTERNAL_ERROR);
    }

    /** Encodes, fits, caches and sends one reply. */
    private interface Reply {
        void send(String command, Map<String, Object> dict);
    }

    /** @param received when the datagram was handed over ({@link #nanoTime}), for the queued-time metric */
    private void dispatch(String command, NgRequest req, Reply finish, int budget, long received)
            throws NgException {
        switch (command) {
            case "ping" -> {
                metrics.count(command, NgMetrics.Result.PONG);
                finish.send(command, Map.of("result", "pong"));
            }
            case "list" -> finish.send(command, list(req, budget));
            case "offer", "answer", "delete", "query" -> onCallLoop(command, req, finish, received);
            case "external-media" -> externalMedia(req, finish, received);
            default -> throw new NgException("Unrecognized command");
        }
    }

    /** rtpengine's list: up to {@code limit} call-ids (default 32), and never more than fit a datagram. */
    private Map<String, Object> list(NgRequest req, int budget) throws NgException {
        long limit = req.number("limit", DEFAULT_LIST_LIMIT);
        List<String> ids = calls.list((int) Math.max(0, Math.min(limit, MAX_LIST_LIMIT)));
        Map<String, Object> r = ok("list");
        String warning = "List trimmed to fit a UDP datagram: " + ids.size() + " calls asked for, ";
        r.put("warning", warning + ids.size() + " returned"); // room for the warning, should it be needed
        List<String> fit = ReplyFit.callIds(ids, r, budget);
        if (fit.size() < ids.size()) {
            r.put("warning", warning + fit.size() + " returned");
            metrics.trimmedReplies.increment();
        } else {
            r.remove("warning");
        }
        r.put("calls", List.copyOf(fit));
        return r;
    }

    private void onCallLoop(String command, NgRequest req, Reply finish, long received) throws NgException {
        String callId = req.identifier("call-id");
        if (callId == null || callId.isEmpty()) {
            throw new NgException("No call-id in message");
        }
        String fromTag = req.identifier("from-tag");
        if ((fromTag == null || fromTag.isEmpty()) && !command.equals("query") && !command.equals("delete")) {
            throw new NgException("No from-tag in message");
        }
        CallRef ref = new CallRef(callId, fromTag, emptyToNull(req.identifier("to-tag")),
                emptyToNull(req.identifier("via-branch")));
        MediaOptions opts = command.equals("offer") || command.equals("answer") ? MediaOptionsReader.read(req)
                : null;
        boolean fatal = req.strings("flags").stream().anyMatch(f -> NgRequest.normalize(f).equals("fatal"));
        boolean loadLimitUnderstood = req.strings("supports").contains(LOAD_LIMIT);
        long deleteDelay = req.number("delete-delay", -1);
        String sdp = req.string("sdp");
        if (opts != null) {
            sdpLimits.check(sdp);
        }
        runOnCallLoop(callId, () -> {
            Map<String, Object> reply;
            try {
                long now = nanoTime.getAsLong();
                metrics.time(command, NgMetrics.Stage.QUEUED, now - received);
                reply = switch (command) {
                    case "offer" -> withSdp(command, calls.offer(ref, opts, sdp, now));
                    case "answer" -> withSdp(command, calls.answer(ref, opts, sdp, now));
                    case "delete" -> delete(ref, deleteDelay, fatal, now);
                    default -> query(ref, now);
                };
            } catch (SignallingException e) {
                reply = loadLimitUnderstood && SESSION_LIMIT.equals(e.getMessage())
                        ? loadLimit(command, e.getMessage()) : error(command, e.getMessage());
            } catch (RuntimeException | Error e) {
                // an Error too (a stack overflow on odd input): the client must get an answer
                reply = internalError(command, callId, e);
            }
            finish.send(command, reply);
        });
    }

    /** The reply waits for both legs to connect; it is sent from the call's loop when they have (or failed). */
    private void externalMedia(NgRequest req, Reply finish, long received) throws NgException {
        String command = "external-media";
        String callId = req.identifier("call-id");
        if (callId == null || callId.isEmpty()) {
            throw new NgException("No call-id in message");
        }
        String fromTag = req.identifier("from-tag");
        if (fromTag == null || fromTag.isEmpty()) {
            throw new NgException("No from-tag in message");
        }
        String toTag = req.identifier("to-tag");
        List<ExternalLegSpec> legs = ExternalMediaCommand.legs(req, fromTag, toTag);
        CallRef ref = new CallRef(callId, fromTag, toTag, null);
        runOnCallLoop(callId, () -> {
            try {
                long now = nanoTime.getAsLong();
                metrics.time(command, NgMetrics.Stage.QUEUED, now - received);
                calls.externalMedia(ref, legs, now, new CallRegistry.ExternalMediaDone() {
                    @Override
                    public void connected(Call call) {
                        finish.send(command, ExternalMediaCommand.reply(call, ok(command)));
                    }

                    @Override
                    public void failed(String reason) {
                        finish.send(command, error(command, reason));
                    }
                });
            } catch (SignallingException e) {
                finish.send(command, error(command, e.getMessage()));
            } catch (RuntimeException | Error e) {
                finish.send(command, internalError(command, callId, e));
            }
        });
    }

    /**
     * Queues {@code task} on the loop of {@code callId} (a new call's goes to the least loaded loop), which keeps the
     * call there until the task has run.
     */
    private void runOnCallLoop(String callId, Runnable task) {
        LoopPlacement placement = calls.placement();
        LoopPlacement.Place place = placement.enter(callId);
        try {
            executor.execute(place.loop(), () -> {
                try {
                    task.run();
                } finally {
                    placement.left(place);
                }
            });
        } catch (RuntimeException e) {
            placement.left(place); // not queued (the loop is stopping): it holds nothing
            throw e;
        }
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
        metrics.count(command, NgMetrics.Result.OK);
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
        metrics.count(command, NgMetrics.Result.LOAD_LIMIT);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", LOAD_LIMIT);
        r.put("message", message);
        return r;
    }

    private Map<String, Object> error(String command, String reason) {
        metrics.count(command, NgMetrics.Result.ERROR);
        return errorDict(reason);
    }

    /**
     * {@code result: error} with the reason cut to {@value #MAX_REASON_CHARS} characters: a reason may quote the
     * client's value, which may be 60 KB (a reply that big could not be sent, and says nothing more).
     */
    private static Map<String, Object> errorDict(String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "error");
        r.put("error-reason", reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS - 3) + "...");
        return r;
    }

    /** The {@code supports} entry and result of rtpengine's overload answer. */
    static final String LOAD_LIMIT = "load limit";
    /** rtpengine's refusal of a new call beyond max-sessions (CallRegistry throws it). */
    static final String SESSION_LIMIT = "Parallel session limit reached";

    private static byte[] frame(byte[] c, byte[] body) {
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
