package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.golden.GoldenSdp.assertMatches;
import static org.rtcsip.sidecar.golden.GoldenSdp.crlf;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The matcher the golden tests rely on must fail on every difference but the placeholders. */
class GoldenSdpTest {
    private static final String EXPECTED = """
            v=0
            m=audio {PORT} RTP/AVP 0
            a=rtcp:{PORT+1}
            a=crypto:1 {CRYPTO_80}
            """;

    @Test
    void acceptsPortsAndKeysWhereThePlaceholdersStand() {
        GoldenSdp.Match m = assertMatches(EXPECTED, crlf("""
                v=0
                m=audio 30000 RTP/AVP 0
                a=rtcp:30001
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
                """));
        assertEquals(30000, m.port(0));
        assertEquals("AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", m.crypto(0));
    }

    @Test
    void refusesAnRtcpPortThatIsNotRtpPlusOne() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, crlf("""
                v=0
                m=audio 30000 RTP/AVP 0
                a=rtcp:30003
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
                """)));
        assertTrue(e.getMessage().contains("SDP line 3: port 30003 should be 30001"), e.getMessage());
    }

    @Test
    void refusesAnyOtherDifferenceAnExtraLineAndBareLineFeeds() {
        String good = crlf("""
                v=0
                m=audio 30000 RTP/AVP 0
                a=rtcp:30001
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
                """);
        assertMatches(EXPECTED, good);
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good.replace("RTP/AVP", "RTP/SAVP")));
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good.replace("_80", "_32")));
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good.replace("crypto:1", "crypto:2")));
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good + "a=rtcp-mux\r\n"));
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good.replace("\r\n", "\n")));
        assertThrows(AssertionFailedError.class, () -> assertMatches(EXPECTED, good.replace("inline:P", "inline:")));
    }

    @Test
    void namedPortsMustAgreeWithinAndAcrossDocuments() {
        GoldenSdp.Match first = assertMatches("m=audio {PORT:a} RTP/AVP 0\na=rtcp:{PORT:a+1}\n",
                "m=audio 30000 RTP/AVP 0\r\na=rtcp:30001\r\n");
        assertEquals(30000, first.port("a"));
        assertMatches("m=audio {PORT:a} RTP/AVP 0\n", "m=audio 30000 RTP/AVP 0\r\n", first);
        assertThrows(AssertionFailedError.class,
                () -> assertMatches("m=audio {PORT:a} RTP/AVP 0\n", "m=audio 30002 RTP/AVP 0\r\n", first));
        assertThrows(AssertionFailedError.class,
                () -> assertMatches("m=audio {PORT:b} RTP/AVP 0\na=rtcp:{PORT:b}\n",
                        "m=audio 30000 RTP/AVP 0\r\na=rtcp:30001\r\n"));
    }
}
