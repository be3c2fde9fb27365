package org.rtcsip.testbed.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.rtpengine.RtpengineProcess;

/**
 * Where a peer runs is a parameter: the same launcher and the same probes on the host's loopback and in a private
 * loopback-only namespace (which needs root), with the namespace really apart from the host.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkTest {

    @Test
    void namespaceSeesOnlyItsOwnLoopback() throws Exception {
        try (LoopbackNamespace namespace = LoopbackNamespace.create();
                DatagramSocket outside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String links = namespace.links();
            assertEquals(1, links.strip().lines().count(), links);
            assertTrue(links.contains("lo:") && links.contains("UP"), links);
            // the host's sockets are not in there: the port this JVM holds is free inside
            assertTrue(Network.host().udpBound(outside.getLocalPort()));
            assertFalse(namespace.udpBound(outside.getLocalPort()));
        }
    }

    @Test
    void oneRtpengineLauncherServesTheHostAndANamespace() {
        try (LoopbackNamespace namespace = LoopbackNamespace.create();
                RtpengineProcess onHost = RtpengineProcess.start(Network.host());
                RtpengineProcess inside = RtpengineProcess.start(namespace, 7)) {
            // start() returned: each answered an ng ping with pong from inside its own network
            int hostPort = onHost.ports().ng();
            int insidePort = inside.ports().ng();
            assertTrue(Network.host().udpBound(hostPort));
            assertTrue(namespace.udpBound(insidePort));
            assertFalse(Network.host().udpBound(insidePort), "rtpengine in the namespace holds no host port");
            assertFalse(namespace.udpBound(hostPort));
            assertTrue(inside.logText().contains("DEBUG") || inside.logText().contains("debug"),
                    "log level 7 is debug:\n" + inside.logText());
        }
    }

    @Test
    void probesOfAClosedPortSayNothingIsThere() {
        int port = FreePorts.tcp();
        try (LoopbackNamespace namespace = LoopbackNamespace.create()) {
            for (Network network : new Network[] {Network.host(), namespace}) {
                assertFalse(network.tcpListening(port), network.describe());
                assertEquals("", network.udpExchange(port, "hello", Duration.ofMillis(200)), network.describe());
                Network.HttpReply reply = network.http("GET", port, "/health", null, Duration.ofSeconds(2));
                assertEquals(-1, reply.statusCode(), network.describe() + ": " + reply.body());
            }
        }
    }
}
