package org.rtcsip.sidecar.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * The hostile ng suite (issue 12, deliverable 2): random and mutated bencode, senseless requests and hostile SDP,
 * all seeded from Kamailio's real requests and real SDP ({@link Captures}), through the ng socket of the running
 * sidecar process. Every datagram with a cookie must get an answer: a bencode dictionary with a result, and when
 * the result is an error, a reason of the sidecar's own words (never {@code Internal error}, never Java text); a
 * datagram without a cookie is ignored. After every batch {@link SidecarInvariants} hold. Figures are printed per
 * input: cases, requests, answered ok, answered with an error, ignored, distinct reasons, problems.
 */
class HostileNgTest {
    /** Cases per input in one round (each SDP case is an offer, an answer and a delete). */
    private static final int CASES = Integer.getInteger("hostile.ng.cases", 250);
    private static final long REPLY_WAIT_MILLIS = 5000;
    private static final int MAX_PROBLEMS = 20;

    enum Input {
        RANDOM_BYTES, TRUNCATED, BYTE_FLIPS, OVER_LONG_LENGTHS_AND_INTEGERS, WRONG_TYPES, DEEP_NESTING,
        HUGE_STRINGS, DATAGRAMS_OF_60_KB, SEMANTICALLY_BAD, SDP_MUTATIONS
    }

    /** What one input got, for the figures. */
    private static final class Tally {
        long cases;
        long requests;
        long ok;
        long errors;
        long ignored;
        final Map<String, Integer> reasons = new TreeMap<>();
        final Map<String, long[]> sdpByMutation = new TreeMap<>();
    }

    private final Map<Input, Tally> tallies = new EnumMap<>(Input.class);
    private final List<String> problems = new ArrayList<>();
    private final Captures captures = Captures.load();
    private RawNg ng;
    private long cookies;

    @Test
    void everyHostileRequestIsAnsweredOrIgnoredAndNothingLeaks() throws Exception {
        HostileRun run = HostileRun.fromProperties(java.time.Duration.ofMinutes(6));
        assertTimeoutPreemptively(run.testTimeout().plusMinutes(2), () -> suite(run));
    }

