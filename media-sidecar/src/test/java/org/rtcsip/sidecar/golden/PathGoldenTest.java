package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.sidecar.golden.Parties.ALICE;
import static org.rtcsip.sidecar.golden.Parties.ALICE_SRTP;
import static org.rtcsip.sidecar.golden.Parties.BOB;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP;
import static org.rtcsip.sidecar.golden.Parties.BROWSER_TO_SIP_TRANSCODED;
import static org.rtcsip.sidecar.golden.Parties.CALL_ID;
import static org.rtcsip.sidecar.golden.Parties.CHROMIUM;
import static org.rtcsip.sidecar.golden.Parties.SHIPPED;
import static org.rtcsip.sidecar.golden.Parties.SIP_TO_BROWSER;
import static org.rtcsip.sidecar.golden.Parties.TRUNK;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.KamailioRequest;

/**
 * Each direction's packet path, built once at commit, as {@code query} prints it: which gate, SRTP or not, relay or
 * transcode, where RTCP ends. A path reads from the party that sends to the socket that sends it on.
 */
class PathGoldenTest {
    private final VirtualSidecar sc = new VirtualSidecar("203.0.113.1");

    private static final String PLAIN_IN = "source-gate > rtp-check > confirm > stats";
    private static final String PLAIN_RTCP_IN = "source-gate > rtcp-check > confirm > stats";

    /** The RTP and RTCP paths of {@code tag}'s first media section. */
    @SuppressWarnings("unchecked")
    private List<String> paths(String tag) {
        Map<String, Object> reply = sc.request(KamailioRequest.query(CALL_ID, tag));
        assertEquals("ok", reply.get("result"), reply.toString());
        Map<String, Object> tags = (Map<String, Object>) reply.get("tags");
        Map<String, Object> leg = (Map<String, Object>) tags.get(tag);
        Map<String, Object> media = (Map<String, Object>) ((List<Object>) leg.get("medias")).get(0);
        Map<String, Object> paths = (Map<String, Object>) media.get("paths");
        return List.of((String) paths.get("RTP"), (String) paths.get("RTCP"));
    }

    private void call(String offerFlags, String offer, String answerFlags, String answer, String from, String to) {
        assertEquals("ok", sc.request(KamailioRequest.offer(CALL_ID, from).sdp(offer).flags(offerFlags)).get("result"));
        assertEquals("ok", sc.request(KamailioRequest.answer(CALL_ID, from, to).sdp(answer).flags(answerFlags))
                .get("result"));
    }

    @Test
    void aPlainCallRelaysEachWayWithStrictSourceAndNothingElse() {
        call(SHIPPED, ALICE, SHIPPED, BOB, "alice", "bob");
        assertEquals(List.of(PLAIN_IN + " > send", PLAIN_RTCP_IN + " > send"), paths("alice"));
        assertEquals(List.of(PLAIN_IN + " > send", PLAIN_RTCP_IN + " > send"), paths("bob"));
    }

    @Test
    void anSdesPartyIsDecryptedBeforeItsSourceIsConfirmedAndEncryptedToWithOurOwnNumbering() {
        call(SHIPPED + " RTP/AVP", ALICE_SRTP, SHIPPED, BOB, "alice", "bob");
        assertEquals(List.of("source-gate(srtp) > rtp-check > srtp-decrypt > confirm(follow) > stats > send",
                "source-gate(srtp) > srtcp-decrypt > rtcp-check > confirm(follow) > stats > send"), paths("alice"));
        assertEquals(List.of(PLAIN_IN + " > renumber > srtp-encrypt > send",
                PLAIN_RTCP_IN + " > srtcp-encrypt > send"), paths("bob"));
    }

    @Test
    void aBrowserLegTowardAPcmuTrunkIsTranscodedAndItsRtcpTerminated() {
        call(BROWSER_TO_SIP_TRANSCODED, CHROMIUM, SIP_TO_BROWSER, TRUNK, "browser", "trunk");
        assertEquals(List.of("ice-gate > rtp-check > srtp-decrypt > stats > transcode(opus/48000/2 -> PCMU/8000) > send",
                "ice-gate > srtcp-decrypt > rtcp-check > stats > rtcp-terminate"), paths("browser"));
        assertEquals(List.of(PLAIN_IN + " > transcode(PCMU/8000 -> opus/48000/2) > renumber > srtp-encrypt > send",
                PLAIN_RTCP_IN + " > rtcp-terminate"), paths("trunk"));
    }

    @Test
    void aBrowserThatSpeaksPcmuIsRelayedThroughDtlsSrtp() {
        call(BROWSER_TO_SIP, CHROMIUM, SIP_TO_BROWSER, TRUNK, "browser", "trunk");
        assertEquals(List.of("ice-gate > rtp-check > srtp-decrypt > stats > send",
                "ice-gate > srtcp-decrypt > rtcp-check > stats > send"), paths("browser"));
        assertEquals(List.of(PLAIN_IN + " > renumber > srtp-encrypt > send",
                PLAIN_RTCP_IN + " > srtcp-encrypt > send"), paths("trunk"));
    }

    @Test
    void beforeTheAnswerTheOffererIsRelayedTowardACalleeWithoutAnAddressYet() {
        assertEquals("ok", sc.request(KamailioRequest.offer(CALL_ID, "alice").sdp(ALICE).flags(SHIPPED)).get("result"));
        assertEquals(List.of(PLAIN_IN + " > send", PLAIN_RTCP_IN + " > send"), paths("alice"));
    }

    @Test
    void aReInviteThatStartsTranscodingRebuildsTheChainAndKeepsTheCounters() {
        call(SHIPPED, ALICE, SHIPPED, BOB, "alice", "bob");
        assertEquals(PLAIN_IN + " > send", paths("alice").get(0));
        String opusBob = BOB.replace("m=audio 7000 RTP/AVP 0 101", "m=audio 7000 RTP/AVP 96 101")
                .replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:96 opus/48000/2");
        call(SHIPPED + " codec-transcode-opus", ALICE, SHIPPED, opusBob, "alice", "bob");
        assertEquals(PLAIN_IN + " > transcode(PCMU/8000 -> opus/48000/2) > send", paths("alice").get(0));
    }
}
