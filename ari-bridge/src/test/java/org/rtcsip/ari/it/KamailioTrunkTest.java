package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcsip.ari.ari.Channel;
import org.rtcsip.testbed.asterisk.AsteriskProcess;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.repo.Repository;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Deployment (a), Asterisk's side: Kamailio in front sends Asterisk plain PCMU calls from 127.0.0.1:5060. A sipp
 * UAC on that address plays Kamailio's part (conf-samples/sipp/uac-pcmu-rtp.xml, the 440 Hz tone) to
 * {@code echo} of [from-kamailio]: Asterisk must take it as endpoint "kamailio" (identify by source port, not the
 * trunk's 5090) and echo PCMU back. The whole chain with a real Kamailio and a browser is the testbed's.
 */
class KamailioTrunkTest {
    private static AsteriskProcess asterisk;
    private static AriTestApp app;

    @BeforeAll
    static void start() throws Exception {
        asterisk = AsteriskProcess.start(Network.host());
        app = new AriTestApp(asterisk, "kamailio-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @Test
    void aPcmuCallFromKamailiosAddressIsTheKamailioEndpointAndIsEchoed() throws Exception {
        Path dir = Files.createTempDirectory("sipp-kamailio");
        Path sippDir = Repository.root().resolve("conf-samples/sipp");
        Files.copy(sippDir.resolve("tone-440hz-1s.pcmu"), dir.resolve("tone-440hz-1s.pcmu"));
        Process sipp = new ProcessBuilder("sipp", "-sf", sippDir.resolve("uac-pcmu-rtp.xml").toString(),
                "127.0.0.1:5080", "-i", "127.0.0.1", "-p", "5060", "-key", "callee", "sip:echo@127.0.0.1:5080",
                "-mi", "127.0.0.1", "-mp", "16000", "-d", "3000", "-m", "1", "-l", "1", "-nostdin",
                "-timeout", "20s", "-timeout_error")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        try {
            Channel kamailio = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (kamailio == null && System.nanoTime() < deadline) {
                List<Channel> up = app.ari.channels().stream().filter(c -> c.isUp()).toList();
                kamailio = up.stream().filter(c -> c.name().startsWith("PJSIP/")).findFirst().orElse(null);
                Thread.sleep(50);
            }
            assertTrue(kamailio != null, "no answered PJSIP channel: " + Files.readString(dir.resolve("sipp.out")));
            assertTrue(kamailio.name().startsWith("PJSIP/kamailio-"), "identified as Kamailio: " + kamailio.name());
            Thread.sleep(1500);
            JsonNode stats = app.ari.rtpStatistics(kamailio.id());
            long rx = stats.get("rxcount").asLong();
            long tx = stats.get("txcount").asLong();
            assertTrue(rx > 50 && tx > 50, "PCMU both ways (Echo): rx " + rx + ", tx " + tx);
        } finally {
            assertTrue(sipp.waitFor(20, TimeUnit.SECONDS), "sipp ends its call after 3 s");
        }
        assertEquals(0, sipp.exitValue(), "sipp's call succeeded: " + Files.readString(dir.resolve("sipp.out")));
    }
}
