package org.rtcsip.sidecar.ng;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.rtcsip.sidecar.session.IpLiteral;
import org.rtcsip.sidecar.session.MediaOptions;
import org.rtcsip.sidecar.session.SignallingException;

/**
 * Turns the keys of an offer/answer dictionary into {@link MediaOptions}, including the prefixed words Kamailio
 * 5.6 leaves inside {@code flags} (ng-protocol.md §3.1: {@code codec-mask-opus}, {@code SDES-off},
 * {@code replace-origin}, {@code rtcp-mux-demux}...). Unknown flags are kept and ignored, never an error.
 */
final class MediaOptionsReader {
    private static final List<String> CODEC_OPS = List.of("strip", "offer", "transcode", "mask", "set", "except",
            "accept", "consume", "ignore");

    private MediaOptionsReader() {
    }

    static MediaOptions read(NgRequest req) throws NgException {
        Set<String> replace = normalizedSet(req.strings("replace"));
        Set<String> sdes = normalizedSet(req.strings("SDES"));
        Set<String> rtcpMux = normalizedSet(req.strings("rtcp-mux"));
        Map<String, List<String>> codec = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : req.dictionaryOfLists("codec").entrySet()) {
            codec.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String raw : req.strings("flags")) {
            String f = NgRequest.normalize(raw);
            if (f.startsWith("codec-") && codecOp(f.substring(6)) != null) {
                String op = codecOp(f.substring(6));
                codec.computeIfAbsent(op, k -> new ArrayList<>()).add(raw.substring(6 + op.length() + 1));
            } else if (f.startsWith("transcode-")) {
                codec.computeIfAbsent("transcode", k -> new ArrayList<>()).add(raw.substring("transcode-".length()));
            } else if (f.startsWith("sdes-")) {
                sdes.add(f.substring(5));
            } else if (f.startsWith("replace-")) {
                replace.add(f.substring(8));
            } else if (f.startsWith("rtcp-mux-")) {
                rtcpMux.add(f.substring(9));
            } else {
                flags.add(f);
            }
        }
        String transport = req.string("transport-protocol");
        InetAddress mediaAddress = address(req.string("media-address"), "media-address");
        List<String> receivedFrom = req.strings("received-from");
        InetAddress receivedFromAddress = receivedFrom.size() == 2
                ? address(receivedFrom.get(1), "received-from") : null;
        String family = req.string("address-family");
        if (family != null && !family.equalsIgnoreCase("IP4") && !family.equalsIgnoreCase("IP6")) {
            throw new NgException("Invalid address-family '" + family + "'");
        }
        String iceLite = lower(req.string("ICE-lite"));
        if (iceLite != null && !List.of("forward", "backward", "both", "off").contains(iceLite)) {
            throw new NgException("Invalid ICE-lite '" + req.string("ICE-lite") + "' (forward, backward, both, off)");
        }
        return new MediaOptions(replace, transport == null ? null : transport.toUpperCase(Locale.ROOT), sdes,
                rtcpMux, req.strings("direction"), family == null ? null : family.toUpperCase(Locale.ROOT),
                mediaAddress, receivedFromAddress, lower(req.string("ICE")), lower(req.string("DTLS")), flags,
                codec, req.identifier("label"), iceLite);
    }

    private static String codecOp(String rest) {
        for (String op : CODEC_OPS) {
            if (rest.startsWith(op + "-") && rest.length() > op.length() + 1) {
                return op;
            }
        }
        return null;
    }

    private static Set<String> normalizedSet(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            out.add(NgRequest.normalize(v));
        }
        return out;
    }

    private static InetAddress address(String text, String key) throws NgException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return IpLiteral.parse(text);
        } catch (SignallingException e) {
            throw new NgException("Invalid " + key + " '" + text + "'");
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
