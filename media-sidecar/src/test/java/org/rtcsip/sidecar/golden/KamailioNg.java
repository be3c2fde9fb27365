package org.rtcsip.sidecar.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds ng request dictionaries the way Kamailio 5.6.3's rtpengine module does (ng-protocol.md §2.2 and §3.1):
 * the flag string of {@code rtpengine_offer("...")} split into {@code flags}, {@code replace}, {@code rtcp-mux},
 * {@code SDES}, {@code codec}, {@code direction}, {@code transport-protocol} and string entries, keys in the
 * module's build order with {@code command} last, numbers given as {@code key=value} sent as strings, and
 * {@code received-from} naming the SIP hop. Checked against the captured dictionaries in
 * {@code KamailioNgTest}.
 */
public final class KamailioNg {
    private static final Set<String> PROFILES = Set.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF",
            "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF");
    private static final List<String> CODEC_OPS = List.of("strip", "offer", "mask", "set", "except");

    private final String command;
    private String sdp;
    private String flagString = "";
    private String callId;
    private String fromTag;
    private String toTag;
    private String viaBranch;
    private String sourceFamily = "IP4";
    private String sourceIp = "127.0.0.1";

    private KamailioNg(String command) {
        this.command = command;
    }

    public static KamailioNg offer(String callId, String fromTag) {
        return new KamailioNg("offer").callId(callId).fromTag(fromTag);
    }

    /** ng-protocol.md §2.3: from-tag is always the offerer, to-tag the answerer. */
    public static KamailioNg answer(String callId, String fromTag, String toTag) {
        return new KamailioNg("answer").callId(callId).fromTag(fromTag).toTag(toTag);
    }

    public static KamailioNg delete(String callId, String fromTag) {
        return new KamailioNg("delete").callId(callId).fromTag(fromTag);
    }

    public static KamailioNg query(String callId, String fromTag) {
        return new KamailioNg("query").callId(callId).fromTag(fromTag);
    }

    public KamailioNg sdp(String body) {
        this.sdp = body;
        return this;
    }

    /** The flag string as written in kamailio.cfg, e.g. {@code "replace-origin SDES-off ICE=remove RTP/AVP"}. */
    public KamailioNg flags(String flags) {
        this.flagString = flags;
        return this;
    }

    public KamailioNg callId(String id) {
        this.callId = id;
        return this;
    }

    public KamailioNg fromTag(String tag) {
        this.fromTag = tag;
        return this;
    }

    public KamailioNg toTag(String tag) {
        this.toTag = tag;
        return this;
    }

    /** The Via branch the module sends with {@code via-branch=1|2|auto}. */
    public KamailioNg viaBranch(String branch) {
        this.viaBranch = branch;
        return this;
    }

    /** Source address of the SIP message (ends up in {@code received-from}). */
    public KamailioNg receivedFrom(String ip) {
        this.sourceIp = ip;
        this.sourceFamily = ip.contains(":") ? "IP6" : "IP4";
        return this;
    }

    public Map<String, Object> build() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("supports", List.of("load limit"));
        if (sdp != null) {
            d.put("sdp", sdp);
        }
        List<String> direction = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> replace = new ArrayList<>();
        Map<String, List<String>> codec = new LinkedHashMap<>();
        List<String> rtcpMux = new ArrayList<>();
        List<String> sdes = new ArrayList<>();
        List<String> t38 = new ArrayList<>();
        String transport = null;
        boolean rtp = false;
        boolean srtp = false;
        boolean avp = false;
        boolean avpf = false;
        for (String token : flagString.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (value != null) {
                switch (key) {
                    case "replace" -> replace.add(value);
                    case "SDES" -> sdes.add(value);
                    case "T.38" -> t38.add(value);
                    case "rtcp-mux" -> rtcpMux.add(value);
                    case "direction" -> direction.add(value);
                    case "TOS", "repacketize" -> d.put(key, Long.parseLong(value));
                    case "delete-delay" -> {
                        d.put("delete delay", Long.parseLong(value));
                        d.put("delete-delay", value);
                    }
                    case "call-id", "from-tag", "to-tag", "via-branch" -> {
                        // identity control: the test names these explicitly
                    }
                    default -> d.put(key, value);
                }
                continue;
            }
            if (token.startsWith("replace-")) {
                replace.add(token.substring(8));
            } else if (token.startsWith("SDES-")) {
                sdes.add(token.substring(5));
            } else if (token.startsWith("T38-") || token.startsWith("T.38-")) {
                t38.add(token.substring(token.indexOf('-') + 1));
            } else if (token.startsWith("rtcp-mux-")) {
                rtcpMux.add(token.substring(9));
            } else if (token.startsWith("transcode-")) {
                codec.computeIfAbsent("transcode", k -> new ArrayList<>()).add(token.substring(10));
            } else if (token.startsWith("codec-transcode-")) {
                codec.computeIfAbsent("transcode", k -> new ArrayList<>()).add(token.substring(16));
            } else if (codecOp(token) != null) {
                String op = codecOp(token);
                codec.computeIfAbsent(op, k -> new ArrayList<>()).add(token.substring(6 + op.length() + 1));
            } else if (token.equals("RTP")) {
                rtp = true;
            } else if (token.equals("SRTP")) {
                srtp = true;
            } else if (token.equals("AVP")) {
                avp = true;
            } else if (token.equals("AVPF")) {
                avpf = true;
            } else if (PROFILES.contains(token)) {
                transport = token;
            } else if (token.equals("internal") || token.equals("external")) {
                direction.add(token);
            } else if (!Set.of("to-tag", "directional", "force-answer").contains(token)) {
                flags.add(token);
            }
        }
        if (transport == null && (rtp || srtp || avp || avpf)) {
            transport = (srtp ? "RTP/SAVP" : "RTP/AVP") + (avpf ? "F" : "");
        }
        putList(d, "direction", direction);
        putList(d, "flags", flags);
        putList(d, "replace", replace);
        if (!codec.isEmpty()) {
            d.put("codec", codec);
        }
        if (transport != null) {
            d.put("transport-protocol", transport);
        }
        putList(d, "rtcp-mux", rtcpMux);
        putList(d, "SDES", sdes);
        putList(d, "T.38", t38);
        d.put("call-id", callId);
        if (viaBranch != null) {
            d.put("via-branch", viaBranch);
        }
        d.put("received-from", List.of(sourceFamily, sourceIp));
        d.put("from-tag", fromTag);
        if (toTag != null) {
            d.put("to-tag", toTag);
        }
        d.put("command", command);
        return d;
    }

    private static String codecOp(String token) {
        for (String op : CODEC_OPS) {
            if (token.startsWith("codec-" + op + "-") && token.length() > 7 + op.length()) {
                return op;
            }
        }
        return null;
    }

    private static void putList(Map<String, Object> d, String key, List<String> values) {
        if (!values.isEmpty()) {
            d.put(key, List.copyOf(values));
        }
    }
}
