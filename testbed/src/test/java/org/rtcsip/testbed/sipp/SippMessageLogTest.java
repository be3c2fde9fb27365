package org.rtcsip.testbed.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcsip.testbed.sdp.AudioEndpoint;

class SippMessageLogTest {

    /** Shape of sipp 3.6.1 -trace_msg output (UAC side of one call, trimmed). */
    private static final String UAC_LOG = """
            ----------------------------------------------- 2026-11-24 10:54:35.581622
            UDP message sent (490 bytes):

            INVITE sip:service@127.0.0.1:25060 SIP/2.0
            Content-Type: application/sdp
            Content-Length:   159

            v=0
            o=uac 53655765 2353687637 IN IP4 127.0.0.1
            m=audio 27000 RTP/AVP 0

            ----------------------------------------------- 2026-11-24 10:54:35.582508
            UDP message received [314] bytes :

            SIP/2.0 180 Ringing
            Content-Length: 0


            ----------------------------------------------- 2026-11-24 10:54:35.583512
            UDP message received [489] bytes :

            SIP/2.0 200 OK
            Contact: <sip:uas@127.0.0.1:25060;transport=UDP>
            Content-Type: application/sdp
            Content-Length:   159

            v=0
            o=uas 53655765 2353687637 IN IP4 127.0.0.1
            c=IN IP4 127.0.0.1
            m=audio 30004 RTP/AVP 0

            ----------------------------------------------- 2026-11-24 10:54:37.5
            UDP message received [300] bytes :

            SIP/2.0 200 OK
            CSeq: 2 BYE
            Content-Length: 0

            """;

    @Test
    void returnsOnlyTheSdpOfReceivedMessages() {
        List<String> sdps = SippMessageLog.receivedSdps(UAC_LOG);
        assertEquals(1, sdps.size());
        assertEquals("v=0\no=uas 53655765 2353687637 IN IP4 127.0.0.1\nc=IN IP4 127.0.0.1\nm=audio 30004 RTP/AVP 0",
                sdps.get(0));
        assertEquals(new AudioEndpoint("127.0.0.1", 30004, "RTP/AVP"), AudioEndpoint.of(sdps.get(0)));
    }

    @Test
    void findsNothingInAnEmptyLog() {
        assertEquals(List.of(), SippMessageLog.receivedSdps(""));
    }
}
