package org.rtcsip.testbed.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;

/** The Asterisk launcher: a real Asterisk 22 on the shipped conf-samples/asterisk, ARI answering, restarted, gone. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AsteriskProcessTest {

    @Test
    void startsTheShippedConfigInANamespaceAnswersAriAndTheCliRestartsThenStops() {
        // in a namespace of its own: the shipped config's fixed ports (ARI 8088, SIP 5080) collide with nothing
        try (LoopbackNamespace namespace = LoopbackNamespace.create()) {
            int port;
            try (AsteriskProcess asterisk = AsteriskProcess.start(namespace)) {
                port = asterisk.httpPort();
                assertEquals(8088, port, "conf-samples/asterisk/http.conf binds 8088");
                assertEquals("ari-bridge", asterisk.ariUser());
                Network.HttpReply info = asterisk.ari("GET", "/asterisk/info", null);
                assertEquals(200, info.statusCode(), info.body() + "\n" + asterisk.logTail(20));
                assertTrue(info.body().contains("\"system\""), info.body());
                String version = asterisk.cli("core show version");
                assertTrue(version.lines().anyMatch(line -> line.startsWith("Asterisk 22.")), version);
                assertTrue(asterisk.cli("module show like chan_websocket").contains("chan_websocket.so"),
                        "ExternalMedia over WebSocket needs chan_websocket");
                assertTrue(namespace.tcpListening(port));

                asterisk.restart();
                assertEquals(200, asterisk.ari("GET", "/asterisk/info", null).statusCode(), "ARI after a restart");
            }
            assertFalse(namespace.tcpListening(port), "stop waits until the port is free");
        }
    }

    @Test
    void aSecondAsteriskOnTheSamePortsFailsLoudly() {
        try (LoopbackNamespace namespace = LoopbackNamespace.create();
                AsteriskProcess first = AsteriskProcess.start(namespace)) {
            AssertionError second = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> AsteriskProcess.start(namespace).close());
            assertTrue(second.getMessage().contains("127.0.0.1:8088 already answers"), second.getMessage());
            assertTrue(first.isAlive());
        }
    }
}
