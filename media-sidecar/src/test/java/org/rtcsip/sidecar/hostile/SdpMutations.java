package org.rtcsip.sidecar.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Real SDP bodies made hostile, line by line: bytes flipped, lines dropped or repeated, ports no socket has,
 * thousands of m= or a= lines, candidates, fingerprints and crypto lines that are almost right, clock rates that
 * overflow (rtpengine 10.5 aborted on {@code opus/99999999999}), connection addresses that are not addresses.
 */
final class SdpMutations {
    /** One kind of damage, named for the figures. */
    record Mutation(String name, BiFunction<String, Random, String> apply) {
    }

    private static final String[] PORTS = {"0", "1", "65535", "65536", "99999", "-1", "4294967296", "abc", "",
        "6000/1000", "6000/0", "6000/-2", "9/2"};
    private static final String[] CANDIDATES = {
        "a=candidate:1 1 udp 2122260223 127.0.0.1 99999 typ host",
        "a=candidate:1 1 udp 99999999999999 127.0.0.1 6000 typ host",
        "a=candidate:1 1 udp 1 999.1.1.1 6000 typ host",
        "a=candidate:1 1 udp 1 ::ffff:zz 6000 typ host",
        "a=candidate:1 1 udp 1 127.0.0.1 6000",
        "a=candidate:1 1 udp 1 127.0.0.1 6000 typ",
        "a=candidate:1 1 udp 1 127.0.0.1 6000 typ relay raddr 999.0.0.1 rport -5",
        "a=candidate:1 99 udp 1 127.0.0.1 6000 typ host",
        "a=candidate:",
        "a=candidate:1 1 sctp 1 127.0.0.1 6000 typ host generation x",
        "a=candidate:" + "9".repeat(300) + " 1 udp 1 127.0.0.1 6000 typ host",
        "a=candidate:1 1 udp 1 abcd.local 6000 typ host"};
    private static final String[] FINGERPRINTS = {"a=fingerprint:sha-256 ZZ:ZZ", "a=fingerprint:sha-256",
        "a=fingerprint:", "a=fingerprint:md5 00:11", "a=fingerprint:sha-1 " + "AB:".repeat(19) + "A",
        "a=fingerprint:sha-256 " + "00:".repeat(4000) + "00", "a=fingerprint:sha-512 00", "a=fingerprint:SHA-256 :::"};
    private static final String[] CRYPTOS = {"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:short",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:!!!!notbase64!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "a=crypto:99999999999 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
        "a=crypto:1 NO_SUCH_SUITE inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^99|1:4",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|0|999:999",
        "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80", "a=crypto:", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
            + "A".repeat(5000)};
    private static final String[] RTPMAPS = {"a=rtpmap:111 opus/99999999999/2", "a=rtpmap:111 opus/0/2",
        "a=rtpmap:111 opus/-8000", "a=rtpmap:111 opus/48000/99999999999", "a=rtpmap:0 PCMU", "a=rtpmap:999 x/8000",
        "a=rtpmap:-1 PCMU/8000", "a=rtpmap:111", "a=fmtp:111 maxplaybackrate=99999999999;useinbandfec=2",
        "a=fmtp:111 " + ";".repeat(3000), "a=ptime:0", "a=ptime:99999999999", "a=ptime:-20", "a=maxptime:abc",
        "a=rtcp:99999", "a=rtcp:0 IN IP4 999.1.1.1", "a=ssrc:99999999999 cname:x", "a=mid:" + "m".repeat(500),
        "a=setup:sideways", "a=ice-ufrag:", "a=ice-pwd:" + "\u00e9".repeat(40), "a=rtcp-fb:* nack pli",
        "a=extmap:99999 urn:x", "a=sendonly", "a=inactive"};
    private static final String[] CONNECTIONS = {"c=IN IP4 999.999.999.999", "c=IN IP6 ::ffff:zz", "c=IN IP4",
        "c=IN IP9 127.0.0.1", "c=IN IP4 0.0.0.0", "c=IN IP4 224.2.1.1/127/3", "c=IN IP4 host.invalid",
        "c=IN IP6 ::1", "c=" + "x".repeat(1000)};

