package org.rtcsip.sidecar.session;

import java.util.List;
import java.util.Map;

/**
 * The ng {@code codec} dictionary of one offer or answer (ng-protocol.md §3.2), with rtpengine's meanings:
 * strip = never offered onward nor accepted from the sender; mask = not offered onward but accepted from the
 * sender (we transcode); transcode = add if missing; offer = keep and put first; except = keep despite
 * {@code all}; accept = answer it to the offerer even if the answerer refused it.
 */
record CodecOperations(List<String> strip, List<String> mask, List<String> transcode, List<String> offer,
                       List<String> except, List<String> accept, boolean alwaysTranscode) {

    static CodecOperations from(MediaOptions opts) {
        Map<String, List<String>> c = opts.codec();
        return new CodecOperations(c.getOrDefault("strip", List.of()), c.getOrDefault("mask", List.of()),
                c.getOrDefault("transcode", List.of()), c.getOrDefault("offer", List.of()),
                c.getOrDefault("except", List.of()), c.getOrDefault("accept", List.of()),
                opts.flag("always-transcode"));
    }

    boolean stripped(PayloadFormat f) {
        return listed(strip, f) && !listed(except, f);
    }

    boolean masked(PayloadFormat f) {
        return listed(mask, f) && !listed(except, f);
    }

    static boolean listed(List<String> names, PayloadFormat f) {
        for (String n : names) {
            if (n.equalsIgnoreCase("all") || f.matches(n)) {
                return true;
            }
        }
        return false;
    }
}
