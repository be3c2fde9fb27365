package org.rtcsip.kamailio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.sidecar.SidecarSession;

/**
 * What {@code sidecarctl sessions show} says about a call's audio, on the captured /sessions document
 * (alice sent five packets at 1795523147, bob none), at chosen moments.
 */
class SessionsOneWayNotesTest {

    private static ObjectNode capture() throws IOException {
        try (InputStream in = SessionsOneWayNotesTest.class.getResourceAsStream("/captures/media-sidecar-sessions.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in).get(0);
        }
    }

    @Test
    void aPartyThatNeverSentWhileTheOtherDidIsOneWayAudio() throws IOException {
        assertEquals(List.of("note: one-way audio: no RTP from party bob-tag (127.0.0.1:51576) on 127.0.0.1:61442 since "
                + "the call began; the other party's RTP arrives"),
                SessionsCommand.oneWayNotes(SidecarSession.from(capture()), 1795523149L));
    }

    @Test
    void silenceFromEveryoneIsSaidWithItsLength() throws IOException {
        List<String> notes = SessionsCommand.oneWayNotes(SidecarSession.from(capture()), 1795523177L);
        assertEquals("note: no RTP from any party for 30 s (call on hold, a party gone, or media blocked both ways)",
                notes.get(notes.size() - 1));
    }

    @Test
    void aPartyThatStoppedWhileTheOtherSendsIsOneWayAudioForThatLong() throws IOException {
        ObjectNode call = capture();
        ObjectNode bob = (ObjectNode) call.at("/tags/bob-tag/medias/0/streams/0");
        ((ObjectNode) bob.get("stats")).put("packets", 40);
        bob.put("last packet", 1795523180L);
        assertEquals(List.of("note: one-way audio: no RTP from party alice-tag (127.0.0.1:35162) on 127.0.0.1:61440 for "
                + "34 s while the other party still sends"),
                SessionsCommand.oneWayNotes(SidecarSession.from(call), 1795523181L));
    }

    @Test
    void bothPartiesSendingIsNoNote() throws IOException {
        ObjectNode call = capture();
        JsonNode bob = call.at("/tags/bob-tag/medias/0/streams/0");
        ((ObjectNode) bob.get("stats")).put("packets", 40);
        ((ObjectNode) bob).put("last packet", 1795523147L);
        assertEquals(List.of(), SessionsCommand.oneWayNotes(SidecarSession.from(call), 1795523150L));
    }

    @Test
    void noPacketAtAllIsSaidOnce() throws IOException {
        ObjectNode call = capture();
        ((ObjectNode) call.at("/tags/alice-tag/medias/0/streams/0/stats")).put("packets", 0);
        assertEquals(List.of("note: no RTP from any party yet (media not started, or blocked before the sidecar)"),
                SessionsCommand.oneWayNotes(SidecarSession.from(call), 1795523150L));
    }
}
