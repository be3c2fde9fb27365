package org.rtcsip.testbed.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioEndpointTest {

    @Test
    void mediaLevelConnectionOverridesTheSessionLevelOne() {
        String sdp = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 127.0.0.1\r\n"
                + "m=audio 5000 RTP/AVP 8\r\n";
        assertEquals(new AudioEndpoint("127.0.0.1", 4000, "RTP/AVP"), AudioEndpoint.of(sdp));
    }

    @Test
    void skipsVideoBeforeAudio() {
        String sdp = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=video 6000 RTP/AVP 96\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 111\r\n";
        assertEquals(new AudioEndpoint("127.0.0.1", 4000, "UDP/TLS/RTP/SAVPF"), AudioEndpoint.of(sdp));
    }

    @Test
    void rejectsSdpWithoutAudioOrAddressNamingTheReason() {
        assertEquals("SDP: no m=audio line in\nv=0",
                assertThrows(IllegalArgumentException.class, () -> AudioEndpoint.of("v=0")).getMessage());
        assertEquals("SDP: no c= line for the audio stream in\nv=0\nm=audio 4000 RTP/AVP 0",
                assertThrows(IllegalArgumentException.class,
                        () -> AudioEndpoint.of("v=0\nm=audio 4000 RTP/AVP 0")).getMessage());
        assertEquals("SDP: malformed connection line 'c=IN'",
                assertThrows(IllegalArgumentException.class,
                        () -> AudioEndpoint.of("c=IN\nm=audio 4000 RTP/AVP 0")).getMessage());
    }
}
