package org.rtcsip.sidecar.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionDescriptionTest {
    static final String SIPP_OFFER = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    static Stream<Path> capturedSdps() throws IOException, URISyntaxException {
        Path dir = Path.of(SessionDescriptionTest.class.getResource("/sdp").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".sdp")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturedSdps")
    void realCapturesRoundTripByteForByte(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SessionDescription sdp = SessionDescription.parse(text);
        assertEquals(text, sdp.write());
        assertEquals(text, sdp.copy().write(), "a copy writes the same");
        assertFalse(sdp.media().isEmpty());
    }

    @Test
    void capturesFromEveryNamedSourceArePresent() throws Exception {
        List<String> names = capturedSdps().map(p -> p.getFileName().toString()).toList();
        for (String source : List.of("chromium", "firefox", "jssip", "sipp", "asterisk")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(source)), "no capture from " + source + ": " + names);
        }
    }

    @Test
    void readsMediaAndAttributes() throws Exception {
        SessionDescription sdp = SessionDescription.parse(SIPP_OFFER);
        MediaDescription m = sdp.media().get(0);
        assertEquals("audio", m.media());
        assertEquals(6000, m.port());
        assertEquals("RTP/AVP", m.protocol());
        assertEquals(List.of("0"), m.formats());
        assertEquals("PCMU/8000", m.rtpMap("0").codecName());
        assertEquals("127.0.0.1", sdp.connection().address());
        assertEquals("sendrecv", m.direction(sdp));
        assertEquals("2353687637", sdp.origin().sessionVersion());
    }

    @Test
    void editsTouchOnlyWhatChanged() throws Exception {
        SessionDescription sdp = SessionDescription.parse(SIPP_OFFER);
        MediaDescription m = sdp.media().get(0);
        m.setPort(30000);
        m.setConnection(Connection.of("192.0.2.7", false));
        m.addAttribute("rtcp", "30001");
        assertEquals("v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\nc=IN IP4 192.0.2.7\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtcp:30001\r\n", sdp.write());
    }

    @Test
    void unknownAttributesSurvive() throws Exception {
        String text = SIPP_OFFER + "a=x-vendor-thing:42 foo\r\na=another\r\n";
        SessionDescription sdp = SessionDescription.parse(text);
        assertNotNull(sdp.media().get(0).attribute("x-vendor-thing"));
        assertEquals(text, sdp.write());
    }

    @Test
    void keepsLfLineEndingsAndAMissingFinalNewline() throws Exception {
        String lf = SIPP_OFFER.replace("\r\n", "\n");
        assertEquals(lf, SessionDescription.parse(lf).write());
        String unterminated = SIPP_OFFER.substring(0, SIPP_OFFER.length() - 2);
        assertEquals(unterminated, SessionDescription.parse(unterminated).write());
    }

    static Stream<Arguments> malformed() {
        String head = "v=0\r\no=- 1 1 IN IP4 h\r\n";
        return Stream.of(
                Arguments.of("empty", "", "empty SDP"),
                Arguments.of("no version", "s=-\r\n", "SDP must start with v=0"),
                Arguments.of("wrong version", "v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n", "SDP must start with v=0"),
                Arguments.of("no equals", "v=0\r\nhello\r\n", "line 2 is not <type>=<value>: \"hello\""),
                Arguments.of("upper-case type", "v=0\r\nO=x\r\n", "line 2 has an invalid type 'O'"),
                Arguments.of("no origin", "v=0\r\ns=-\r\n", "SDP has no o= line"),
                Arguments.of("short origin", "v=0\r\no=- 1 IN IP4\r\n", "o= needs 6 fields, got \"- 1 IN IP4\""),
                Arguments.of("bad c= type", head + "c=IN IPX 1.2.3.4\r\n", "c= address type \"IPX\" is not IP4 or IP6"),
                Arguments.of("short c=", head + "c=IN IP4\r\n", "c= needs 3 fields, got \"IN IP4\""),
                Arguments.of("m= without format", head + "m=audio 9 RTP/AVP\r\n",
                        "m= needs media, port, proto and at least one format: \"audio 9 RTP/AVP\""),
                Arguments.of("m= port text", head + "m=audio x RTP/AVP 0\r\n", "m= port \"x\" is not a number"),
                Arguments.of("m= port range", head + "m=audio 70000 RTP/AVP 0\r\n", "m= port 70000 is out of range"),
                Arguments.of("empty line inside", "v=0\r\n\r\no=- 1 1 IN IP4 h\r\n", "line 2 is empty"),
                Arguments.of("o= in media", head + "m=audio 9 RTP/AVP 0\r\no=- 1 1 IN IP4 h\r\n",
                        "o= inside a media section (line 4)"),
                Arguments.of("NUL byte", "v=0\r\no=- 1 1 IN IP4 h\0\r\n", "line 2 contains a control character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedSdpGetsAReason(String what, String text, String reason) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(text));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void refusesHugeBodies() {
        String huge = SIPP_OFFER + ("a=x:" + "y".repeat(100) + "\r\n").repeat(700);
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(huge));
    }

    @Test
    void mutatedInputOnlyEverThrowsSdpParseException() throws Exception {
        Random rnd = new Random(8866);
        List<String> seeds = capturedSdps().map(p -> {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        for (int i = 0; i < 20_000; i++) {
            char[] c = seeds.get(i % seeds.size()).toCharArray();
            for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                c[rnd.nextInt(c.length)] = (char) rnd.nextInt(128);
            }
            String mutated = new String(c);
            try {
                SessionDescription sdp = SessionDescription.parse(mutated);
                boolean mixedLineEndings = mutated.contains("\r\n") && mutated.replace("\r\n", "").contains("\n");
                if (!mixedLineEndings) {
                    assertEquals(mutated, sdp.write());
                }
            } catch (SdpParseException expected) {
                // the only failure allowed
            }
        }
    }
}
