package org.rtcsip.bench.webrtc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.rtcsip.sidecar.Sidecar;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.testbed.ports.FreePorts;

/** media-sidecar started inside the test JVM on loopback: free ng and HTTP ports, media ports above 61000. */
final class InProcessSidecar implements AutoCloseable {
    final Sidecar sidecar;
    final InetSocketAddress ng;

    InProcessSidecar() throws Exception {
        int ngPort = FreePorts.udp();
        int httpPort = FreePorts.tcp();
        // Above Linux's ephemeral range (32768-60999), where the generator's own sockets land. 2000 ports: a
        // released port rests 2 s before reuse, so call churn needs many (4 a call).
        int min = 61000 + 2 * (int) (Math.random() * 1000);
        sidecar = new Sidecar(SidecarConfig.load(new String[] {"--interface=127.0.0.1",
            "--listen-ng=127.0.0.1:" + ngPort, "--listen-http=127.0.0.1:" + httpPort, "--port-min=" + min,
            "--port-max=" + (min + 1999), "--num-threads=2", "--log-level=4"})).start();
        ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    @Override
    public void close() {
        sidecar.close();
    }
}
