package org.rtcsip.ngwire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ng request dictionary the way Kamailio 5.6.3's rtpengine module does from a kamailio.cfg flag string
 * (ng-protocol.md §2.2 key order, §3.1 token rules): {@code supports}, {@code sdp}, key=value flags in flag order,
 * {@code direction}, {@code flags}, {@code replace}, {@code codec}, {@code transport-protocol}, {@code rtcp-mux},
 * {@code SDES}, {@code T.38}, {@code call-id}, {@code via-branch}, {@code received-from}, {@code from-tag},
 * {@code to-tag}, {@code command}. Numbers given as {@code key=value} go as integers, other values as strings;
 * empty lists and dictionaries are left out, as the module does. Checked byte for byte against captured requests.
 */
public final class KamailioRequest {
    private static final Set<String> PROTOCOLS = Set.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF",
            "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF");
    private static final List<String> CODEC_OPS = List.of("strip", "offer", "transcode", "mask", "set", "except");

    private final String command;
    private String sdp;
    private String flags = "";
    private String callId;
    private String fromTag;
    private String toTag;
    private String viaBranch;
    private String sipSourceIp = "127.0.0.1";

    private KamailioRequest(String command, String callId, String fromTag, String toTag) {
        this.command = command;
        this.callId = callId;
        this.fromTag = fromTag;
        this.toTag = toTag;
    }

    public static KamailioRequest offer(String callId, String fromTag) {
        return new KamailioRequest("offer", callId, fromTag, null);
    }

    /** ng-protocol.md §2.3: from-tag is always the offerer's, to-tag the answerer's. */
    public static KamailioRequest answer(String callId, String fromTag, String toTag) {
        return new KamailioRequest("answer", callId, fromTag, toTag);
    }

    public static KamailioRequest delete(String callId, String fromTag) {
        return new KamailioRequest("delete", callId, fromTag, null);
    }

    public static KamailioRequest query(String callId, String fromTag) {
        return new KamailioRequest("query", callId, fromTag, null);
    }

    /**
     * One request as the module sends it, in one call.
     *
     * @param flags the flag string of {@code rtpengine_offer("...")} and friends; may be empty
     * @param sdp the message body, or null for commands without one
     * @param toTag null when the message has none (offers; deletes without the {@code to-tag} flag)
     * @param sipSourceIp the source address of the SIP message, sent as {@code received-from}
     * @throws IllegalArgumentException for a flag the module itself would refuse (a number flag that is not one)
     */
    public static Map<String, Object> build(String command, String flags, String sdp, String callId, String fromTag,
            String toTag, String sipSourceIp) {
        return new KamailioRequest(command, callId, fromTag, toTag).flags(flags).sdp(sdp).receivedFrom(sipSourceIp)
                .build();
    }

    public KamailioRequest sdp(String body) {
        this.sdp = body;
        return this;
    }

    /** The flag string as written in kamailio.cfg, e.g. {@code "replace-origin SDES-off ICE=remove RTP/AVP"}. */
    public KamailioRequest flags(String flagString) {
        this.flags = flagString == null ? "" : flagString;
        return this;
    }

    /** The To tag of the SIP message: an in-dialog re-offer from the callee carries the caller's tag here. */
    public KamailioRequest toTag(String tag) {
        this.toTag = tag;
        return this;
    }

    /** The Via branch the module sends with {@code via-branch=1|2|auto}; sent whenever set. */
    public KamailioRequest viaBranch(String branch) {
        this.viaBranch = branch;
        return this;
    }

    /** Source address of the SIP message (sent as {@code received-from}, IP4 or IP6 by its form). */
    public KamailioRequest receivedFrom(String ip) {
        this.sipSourceIp = ip;
        return this;
    }

    /**
     * The dictionary, keys in the module's order.
     *
     * @throws IllegalArgumentException for a flag the module itself would refuse (a number flag that is not one)
     */
    public Map<String, Object> build() {
        Map<String, Object> keyValues = new LinkedHashMap<>();
        List<Object> direction = new ArrayList<>();
        List<Object> bareFlags = new ArrayList<>();
        List<Object> replace = new ArrayList<>();
        Map<String, List<Object>> codec = new LinkedHashMap<>();
        List<Object> rtcpMux = new ArrayList<>();
        List<Object> sdes = new ArrayList<>();
        List<Object> t38 = new ArrayList<>();
        String protocol = null;
        boolean rtp = false;
        boolean srtp = false;
        boolean avpf = false;
        boolean dtls = false;
        String id = callId;
        String from = fromTag;
        String to = toTag;
        String branch = viaBranch;

        for (String token : flags.trim().isEmpty() ? new String[0] : flags.trim().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            int eq = token.indexOf('=');
            String key = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? null : token.substring(eq + 1);
            String codecOp = codecOperation(lower);
            if (lower.startsWith("replace-") || lower.startsWith("replace=")) {
                replace.add(token.substring("replace-".length()));
            } else if (lower.startsWith("sdes-") || lower.startsWith("sdes=")) {
                sdes.add(token.substring("SDES-".length()));
            } else if (lower.startsWith("t38-") || lower.startsWith("t.38-") || lower.startsWith("t.38=")) {
                t38.add(token.substring(lower.startsWith("t38-") ? "T38-".length() : "T.38-".length()));
            } else if (lower.startsWith("rtcp-mux-") || lower.startsWith("rtcp-mux=")) {
                rtcpMux.add(token.substring("rtcp-mux-".length()));
            } else if (codecOp != null) {
                codec.computeIfAbsent(codecOp, k -> new ArrayList<>())
                        .add(token.substring(lower.indexOf(codecOp) + codecOp.length() + 1));
            } else if (token.equals("RTP") || token.equals("AVP")) {
                rtp = true;
            } else if (token.equals("SRTP")) {
                srtp = true;
            } else if (token.equals("AVPF")) {
                avpf = true;
            } else if (token.equals("DTLS")) {
                dtls = true;
            } else if (PROTOCOLS.contains(token)) {
                protocol = token;
            } else if (token.equals("internal") || token.equals("external")) {
                direction.add(token);
            } else if (key.equals("direction")) {
                direction.add(value);
            } else if (key.equals("TOS") || key.equals("repacketize")) {
                keyValues.put(key, number(token, value));
            } else if (key.equals("delete-delay")) {
                long delay = number(token, value);
                keyValues.put("delete delay", delay);
                keyValues.put("delete-delay", value);
            } else if (key.equals("call-id") && value != null) {
                id = value;
            } else if (key.equals("from-tag") && value != null) {
                from = value;
            } else if (key.equals("to-tag")) {
                to = value != null ? value : to;
            } else if (key.equals("via-branch")) {
                // Kamailio sends the Via branch it picks; without a SIP message, one is made up per call.
                branch = branch != null ? branch : "z9hG4bK" + Integer.toHexString(id.hashCode());
            } else if (token.equals("directional") || token.equals("force-answer")) {
                // identity control only: nothing goes on the wire
            } else if (eq > 0) {
                keyValues.put(key, value);
            } else {
                bareFlags.add(token);
            }
        }
        if (protocol == null && (rtp || srtp || avpf || dtls)) {
            protocol = (dtls ? "UDP/TLS/" : "") + "RTP/" + (srtp ? "S" : "") + (avpf ? "AVPF" : "AVP");
        }

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("supports", List.of("load limit"));
        if (sdp != null) {
            d.put("sdp", sdp);
        }
        d.putAll(keyValues);
        putList(d, "direction", direction);
        putList(d, "flags", bareFlags);
        putList(d, "replace", replace);
        if (!codec.isEmpty()) {
            d.put("codec", codec);
        }
        if (protocol != null) {
            d.put("transport-protocol", protocol);
        }
        putList(d, "rtcp-mux", rtcpMux);
        putList(d, "SDES", sdes);
        putList(d, "T.38", t38);
        d.put("call-id", id);
        if (branch != null) {
            d.put("via-branch", branch);
        }
        d.put("received-from", List.of(sipSourceIp.contains(":") ? "IP6" : "IP4", sipSourceIp));
        d.put("from-tag", from);
        if (to != null) {
            d.put("to-tag", to);
        }
        d.put("command", command);
        return d;
    }

    /** {@code codec-mask-X}: "mask"; {@code transcode-X} and {@code codec-transcode-X}: "transcode"; else null. */
    private static String codecOperation(String lowerToken) {
        if (lowerToken.startsWith("transcode-")) {
            return "transcode";
        }
        for (String op : CODEC_OPS) {
            if (lowerToken.startsWith("codec-" + op + "-")) {
                return op;
            }
        }
        return null;
    }

    private static long number(String token, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("flag " + token + " needs a whole number");
        }
    }

    private static void putList(Map<String, Object> d, String key, List<Object> list) {
        if (!list.isEmpty()) {
            d.put(key, list);
        }
    }
}
