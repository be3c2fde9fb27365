package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A call's SSRC section merges what the sender's stream measured and what the receiver reported. */
class SsrcStatisticsTest {
    private static final int SENDER_SSRC = 0x22222222;

    private static byte[] rtp(int seq) {
        return ByteBuffer.allocate(32).put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160)
                .putInt(SENDER_SSRC).array();
    }

    private static byte[] receiverReportAboutSender() {
        return ByteBuffer.allocate(32).put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(0x11111111)
                .putInt(SENDER_SSRC).putInt((12 << 24) | 5).putInt(77).putInt(33).putInt(0).putInt(0).array();
    }

    @SuppressWarnings("unchecked")
    private static void assertBoth(Map<String, Object> bySsrc) {
        Map<String, Object> e = (Map<String, Object>) bySsrc.get(Long.toString(SENDER_SSRC));
        // RFC 3550 §A.1: of the three packets the first is on probation, counting starts with the second
        assertEquals(2L, e.get("packets"), "measured on the sender's stream: " + e);
        assertEquals(Map.of("fraction lost", 12L, "cumulative loss", 5L, "highest seq", 77L, "jitter", 33L),
                e.get("reported by peer"), "reported by the other party: " + e);
    }

    @Test
    void theReportAndTheMeasurementLandInOneEntryWhicheverStreamIsListedFirst() {
        SsrcStatistics senderStream = new SsrcStatistics();
        for (int seq = 1; seq <= 3; seq++) {
            byte[] p = rtp(seq);
            senderStream.onRtp(p, 0, p.length, seq * 20_000_000L, 8000);
        }
        SsrcStatistics reporterStream = new SsrcStatistics();
        byte[] rr = receiverReportAboutSender();
        reporterStream.onRtcp(rr, 0, rr.length, 0L);

        Map<String, Object> reporterFirst = new LinkedHashMap<>();
        reporterStream.addTo(reporterFirst);
        senderStream.addTo(reporterFirst);
        assertBoth(reporterFirst);

        Map<String, Object> senderFirst = new LinkedHashMap<>();
        senderStream.addTo(senderFirst);
        reporterStream.addTo(senderFirst);
        assertBoth(senderFirst);
    }
}
