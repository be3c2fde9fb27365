package org.rtcsip.testbed.ng;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;

/**
 * The readiness check of an ng server: it answers an ng ping with pong, asked exactly as Kamailio asks, from inside
 * the network it runs in. Kamailio must start after that: it disables an ng server that misses its start-up ping
 * for rtpengine_disable_tout seconds.
 */
public final class NgPing {

    private NgPing() {
    }

    /** Pings 127.0.0.1:{@code ngPort} in {@code network} until pong; fails with the log tail if it dies or is late. */
    public static void awaitPong(Network network, int ngPort, LoggedProcess server, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            if (!server.isAlive()) {
                fail(server.describe() + " exited during startup\n" + server.logTail(30));
            }
            String cookie = "ready_" + attempt;
            // cookie, space, bencode {command: ping}
            String reply = network.udpExchange(ngPort, cookie + " d7:command4:pinge", Duration.ofMillis(300));
            if (reply.contains(cookie + " d6:result4:ponge")) {
                return;
            }
            Poll.pause(100);
        }
        server.stop(Duration.ofSeconds(10));
        fail(server.describe() + " did not answer ng ping on 127.0.0.1:" + ngPort + " (" + network.describe()
                + ") within " + timeout.toSeconds() + " s\n" + server.logTail(30));
    }
}
