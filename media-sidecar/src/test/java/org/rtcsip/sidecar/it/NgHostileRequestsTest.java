package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.Bencode;

/**
 * Hostile ng requests against the sidecar process, through its ng socket and /metrics (issue 12): what a client
 * sends must not grow the process's state, and every request gets an answer it can match.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NgHostileRequestsTest {
    private static SidecarProcess sidecar;

    @BeforeAll
    static void start() {
        sidecar = SidecarProcess.start(Network.host(), "hostile-ng", "--codec-warmup=0");
    }

    @AfterAll
    static void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void madeUpCommandNamesShareOneBoundedMetricLabel() throws Exception {
        int names = 2000;
        double unknownBefore = count("unknown", "error");
        try (NgClient ng = sidecar.ngClient()) {
            for (int i = 0; i < names; i++) {
                assertEquals("Unrecognized command", ng.exchange(dict("command", "made-up-" + i)).get("error-reason"));
            }
            // a NUL used to end up inside the label text and shift into the result label
            ng.exchange(dict("command", "x\u0000y"));
            ng.exchange(dict("command", "ping"));
        }
        String metrics = sidecar.get("/metrics").body();
        List<String> series = Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith("sidecar_ng_requests_total"))
                .toList();
        assertEquals(unknownBefore + names + 1, count("unknown", "error"), String.join("\n", series));
        assertTrue(count("ping", "pong") >= 1);
        assertTrue(series.size() <= 10, "a handful of series, not one per name: " + series.size());
        assertFalse(metrics.contains("\u0000"), "no NUL in the exposition");
        assertFalse(metrics.contains("made-up"), "no client-chosen text in a label");
    }

    private static double count(String command, String result) throws Exception {
        double n = sidecar.metric("sidecar_ng_requests_total{command=\"" + command + "\",result=\"" + result + "\"}");
        return Double.isNaN(n) ? 0 : n;
    }

    @Test
    void aCookieThatIsNotUtf8ComesBackByteForByte() throws Exception {
        byte[][] cookies = {{(byte) 0xff, (byte) 0xfe, '1'}, {'a', 'b', (byte) 0x80, 'c'}, {(byte) 0xc3, (byte) 0xa9}};
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(3000);
            for (byte[] cookie : cookies) {
                byte[] request = concat(cookie, " d7:command4:pinge".getBytes(StandardCharsets.US_ASCII));
                byte[] expected = concat(cookie, " d6:result4:ponge".getBytes(StandardCharsets.US_ASCII));
                for (int copy = 0; copy < 2; copy++) { // the second is a retransmission: the cached reply
                    socket.send(new DatagramPacket(request, request.length, sidecar.ngAddress()));
                    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                    socket.receive(reply);
                    assertArrayEquals(expected, Arrays.copyOf(reply.getData(), reply.getLength()),
                            HexFormat.of().formatHex(cookie) + " copy " + copy);
                }
            }
        }
    }

    /**
     * A call under a 60 KB call-id could be made but never listed (a list reply is one datagram), nor its ports
     * found again by name: identifiers beyond 1024 bytes are refused, up to that they work.
     */
    @Test
    void identifiersLongerThanAKilobyteAreRefusedAndTakeNothing() throws Exception {
        try (NgClient ng = sidecar.ngClient()) {
            String kilobyte = "k".repeat(1024);
            assertEquals("ok", ng.exchange(dict("command", "offer", "call-id", kilobyte, "from-tag", kilobyte,
                    "sdp", PlainSdp.audio(6000, 1))).get("result"));
            assertEquals("ok", ng.exchange(dict("command", "delete", "call-id", kilobyte)).get("result"));
            double ports = sidecar.metric("sidecar_ports_in_use");
            assertEquals("Invalid value for 'call-id': 60000 bytes, at most 1024", ng.exchange(dict("command",
                    "offer", "call-id", "c".repeat(60_000), "from-tag", "a", "sdp", PlainSdp.audio(6000, 1)))
                    .get("error-reason"));
            assertEquals("Invalid value for 'from-tag': 1025 bytes, at most 1024", ng.exchange(dict("command",
                    "offer", "call-id", "long-tag", "from-tag", "t".repeat(1025), "sdp", PlainSdp.audio(6000, 1)))
                    .get("error-reason"));
            assertEquals(ports, sidecar.metric("sidecar_ports_in_use"), "nothing taken");
        }
    }

    /** The kernel's default receive buffer held 3 of them: 13 of 16 were dropped before the sidecar saw them. */
    @Test
    void sixteenRequestsOfSixtyKilobytesSentAtOnceAreAllAnswered() throws Exception {
        int burst = 16;
        byte[] body = Bencode.encode(dict("command", "ping", "pad", "x".repeat(60_000)));
        Set<String> answered = new HashSet<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setReceiveBufferSize(4 << 20);
            for (int i = 0; i < burst; i++) {
                byte[] request = concat(("burst-" + i + " ").getBytes(StandardCharsets.US_ASCII), body);
                socket.send(new DatagramPacket(request, request.length, sidecar.ngAddress()));
            }
            socket.setSoTimeout(3000);
            try {
                while (answered.size() < burst) {
                    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                    socket.receive(reply);
                    String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (text.endsWith(" d6:result4:ponge")) {
                        answered.add(text.substring(0, text.indexOf(' ')));
                    }
                }
            } catch (SocketTimeoutException e) {
                // counted below
            }
        }
        assertEquals(burst, answered.size(), "answered: " + answered);
        assertTrue(sidecar.logText().contains("ng socket /127.0.0.1:" + sidecar.ngAddress().getPort()
                + ": receive buffer "), sidecar.logTail(30));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Requests that used to answer {@code Internal error: java.lang.IllegalArgumentException: ice-ufrag has
     * character ':' outside ice-char ...} or {@code Internal error: java.lang.NullPointerException}. Whether the
     * session code refuses them with a reason of its own or fails on them, no Java text may reach the client; each
     * {@code Internal error} is counted once and logged once with its call-id.
     */
    @Test
    void javaExceptionTextNeverReachesTheClient() throws Exception {
        String chromium = Files.readString(Path.of(getClass().getResource("/sdp/chromium156-offer-audio.sdp")
                .toURI()), StandardCharsets.UTF_8).replace("\n", "\r\n").replace("\r\r\n", "\r\n");
        Map<String, String> offers = new LinkedHashMap<>();
        offers.put("ufrag-colon", chromium.replace("a=ice-ufrag:jnTB", "a=ice-ufrag:jn:B"));
        offers.put("ufrag-space", chromium.replace("a=ice-ufrag:jnTB", "a=ice-ufrag:jn B"));
        offers.put("ufrag-accent", chromium.replace("a=ice-ufrag:jnTB", "a=ice-ufrag:jn\u00e9B"));
        offers.put("ufrag-300", chromium.replace("a=ice-ufrag:jnTB", "a=ice-ufrag:" + "x".repeat(300)));
        offers.put("pwd-accent", chromium.replace("a=ice-pwd:A4WY", "a=ice-pwd:A4\u00e9Y"));
        double internalBefore = internalErrors("ng");
        List<String> internal = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (NgClient ng = sidecar.ngClient()) {
            for (Map.Entry<String, String> offer : offers.entrySet()) {
                Map<String, Object> reply = ng.exchange(dict("command", "offer", "call-id", offer.getKey(),
                        "from-tag", "browser", "sdp", offer.getValue(), "ICE", "force", "DTLS", "passive"));
                note(offer.getKey(), reply, internal, reasons);
            }
            // an answer whose m= line has no usable payload type, then a query of that call
            assertEquals("ok", ng.exchange(dict("command", "offer", "call-id", "pt-abc", "from-tag", "alice",
                    "sdp", PlainSdp.audio(6000, 1))).get("result"));
            note("pt-abc", ng.exchange(dict("command", "answer", "call-id", "pt-abc", "from-tag", "alice", "to-tag",
                    "bob", "sdp", PlainSdp.audio(8000, 1).replace("RTP/AVP 0 8", "RTP/AVP abc"))), internal, reasons);
            note("pt-abc", ng.exchange(dict("command", "query", "call-id", "pt-abc")), internal, reasons);
            note("pt-abc", ng.exchange(dict("command", "delete", "call-id", "pt-abc", "from-tag", "alice")),
                    internal, reasons);
            assertEquals("pong", ng.exchange(dict("command", "ping")).get("result"));
        }
        for (String reason : reasons) {
            assertFalse(reason.contains("java.") || reason.contains("Exception") || reason.startsWith("Internal error:"),
                    "Java text in error-reason: " + reason);
        }
        assertEquals(internalBefore + internal.size(), internalErrors("ng"), "each Internal error counted: " + internal);
        String log = sidecar.logText();
        for (String callId : internal) {
            assertTrue(Pattern.compile("\\[NgCommands] \\[" + callId + "] ng [a-z]+ failed on an internal error")
                    .matcher(log).find(), "one line with the call-id: " + callId);
        }
        assertEquals(internalErrors("ng"), Pattern.compile("failed on an internal error").matcher(log).results()
                .count(), "logged once each");
        System.out.println("[hostile-ng] " + internal.size() + " requests answered 'Internal error' " + internal
                + "; reasons: " + reasons);
    }

    private static void note(String callId, Map<String, Object> reply, List<String> internal, List<String> reasons) {
        Object reason = reply.get("error-reason");
        if (reason != null) {
            reasons.add(callId + ": " + reason);
            if ("Internal error".equals(reason)) {
                internal.add(callId);
            }
        }
    }

    private static double internalErrors(String where) throws Exception {
        return sidecar.metric("sidecar_internal_errors_total{where=\"" + where + "\"}");
    }
}
