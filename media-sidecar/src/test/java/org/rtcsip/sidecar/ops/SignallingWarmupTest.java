package org.rtcsip.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.testing.LogCapture;
import org.rtcsip.sidecar.testing.PlainCall;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * The start-up signalling warm-up: its synthetic calls run through the real ng commands and leave nothing behind
 * that an operator sees (no session, no port, no ng counter) nor anything a real call would trip on.
 */
class SignallingWarmupTest {
    private static final Pattern DONE = Pattern.compile("signalling warm-up: (\\d+) calls \\(offer, answer, delete\\)"
            + " on 127\\.0\\.0\\.2 in \\d+ ms$");
    private final Logger logger = Logger.getLogger(StartupWarmup.class.getName());
    private final LogCapture log = new LogCapture();

    @BeforeEach
    void listen() {
        logger.addHandler(log);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(log);
    }

    @Test
    void syntheticCallsRunOnALoopbackAddressOfTheirOwnAndLeaveNoTrace() throws Exception {
        try (TestSidecar sc = new TestSidecar("--codec-warmup=2")) {
            awaitWarm(sc);
            String line = log.messages().stream().filter(l -> l.startsWith("signalling warm-up")).findFirst().orElseThrow();
            Matcher m = DONE.matcher(line);
            assertTrue(m.find(), line + " (every synthetic call answered ok, nothing left over)");
            // 2 s of calls, each offer + answer + delete well under 10 ms even on a busy host
            assertTrue(Integer.parseInt(m.group(1)) >= 50, line);

            assertEquals(0, sc.metric("sidecar_sessions"));
            assertEquals(0, sc.metric("sidecar_ports_in_use"));
            for (String sample : sc.http("/metrics").split("\n")) {
                if (sample.startsWith("sidecar_ng_requests") || sample.startsWith("sidecar_internal_errors")
                        || sample.startsWith("sidecar_transcoded_frames") || sample.startsWith("sidecar_ports_exhausted")) {
                    assertTrue(sample.endsWith(" 0.0") || sample.endsWith(" 0"), sample);
                }
            }
            assertEquals("[]", sc.http("/sessions").replaceAll("\\s", ""));

            try (PlainCall call = PlainCall.start(sc.ngClient(), "after-warmup")) {
                assertEquals(5, call.aliceToBob(5));
                assertEquals(5, call.bobToAlice(5));
            }
        }
    }

    @Test
    void aFullIceSidecarAnswersEverySyntheticCallToo() throws Exception {
        try (TestSidecar sc = new TestSidecar("--ice=full", "--codec-warmup=1")) {
            awaitWarm(sc);
            String line = log.messages().stream().filter(l -> l.startsWith("signalling warm-up")).findFirst()
                    .orElseThrow();
            assertTrue(DONE.matcher(line).find(), line);
            assertEquals(0, sc.metric("sidecar_ports_in_use"));
        }
    }

    @Test
    void skippedWhenAMediaInterfaceBindsTheWildcardAddress() throws Exception {
        try (TestSidecar sc = new TestSidecar("--interface=0.0.0.0!127.0.0.1", "--codec-warmup=1")) {
            awaitWarm(sc);
            String line = log.messages().stream().filter(l -> l.startsWith("signalling warm-up")).findFirst().orElseThrow();
            assertTrue(line.startsWith("signalling warm-up: skipped: a media interface binds the wildcard"), line);
            assertEquals(0, sc.metric("sidecar_ports_in_use"));
        }
    }

    private static void awaitWarm(TestSidecar sc) throws Exception {
        String health = sc.http("/health");
        for (int i = 0; i < 300 && !health.contains("\"codecs\":\"warm\""); i++) {
            Thread.sleep(100); // bounded: three parts of 2 s each, 30 s at most on a busy host
            health = sc.http("/health");
        }
        assertTrue(health.contains("\"codecs\":\"warm\""), health);
    }
}
