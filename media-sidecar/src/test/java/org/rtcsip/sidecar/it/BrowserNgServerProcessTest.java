package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The browser test bed's plumbing: the loopback-only namespace, and media-sidecar started inside it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserNgServerProcessTest {

    @Test
    void namespaceSeesOnlyItsOwnLoopback() throws Exception {
        try (BrowserNetworkNamespace namespace = BrowserNetworkNamespace.create();
                DatagramSocket outside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String links = namespace.run(List.of(BrowserPeers.ip().toString(), "-o", "link", "show"),
                    Duration.ofSeconds(5)).text();
            assertEquals(1, links.strip().lines().count(), links);
            assertTrue(links.contains("lo:") && links.contains("UP"), links);
            // the host's sockets are not in there: the port this JVM holds is free inside
            assertFalse(namespace.udpBound(outside.getLocalPort()));
        }
    }

    @Test
    void sidecarJvmInsideTheNamespaceAnswersNgPingAndServesMetrics() {
        try (BrowserNetworkNamespace namespace = BrowserNetworkNamespace.create();
                BrowserNgServerProcess sidecar = BrowserNgServerProcess.sidecar(namespace)) {
            // start() returned: it answered ng ping with pong from inside the namespace
            String metrics = namespace.run(List.of("/bin/bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3 && timeout 5 cat <&3",
                    "http-probe", Integer.toString(sidecar.httpPort())), Duration.ofSeconds(10)).text();
            assertTrue(metrics.contains("sidecar_sessions"), metrics + "\n" + sidecar.logText());
        }
    }
}
