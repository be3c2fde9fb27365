package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may control the sidecar process (issue 12 item 3), tried from other source addresses in a private network
 * namespace: 10.99.0.1/24 is the sidecar's control network, 10.98.0.1/24 stands for anywhere else.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlPlaneAccessTest {
    private static final String PING = "d7:command4:pinge";
    private static final String PONG = " d6:result4:ponge";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void ngRequestsFromOutsideTheControlSubnetAreDroppedUnansweredAndCounted() {
        try (NamespacedSidecar sidecar = NamespacedSidecar.namespace("10.99.0.1/24", "10.98.0.1/24").start(
                "--interface=127.0.0.1", "--listen-ng=10.99.0.1:" + NamespacedSidecar.NG_PORT,
                "--listen-http=127.0.0.1:" + NamespacedSidecar.HTTP_PORT)) {
            assertEquals(NamespaceProbe.NO_REPLY, sidecar.ng("10.98.0.1", "10.99.0.1", "stranger", PING));
            assertEquals("neighbour" + PONG, sidecar.ng("10.99.0.1", "10.99.0.1", "neighbour", PING), "same subnet");
            assertEquals("local" + PONG, sidecar.ng("127.0.0.1", "10.99.0.1", "local", PING), "loopback");
            assertTrue(metrics(sidecar).contains("sidecar_ng_refused_total 1.0"), metrics(sidecar));
            assertTrue(sidecar.logText().contains("ng requests taken from [127.0.0.0/8, 0:0:0:0:0:0:0:1/128,"
                    + " 10.99.0.0/24] (ng-allow)"), sidecar.logTail(20));
            assertTrue(sidecar.logText().contains("ng request from /10.98.0.1:"), sidecar.logTail(20));
        }
    }

    @Test
    void namedBlocksAreTheOnlySourcesWithoutAuto() {
        try (NamespacedSidecar sidecar = NamespacedSidecar.namespace("10.99.0.1/24", "10.98.0.1/24").start(
                "--interface=127.0.0.1", "--listen-ng=0.0.0.0:" + NamespacedSidecar.NG_PORT,
                "--listen-http=127.0.0.1:" + NamespacedSidecar.HTTP_PORT, "--ng-allow=10.98.0.0/24")) {
            assertEquals("far" + PONG, sidecar.ng("10.98.0.1", "10.99.0.1", "far", PING));
            assertEquals(NamespaceProbe.NO_REPLY, sidecar.ng("10.99.0.1", "10.99.0.1", "near", PING));
            assertEquals(NamespaceProbe.NO_REPLY, sidecar.ng("127.0.0.1", "127.0.0.1", "local", PING));
            assertTrue(metrics(sidecar).contains("sidecar_ng_refused_total 2.0"), metrics(sidecar));
        }
    }

    @Test
    void postDrainFromOutsideLoopbackNeedsTheToken() throws Exception {
        Path tokenFile = Files.createTempFile("ops-token-", "");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (NamespacedSidecar sidecar = NamespacedSidecar.namespace("10.99.0.1/24").start("--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + NamespacedSidecar.NG_PORT,
                "--listen-http=0.0.0.0:" + NamespacedSidecar.HTTP_PORT, "--ops-token-file=" + tokenFile)) {
            NamespacedSidecar.HttpAnswer none = drain(sidecar, "10.99.0.1");
            assertEquals(401, none.status(), none.body());
            NamespacedSidecar.HttpAnswer wrong = drain(sidecar, "10.99.0.1", "Authorization: Bearer " + TOKEN + "0");
            assertEquals(401, wrong.status(), wrong.body());
            assertEquals(200, sidecar.http("10.99.0.1", "10.99.0.1", "GET", "/health").status(), "still serving");

            NamespacedSidecar.HttpAnswer right = drain(sidecar, "10.99.0.1", "Authorization: Bearer " + TOKEN);
            assertEquals(202, right.status(), right.body());
            assertTrue(sidecar.logText().contains("draining (POST /drain from 10.99.0.1)"), sidecar.logTail(20));
            assertTrue(sidecar.logText().contains("refused POST /drain from /10.99.0.1:"), sidecar.logTail(20));
        } finally {
            Files.deleteIfExists(tokenFile);
        }
    }

    @Test
    void withoutATokenPostDrainIsTakenFromLoopbackOnly() {
        try (NamespacedSidecar sidecar = NamespacedSidecar.namespace("10.99.0.1/24").start("--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + NamespacedSidecar.NG_PORT,
                "--listen-http=0.0.0.0:" + NamespacedSidecar.HTTP_PORT)) {
            NamespacedSidecar.HttpAnswer outside = drain(sidecar, "10.99.0.1", "Authorization: Bearer " + TOKEN);
            assertEquals(403, outside.status(), outside.body());
            NamespacedSidecar.HttpAnswer local = drain(sidecar, "127.0.0.1");
            assertEquals(202, local.status(), local.body());
        }
    }

    private static NamespacedSidecar.HttpAnswer drain(NamespacedSidecar sidecar, String from, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: application/json";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return sidecar.http(from, from.equals("127.0.0.1") ? "127.0.0.1" : "10.99.0.1", "POST", "/drain", all);
    }

    private static String metrics(NamespacedSidecar sidecar) {
        return sidecar.http("127.0.0.1", "127.0.0.1", "GET", "/metrics").body();
    }
}
