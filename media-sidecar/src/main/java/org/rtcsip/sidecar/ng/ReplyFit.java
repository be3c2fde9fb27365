package org.rtcsip.sidecar.ng;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;

/**
 * Makes ng replies fit one UDP datagram. A reply that does not fit is never sent (the kernel refuses it), so
 * Kamailio retries, gives up and disables the node: worse than any smaller answer. rtpengine 10.5 has the same
 * limit and loses such replies too (its query/delete statistics grow about 1.3 KB per m= line and stop arriving
 * above some 48 m= lines). Here, statistics replies (query, delete) drop detail in steps until they fit, saying
 * so in {@code warning}; {@code list} returns as many call-ids as fit.
 */
final class ReplyFit {
    /** The largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP); Kamailio reads up to 65,535. */
    static final int MAX_DATAGRAM = 65_507;

    static final String STATISTICS_TRIMMED = "Statistics trimmed to fit a UDP datagram: ";

    private ReplyFit() {
    }

    /** The bytes left for the bencoded body after {@code <cookie> }. */
    static int bodyBudget(int cookieLength) {
        return MAX_DATAGRAM - cookieLength - 1;
    }

    /**
     * Trims a query or delete reply (rtpengine's statistics shape, ng-protocol.md §2.5) in place until its encoding
     * fits {@code budget} bytes: first each party's media list is cut to the longest prefix that fits (the first
     * media is the one Kamailio's MOS variables read), then the per-SSRC quality figures go, then the parties;
     * {@code created}, {@code last signal} and {@code totals} ($rtpstat) always stay. Runs on a call's loop, rarely:
     * a few encodings of the reply at most.
     *
     * @return the encoded reply, and whether anything was left out
     */
    static Fitted statistics(Map<String, Object> reply, int budget) {
        byte[] body = Bencode.encode(reply);
        if (body.length <= budget) {
            return new Fitted(body, false);
        }
        Map<String, List<?>> medias = new LinkedHashMap<>();
        Map<String, Map<String, Object>> parties = new LinkedHashMap<>();
        if (reply.get("tags") instanceof Map<?, ?> tags) {
            Map<String, Object> copies = new LinkedHashMap<>();
            tags.forEach((tag, party) -> {
                if (party instanceof Map<?, ?> p) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    p.forEach((k, v) -> copy.put(k.toString(), v));
                    if (copy.get("medias") instanceof List<?> list) {
                        medias.put(tag.toString(), list);
                    }
                    parties.put(tag.toString(), copy);
                    copies.put(tag.toString(), copy);
                }
            });
            reply.put("tags", copies);
        }
        List<String> left = new ArrayList<>();
        int most = medias.values().stream().mapToInt(List::size).max().orElse(0);
        if (most > 0) {
            // the longest media prefix that fits: binary search over [0, most - 1]
            int low = 0;
            int high = most - 1;
            while (low < high) {
                int mid = (low + high + 1) / 2;
                if (keepMedias(reply, parties, medias, mid).length <= budget) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            body = keepMedias(reply, parties, medias, low);
            left.add(mediasLeftOut(low));
        }
        if (body.length > budget && reply.remove("SSRC") != null) {
            left.add("SSRC");
            body = withWarning(reply, left);
        }
        if (body.length > budget && reply.remove("tags") != null) {
            left.add("tags");
            body = withWarning(reply, left);
        }
        return new Fitted(body, true);
    }

    /** An encoded reply; {@code trimmed} if detail was left out to make it fit. */
    record Fitted(byte[] body, boolean trimmed) {
    }

    /** Cuts every party's media list to its first {@code kept} and encodes the reply with the warning saying so. */
    private static byte[] keepMedias(Map<String, Object> reply, Map<String, Map<String, Object>> parties,
                                     Map<String, List<?>> medias, int kept) {
        medias.forEach((tag, list) -> parties.get(tag).put("medias", list.subList(0, Math.min(kept, list.size()))));
        return withWarning(reply, List.of(mediasLeftOut(kept)));
    }

    private static String mediasLeftOut(int kept) {
        return kept == 0 ? "medias" : "medias after the first " + kept + " of each party";
    }

    private static byte[] withWarning(Map<String, Object> reply, List<String> left) {
        reply.put("warning", STATISTICS_TRIMMED + String.join(", ", left) + " left out");
        return Bencode.encode(reply);
    }

    /**
     * As many of {@code callIds} as fit {@code budget} bytes in a reply next to {@code others} (the rest of the
     * reply, already holding {@code result}).
     */
    static List<String> callIds(List<String> callIds, Map<String, Object> others, int budget) {
        // d ... e around the others, plus "5:calls" and "l...e" for the list
        int used = Bencode.encode(others).length + "5:calls".length() + 2;
        int fit = 0;
        for (String id : callIds) {
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            used += Integer.toString(bytes).length() + 1 + bytes;
            if (used > budget) {
                break;
            }
            fit++;
        }
        return callIds.subList(0, fit);
    }
}