    private void suite(HostileRun run) throws Exception {
        for (Input input : Input.values()) {
            tallies.put(input, new Tally());
        }
        long start = System.nanoTime();
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "hostile-ng", 1000, "--codec-warmup=0",
                "-Xmx256m");
             RawNg raw = new RawNg(sidecar.ngAddress())) {
            ng = raw;
            SidecarInvariants invariants = new SidecarInvariants(sidecar, raw);
            warmUp();
            invariants.afterBatch("warm-up (the capture's calls, 20 times)");
            int rounds = 0;
            do {
                for (Input input : Input.values()) {
                    for (int n = 0; n < CASES; n++) {
                        runCase(run, input, rounds * CASES + n);
                    }
                    invariants.afterBatch(input + " round " + (rounds + 1));
                    assertEquals(List.of(), problems, problems.size() + " problems (" + run.describe() + ")");
                }
                rounds++;
            } while (run.longRun() && System.nanoTime() - start < run.duration().toNanos());
            String flat = invariants.flat();
            print(run, rounds, flat, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The capture's two calls as Kamailio sent them, so classes load and the footprint's baseline is taken warm. */
    private void warmUp() throws IOException {
        for (int i = 0; i < 20; i++) {
            for (Captures.CapturedCall call : captures.calls()) {
                String id = "warm-" + i;
                for (Map<String, Object> r : List.of(call.offer(), call.answer(), call.delete())) {
                    Map<String, Object> reply = ng.request("w" + ++cookies, Captures.copy(r, id), REPLY_WAIT_MILLIS);
                    if (reply == null || !"ok".equals(reply.get("result"))) {
                        problems.add("warm-up " + r.get("command") + ": " + reply);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private void runCase(HostileRun run, Input input, int n) throws IOException {
        Random random = run.random(input.ordinal(), n);
        Tally tally = tallies.get(input);
        tally.cases++;
        String cookie = "h" + input.ordinal() + "_" + n + "_" + ++cookies;
        String callId = "hostile-" + input.ordinal() + "-" + n;
        Map<String, Object> base = base(random, callId);
        switch (input) {
            case RANDOM_BYTES -> send(input, n, BencodeMutations.randomBytes(random, cookie), null);
            case TRUNCATED -> send(input, n, RawNg.datagram(cookie,
                    BencodeMutations.truncated(Bencode.encode(base), random)), null);
            case BYTE_FLIPS -> send(input, n, RawNg.datagram(cookie,
                    BencodeMutations.flipped(Bencode.encode(base), random)), null);
            case OVER_LONG_LENGTHS_AND_INTEGERS -> send(input, n, RawNg.datagram(cookie,
                    BencodeMutations.overLong(Bencode.encode(base), random)), null);
            case WRONG_TYPES -> send(input, n, RawNg.datagram(cookie, BencodeMutations.wrongTypes(base, random)),
                    null);
            case DEEP_NESTING -> send(input, n, RawNg.datagram(cookie, BencodeMutations.deeplyNested(base, random)),
                    null);
            case HUGE_STRINGS -> send(input, n, RawNg.datagram(cookie, BencodeMutations.hugeString(base, random)),
                    null);
            case DATAGRAMS_OF_60_KB -> send(input, n, RawNg.datagram(cookie,
                    BencodeMutations.sixtyKilobytes(base, random)), null);
            case SEMANTICALLY_BAD -> {
                int i = 0;
                for (Map<String, Object> r : SemanticRequests.build(captures, callId, random)) {
                    send(input, n, RawNg.datagram(cookie + "_" + i++, Bencode.encode(r)), null);
                }
            }
            case SDP_MUTATIONS -> sdpCase(input, n, random, cookie, callId);
        }
    }

    /** A request of the capture (any but the ping), on call-id {@code callId}, as the base of a mutation. */
    private Map<String, Object> base(Random random, String callId) {
        List<Map<String, Object>> requests = captures.requests();
        return Captures.copy(requests.get(1 + random.nextInt(requests.size() - 1)), callId);
    }

    /** One of the capture's calls with a mutated offer or answer SDP (or a real SDP of another product). */
    private void sdpCase(Input input, int n, Random random, String cookie, String callId) throws IOException {
        Captures.CapturedCall call = captures.calls().get(random.nextInt(captures.calls().size()));
        Map<String, Object> offer = Captures.copy(call.offer(), callId);
        Map<String, Object> answer = Captures.copy(call.answer(), callId);
        boolean mutateOffer = random.nextBoolean();
        Map<String, Object> target = mutateOffer ? offer : answer;
        if (random.nextInt(3) == 0) {
            target.put("sdp", captures.sdps().get(random.nextInt(captures.sdps().size())));
        }
        SdpMutations.Mutation mutation = SdpMutations.ALL.get(random.nextInt(SdpMutations.ALL.size()));
        target.put("sdp", mutation.apply().apply((String) target.get("sdp"), random));
        long[] counts = tallies.get(input).sdpByMutation.computeIfAbsent(mutation.name(), k -> new long[2]);
        counts[0]++;
        Map<String, Object> offerReply = send(input, n, RawNg.datagram(cookie + "_o", Bencode.encode(offer)),
                mutation.name());
        Map<String, Object> answerReply = send(input, n, RawNg.datagram(cookie + "_a", Bencode.encode(answer)),
                mutation.name());
        if (offerReply != null && answerReply != null && "ok".equals(offerReply.get("result"))
                && "ok".equals(answerReply.get("result"))) {
            counts[1]++;
        }
        send(input, n, RawNg.datagram(cookie + "_d", Bencode.encode(Captures.copy(call.delete(), callId))),
                mutation.name());
    }

    /** Sends one datagram and judges what came back; the decoded reply, or null. */
    private Map<String, Object> send(Input input, int n, byte[] datagram, String note) throws IOException {
        Tally tally = tallies.get(input);
        tally.requests++;
        RawNg.Outcome o = ng.send(datagram, REPLY_WAIT_MILLIS);
        String what = input + " case " + n + (note == null ? "" : " (" + note + ")") + ", " + datagram.length
                + " bytes: " + HexFormat.of().formatHex(datagram, 0, Math.min(datagram.length, 160));
        if (!o.hadCookie()) {
            tally.ignored++;
            return null;
        }
        if (!o.answered()) {
            problem("no answer in " + REPLY_WAIT_MILLIS + " ms to " + what);
            return null;
        }
        Map<String, Object> reply;
        try {
            Object decoded = Bencode.decode(o.reply(), 0, o.reply().length);
            if (!(decoded instanceof Map<?, ?>)) {
                problem("a reply that is not a dictionary to " + what);
                return null;
            }
            reply = Bencode.text(decoded);
        } catch (BencodeException e) {
            problem("an undecodable reply (" + e.getMessage() + ") to " + what);
            return null;
        }
        Object result = reply.get("result");
        if ("error".equals(result)) {
            tally.errors++;
            Object reason = reply.get("error-reason");
            String text = reason == null ? "" : reason.toString();
            if (text.isBlank() || text.startsWith("Internal error") || text.contains("java.")
                    || text.contains("Exception")) {
                problem("error reason '" + text + "' for " + what);
            }
            tally.reasons.merge(shape(text), 1, Integer::sum);
        } else if ("ok".equals(result) || "pong".equals(result) || "load limit".equals(result)) {
            tally.ok++;
        } else {
            problem("result " + result + " for " + what);
        }
        return reply;
    }

    /** A reason with its numbers and quoted values taken out, so like reasons count as one. */
    private static String shape(String reason) {
        return reason.replaceAll("'[^']*'", "'..'").replaceAll("\"[^\"]*\"", "\"..\"").replaceAll("\\d+", "N");
    }

    private void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    private void print(HostileRun run, int rounds, String flat, double seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[hostile-ng] %s, %d round(s) in %.0f s;"
                + " the sidecar process lived through all of it (crashes 0), internal errors 0, stack traces 0,"
                + " sessions and ports back to 0 after every batch (leaks 0); %s%n", run.describe(), rounds, seconds,
                flat));
        long cases = 0;
        long requests = 0;
        for (Map.Entry<Input, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            cases += t.cases;
            requests += t.requests;
            b.append(String.format(Locale.ROOT, "[hostile-ng]   %-32s %6d cases %6d requests: %6d ok, %6d error,"
                    + " %5d ignored (no cookie), %3d distinct reasons, 0 unanswered%n", e.getKey(), t.cases,
                    t.requests, t.ok, t.errors, t.ignored, t.reasons.size()));
        }
        Map<String, String> sdp = new LinkedHashMap<>();
        tallies.get(Input.SDP_MUTATIONS).sdpByMutation.forEach((k, v) -> sdp.put(k, v[1] + "/" + v[0]));
        b.append("[hostile-ng]   SDP mutations, calls set up / tried: ").append(sdp).append('\n');
        b.append(String.format(Locale.ROOT, "[hostile-ng]   in all: %d cases, %d requests, 0 problems%n", cases,
                requests));
        System.out.print(b);
    }
}
