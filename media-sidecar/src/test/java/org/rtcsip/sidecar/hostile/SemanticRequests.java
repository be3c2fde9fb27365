package org.rtcsip.sidecar.hostile;

import static org.rtcsip.ngwire.NgClient.dict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Well-formed bencode that makes no sense: an answer before its offer, commands on calls that do not exist, flags
 * and options of the wrong shape, numbers out of range, commands rtpengine has and the sidecar does not, an offer
 * that grows a call to more m= lines than the answer had. Built on the capture's real requests, so everything
 * else in them is as Kamailio sends it. A case is a short sequence of requests on one fresh call-id.
 */
final class SemanticRequests {
    private static final Object[] ODD_VALUES = {"", "x", -1L, 0L, Long.MAX_VALUE, List.of(), List.of(1L, "a"),
        Map.of(), Map.of("a", List.of()), List.of(List.of(List.of())), "IP9", "\u0000", "999.1.1.1"};
    private static final String[] OPTION_KEYS = {"flags", "replace", "rtcp-mux", "SDES", "codec", "direction", "ICE",
        "DTLS", "transport-protocol", "address family", "received-from", "delete-delay", "label", "set-label",
        "via-branch", "to-tag", "from-tag", "supports", "ptime", "media address", "DTLS-fingerprint", "T38", "OSRTP",
        "xmlrpc-callback", "metadata", "all", "frequency", "duration", "TOS", "record call", "interface"};
    private static final String[] COMMANDS = {"Offer", "OFFER", " offer", "offer\u0000", "statistics",
        "start recording", "stop recording", "block media", "unblock media", "play media", "stop media",
        "block DTMF", "publish", "subscribe request", "subscribe answer", "unsubscribe", "connect", "list", "ping",
        "query", "delete", "answer", "external media", "external-media", "silence media", "play DTMF", "", "list "};

    private SemanticRequests() {
    }

    /** The requests of one case, in order, on call-id {@code callId}. */
    static List<Map<String, Object>> build(Captures captures, String callId, Random random) {
        Captures.CapturedCall call = captures.calls().get(random.nextInt(captures.calls().size()));
        Map<String, Object> offer = Captures.copy(call.offer(), callId);
        Map<String, Object> answer = Captures.copy(call.answer(), callId);
        Map<String, Object> delete = Captures.copy(call.delete(), callId);
        List<Map<String, Object>> out = new ArrayList<>();
        switch (random.nextInt(12)) {
            case 0 -> out.add(answer); // answer before offer
            case 1 -> {
                Map<String, Object> query = dict("command", "query", "call-id", callId);
                out.addAll(List.of(query, delete, Captures.copy(delete, callId))); // unknown call, twice
            }
            case 2 -> {
                out.add(offer);
                Map<String, Object> stranger = Captures.copy(answer, callId);
                stranger.put("from-tag", "nobody");
                stranger.remove("to-tag");
                out.addAll(List.of(stranger, answer, Captures.copy(answer, callId), delete)); // answered twice
            }
            case 3 -> {
                Map<String, Object> odd = Captures.copy(offer, callId);
                odd.put(OPTION_KEYS[random.nextInt(OPTION_KEYS.length)], ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
                odd.put(OPTION_KEYS[random.nextInt(OPTION_KEYS.length)], ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
                out.addAll(List.of(odd, answer, delete));
            }
            case 4 -> {
                Map<String, Object> flags = Captures.copy(offer, callId);
                flags.put("flags", List.of(1L, Map.of("a", "b"), List.of("x"), "", "trust-address", "strict-source",
                        "SDES-no", "codec-strip-all", "codec-mask-", "transcode-", "T.38", "port-latching",
                        "no-rtcp-attribute", "fatal", "loop-protect", "asymmetric", "media-handover"));
                out.addAll(List.of(flags, answer, delete));
            }
            case 5 -> {
                Map<String, Object> codec = Captures.copy(offer, callId);
                codec.put("codec", random.nextBoolean() ? dict("mask", "all", "transcode", List.of(7L, Map.of()))
                        : dict("strip", List.of("all"), "offer", List.of(), "except", List.of("opus/0/0", "PCMU/-1"),
                        "transcode", List.of("nonexistent/8000", "opus/48000/99", "PCMU/99999999999")));
                out.addAll(List.of(codec, answer, delete));
            }
            case 6 -> {
                Map<String, Object> delay = Captures.copy(delete, callId);
                delay.put("delete-delay", new Object[] {-5L, Long.MAX_VALUE, "abc", List.of(), 4294967296L}[random
                        .nextInt(5)]);
                out.addAll(List.of(offer, answer, delay));
            }
            case 7 -> {
                Object limit = new Object[] {-5L, 0L, Long.MAX_VALUE, "x", List.of(1L)}[random.nextInt(5)];
                out.add(dict("command", "list", "limit", limit));
            }
            case 8 -> {
                Map<String, Object> other = Captures.copy(offer, callId);
                other.put("command", COMMANDS[random.nextInt(COMMANDS.length)]);
                out.addAll(List.of(other, delete));
            }
            case 9 -> {
                // the answer has more m= lines than the offer
                Map<String, Object> more = Captures.copy(answer, callId);
                String sdp = (String) more.get("sdp");
                more.put("sdp", sdp + sdp.substring(sdp.indexOf("m=")));
                out.addAll(List.of(offer, more, delete));
            }
            case 10 -> {
                // external media whose legs are broken, or point at a port where nobody listens
                Object legs = random.nextBoolean() ? List.of(dict("uri", "ws://127.0.0.1:1/", "codec", "PCMU"),
                        dict("uri", "ws://127.0.0.1:1/x", "codec", "opus")) : List.of(dict("uri", 5L), "x");
                out.add(dict("command", "external media", "call-id", callId, "from-tag", "a", "to-tag", "b",
                        "legs", legs));
                out.add(dict("command", "delete", "call-id", callId, "delete-delay", 0L));
            }
            default -> {
                // a re-offer from the answerer (a re-INVITE the other way), with a new via-branch and label
                Map<String, Object> reoffer = Captures.copy(offer, callId);
                reoffer.put("from-tag", answer.get("to-tag"));
                reoffer.put("to-tag", offer.get("from-tag"));
                reoffer.put("sdp", answer.get("sdp"));
                reoffer.put("via-branch", "z9hG4bK-" + random.nextInt());
                reoffer.put("label", List.of("not", "a", "string"));
                out.addAll(List.of(offer, answer, reoffer, delete));
            }
        }
        return out;
    }
}
