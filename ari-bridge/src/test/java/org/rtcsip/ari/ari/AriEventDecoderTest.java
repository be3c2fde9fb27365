package org.rtcsip.ari.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Events as Asterisk 22.10.1 sent them in this project's tests (copied from its events WebSocket). */
class AriEventDecoderTest {
    private final AriEventDecoder decoder = new AriEventDecoder();

    @Test
    void stasisStartOfAnExternalMediaChannel() throws Exception {
        AriEvent e = decoder.decode("{\"type\":\"StasisStart\",\"timestamp\":\"2026-12-06T06:35:04.339+0000\","
                + "\"args\":[\"media\",\"call1\",\"caller\"],\"channel\":{\"id\":\"em-test-1\",\"name\":"
                + "\"WebSocket/INCOMING/0x7fb1440035a0\",\"state\":\"Up\",\"protocol_id\":\"\",\"caller\":{\"name\":"
                + "\"\",\"number\":\"\"},\"connected\":{\"name\":\"\",\"number\":\"\"},\"accountcode\":\"\","
                + "\"dialplan\":{\"context\":\"default\",\"exten\":\"s\",\"priority\":1,\"app_name\":\"AppDial2\","
                + "\"app_data\":\"(Outgoing Line)\"},\"creationtime\":\"2026-12-06T06:35:02.331+0000\","
                + "\"language\":\"en\"},\"asterisk_id\":\"00:00:00:00:00:00\",\"application\":\"probe\"}");
        AriEvent.StasisStart s = assertInstanceOf(AriEvent.StasisStart.class, e);
        assertEquals(List.of("media", "call1", "caller"), s.argList());
        assertEquals("em-test-1", s.channel().id());
        assertTrue(s.channel().isUp());
    }

    @Test
    void dialStatusAndCauses() throws Exception {
        AriEvent.Dial d = assertInstanceOf(AriEvent.Dial.class, decoder.decode("{\"type\":\"Dial\",\"dialstatus\":"
                + "\"BUSY\",\"peer\":{\"id\":\"1796538867.10\",\"name\":\"Local/busy@test-media-00000005;1\","
                + "\"state\":\"Down\"},\"application\":\"probe\"}"));
        assertEquals("BUSY", d.dialStatus());
        AriEvent.ChannelDestroyed x = assertInstanceOf(AriEvent.ChannelDestroyed.class, decoder.decode(
                "{\"type\":\"ChannelDestroyed\",\"cause\":17,\"cause_txt\":\"User busy\",\"channel\":{\"id\":\"a\"}}"));
        assertEquals(17, x.cause());
        AriEvent.ChannelHangupRequest h = assertInstanceOf(AriEvent.ChannelHangupRequest.class, decoder.decode(
                "{\"type\":\"ChannelHangupRequest\",\"soft\":true,\"cause\":32,\"channel\":{\"id\":\"a\"}}"));
        assertTrue(h.soft());
        AriEvent.ChannelDtmfReceived t = assertInstanceOf(AriEvent.ChannelDtmfReceived.class, decoder.decode(
                "{\"type\":\"ChannelDtmfReceived\",\"digit\":\"#\",\"duration_ms\":120,\"channel\":{\"id\":\"a\"}}"));
        assertEquals("#", t.digit());
        assertEquals(120, t.durationMs());
    }

    @Test
    void listedButUnusedTypesAreIgnoredAndUnlistedOnesUnknown() throws Exception {
        assertEquals(new AriEvent.Ignored("ChannelVarset"), decoder.decode("{\"type\":\"ChannelVarset\"}"));
        assertEquals(new AriEvent.Unknown("ChannelTeleported"), decoder.decode("{\"type\":\"ChannelTeleported\"}"));
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertTrue(assertThrows(AriEventDecoder.MalformedEventException.class, () -> decoder.decode("{oops"))
                .getMessage().startsWith("not JSON"));
        assertEquals("not a JSON object", assertThrows(AriEventDecoder.MalformedEventException.class,
                () -> decoder.decode("[1]")).getMessage());
        assertEquals("no \"type\"", assertThrows(AriEventDecoder.MalformedEventException.class,
                () -> decoder.decode("{\"channel\":{}}")).getMessage());
        assertTrue(assertThrows(AriEventDecoder.MalformedEventException.class,
                () -> decoder.decode("{\"type\":\"StasisStart\"}")).getMessage().startsWith("StasisStart: "),
                "a StasisStart without its channel");
    }
}