    static final List<Mutation> ALL = List.of(
            new Mutation("byte-flips", SdpMutations::byteFlips),
            new Mutation("dropped-lines", SdpMutations::droppedLines),
            new Mutation("duplicated-lines", SdpMutations::duplicatedLines),
            new Mutation("absurd-ports", SdpMutations::absurdPorts),
            new Mutation("thousands-of-m-lines", SdpMutations::manyMediaLines),
            new Mutation("thousands-of-a-lines", SdpMutations::manyAttributes),
            new Mutation("malformed-candidates", (s, r) -> inMedia(s, r, CANDIDATES)),
            new Mutation("malformed-fingerprints", (s, r) -> replacing(s, r, "a=fingerprint:", FINGERPRINTS)),
            new Mutation("malformed-crypto", (s, r) -> replacing(s, r, "a=crypto:", CRYPTOS)),
            new Mutation("odd-rtpmap-fmtp-ptime", (s, r) -> inMedia(s, r, RTPMAPS)),
            new Mutation("odd-connection", (s, r) -> replacing(s, r, "c=", CONNECTIONS)),
            new Mutation("line-endings", SdpMutations::lineEndings));

    private SdpMutations() {
    }

    private static List<String> lines(String sdp) {
        return new ArrayList<>(Arrays.asList(sdp.split("\r\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\r\n", lines);
    }

    private static String byteFlips(String sdp, Random random) {
        byte[] b = sdp.getBytes(StandardCharsets.UTF_8);
        return new String(BencodeMutations.flipped(b, random), StandardCharsets.ISO_8859_1);
    }

    private static String droppedLines(String sdp, Random random) {
        List<String> lines = lines(sdp);
        int drops = 1 + random.nextInt(4);
        for (int i = 0; i < drops && lines.size() > 1; i++) {
            lines.remove(random.nextInt(lines.size() - 1));
        }
        return join(lines);
    }

    private static String duplicatedLines(String sdp, Random random) {
        List<String> lines = lines(sdp);
        int copies = 1 + random.nextInt(random.nextInt(10) == 0 ? 500 : 4);
        int at = random.nextInt(Math.max(1, lines.size() - 1));
        for (int i = 0; i < copies; i++) {
            lines.add(at, lines.get(at));
        }
        return join(lines);
    }

    private static String absurdPorts(String sdp, Random random) {
        List<String> lines = lines(sdp);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("m=")) {
                String[] f = l.split(" ", 3);
                if (f.length == 3) {
                    lines.set(i, f[0] + " " + PORTS[random.nextInt(PORTS.length)] + " " + f[2]);
                }
            }
        }
        return join(lines);
    }

    private static String manyMediaLines(String sdp, Random random) {
        int n = new int[] {17, 100, 2000, 5000}[random.nextInt(4)];
        StringBuilder b = new StringBuilder(sdp.endsWith("\r\n") ? sdp : sdp + "\r\n");
        for (int i = 0; i < n; i++) {
            b.append("m=audio ").append(6000 + 2 * i).append(" RTP/AVP 0\r\n");
        }
        return b.toString();
    }

    private static String manyAttributes(String sdp, Random random) {
        int n = new int[] {257, 1000, 3000, 10_000}[random.nextInt(4)];
        String a = random.nextBoolean() ? "a=x\r\n" : "a=rtpmap:0 PCMU/8000\r\n";
        return (sdp.endsWith("\r\n") ? sdp : sdp + "\r\n") + a.repeat(n);
    }

    /** One of {@code lines} appended to a random media section (or the session, when there is none). */
    private static String inMedia(String sdp, Random random, String[] choices) {
        List<String> lines = lines(sdp);
        List<Integer> media = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("m=")) {
                media.add(i);
            }
        }
        int at = media.isEmpty() ? Math.max(0, lines.size() - 1) : media.get(random.nextInt(media.size())) + 1;
        int count = random.nextInt(8) == 0 ? 300 : 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            lines.add(Math.min(at, lines.size()), choices[random.nextInt(choices.length)]);
        }
        return join(lines);
    }

    /** Lines starting {@code prefix} replaced by one of {@code choices}; added to a media section if none. */
    private static String replacing(String sdp, Random random, String prefix, String[] choices) {
        List<String> lines = lines(sdp);
        boolean any = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                lines.set(i, choices[random.nextInt(choices.length)]);
                any = true;
            }
        }
        return any ? join(lines) : inMedia(sdp, random, choices);
    }

    private static String lineEndings(String sdp, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> sdp.replace("\r\n", "\n");
            case 1 -> sdp.replace("\r\n", "\r");
            case 2 -> sdp.replace("\r\n", "\r\n\r\n");
            default -> sdp.replace("\r\n", "\u0000\r\n");
        };
    }
}
