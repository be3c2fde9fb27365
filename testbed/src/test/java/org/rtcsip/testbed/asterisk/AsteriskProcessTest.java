package org.rtcsip.testbed.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.repo.Repository;

/** The Asterisk launcher on the shared run.sh: a real Asterisk 22 up with ARI answering, then gone. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AsteriskProcessTest {

    @Test
    void startsTheSampleConfigInANamespaceAnswersAriAndTheCliThenStops() {
        // in a namespace of its own: the sample config's fixed ports (ARI 8088, SIP 5080) collide with nothing
        try (LoopbackNamespace namespace = LoopbackNamespace.create()) {
            int port;
            try (AsteriskProcess asterisk = AsteriskProcess.start(namespace, null)) {
                port = asterisk.httpPort();
                Network.HttpReply info = asterisk.ari("GET", "/asterisk/info", null);
                assertEquals(200, info.statusCode(), info.body() + "\n" + asterisk.logTail(20));
                assertTrue(info.body().contains("\"system\""), info.body());
                String version = asterisk.cli("core show version");
                assertTrue(version.lines().anyMatch(line -> line.startsWith("Asterisk 22.")), version);
                assertTrue(namespace.tcpListening(port));
            }
            assertFalse(namespace.tcpListening(port), "run.sh stop waits until the port is free");
        }
    }

    @Test
    void aMissingRunScriptFailsLoudlyNamingWhereItLooked() {
        String before = System.getProperty(AsteriskProcess.SCRIPT_PROPERTY);
        System.setProperty(AsteriskProcess.SCRIPT_PROPERTY, "/nonexistent/run.sh");
        try {
            AssertionFailedError missing = assertThrows(AssertionFailedError.class, AsteriskProcess::runScript);
            assertTrue(missing.getMessage().startsWith("Asterisk's run.sh not found at /nonexistent/run.sh (from "
                    + "system property asterisk.run.script): set -Dasterisk.run.script=<path> or ASTERISK_RUN_SCRIPT"),
                    missing.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(AsteriskProcess.SCRIPT_PROPERTY);
            } else {
                System.setProperty(AsteriskProcess.SCRIPT_PROPERTY, before);
            }
        }
    }

    @Test
    void runScriptIsTheNamedOneElseTheSharedFolderNextToTheRepository() {
        String named = System.getProperty(AsteriskProcess.SCRIPT_PROPERTY,
                System.getenv(AsteriskProcess.SCRIPT_VARIABLE));
        Path expected = named != null ? Paths.get(named).toAbsolutePath().normalize()
                : Repository.root().resolve("../shared/asterisk/run.sh").normalize();
        assertEquals(expected, AsteriskProcess.runScript());
    }
}
